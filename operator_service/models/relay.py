"""A backend's response body relayed to the listener's socket by the kernel, without passing through Python.

Relaying a song chunk by chunk through requests costs two copies into Python objects and several layers
of buffering per chunk, and that per-byte cost made the operator the most expensive hop of a stream.
With splice(2) the bytes move from the backend's socket through a pipe to the listener's socket inside
the kernel: the operator's worker only waits for the sockets to be ready.

``spliced_body`` applies when it can: a body of known length with no content coding, relayed by
gunicorn to a socket it hands over in the environ, on Linux. Anything else gets the ordinary relay.
"""
import os
import select
import time

from common.streaming import BYTES_PER_TURN

# Bytes moved per splice call: a pipe's default capacity. The pipe adds to what a stream holds in flight
# between media_service and the listener, which common/streaming.py keeps small.
PIPE_BYTES = 64 * 1024
# How long a socket may stay unready before the relay gives up on it (TCP_USER_TIMEOUT catches a
# listener who vanished; this bounds a backend that stopped sending).
STALL_SECONDS = 60
_SPLICE_FLAGS = getattr(os, "SPLICE_F_MOVE", 0) | getattr(os, "SPLICE_F_NONBLOCK", 0)


def can_splice(upstream, client_socket):
    """Whether ``upstream``'s body can be spliced to ``client_socket`` (gunicorn's socket for this request)."""
    if client_socket is None or not hasattr(os, "splice"):
        return False
    headers = upstream.headers
    if headers.get("Content-Encoding", "identity") != "identity" or "chunked" in headers.get("Transfer-Encoding", ""):
        return False
    length = headers.get("Content-Length", "")
    connection = getattr(upstream.raw, "connection", None)
    return length.isdigit() and getattr(connection, "sock", None) is not None


class SplicedBody:
    """A WSGI body: the bytes the HTTP client already buffered are yielded (so that gunicorn sends the
    headers with them); the rest goes from socket to socket, and ``on_sent(n)`` counts what left."""

    def __init__(self, upstream, client_socket, on_sent=None):
        self.upstream = upstream
        self.client_socket = client_socket
        self.remaining = int(upstream.headers["Content-Length"])
        self.on_sent = on_sent or (lambda sent: None)
        self.complete = False

    def __iter__(self):
        raw = self.upstream.raw
        if self.remaining:
            # What the client read past the headers, at most one read: after it, its buffer is empty.
            buffered = raw.read1(self.remaining, decode_content=False)
            if not buffered:
                raise ConnectionError("the backend closed the stream before its end")
            self.remaining -= len(buffered)
            yield buffered
        if self.remaining:
            self._splice(raw.connection.sock.fileno(), self.client_socket.fileno())
        self.complete = True

    def _splice(self, source, destination):
        pipe_out, pipe_in = os.pipe2(os.O_NONBLOCK | os.O_CLOEXEC)
        since_turn = 0
        try:
            while self.remaining:
                moved = _retrying(lambda: os.splice(source, pipe_in, min(self.remaining, PIPE_BYTES),
                                                    flags=_SPLICE_FLAGS), read=source)
                if moved == 0:
                    raise ConnectionError("the backend closed the stream before its end")
                self.remaining -= moved
                while moved:
                    sent = _retrying(lambda: os.splice(pipe_out, destination, moved, flags=_SPLICE_FLAGS),
                                     write=destination)
                    moved -= sent
                    since_turn += sent
                    self.on_sent(sent)
                # Sockets that are always ready never make the relay wait, so it never yields by itself:
                # the worker's other requests get their turn here (common/streaming.TakingTurns).
                if since_turn >= BYTES_PER_TURN:
                    since_turn = 0
                    time.sleep(0)
        finally:
            os.close(pipe_out)
            os.close(pipe_in)

    def close(self):
        """Give the backend connection back to the pool when its body was relayed whole, else close it."""
        raw = self.upstream.raw
        if self.complete:
            # The whole body went past the HTTP client: tell it the response is over (its own reader
            # holds nothing more), so that the connection can carry the next request.
            raw._fp.close()
            raw.release_conn()
        else:
            self.upstream.close()


def _retrying(operation, read=None, write=None):
    """``operation()``, waiting for the socket to be ready while it would block. poll, not select: a
    worker holds more than 1,024 descriptors; gevent's worker patches it into a cooperative wait."""
    while True:
        try:
            return operation()
        except BlockingIOError:
            poller = select.poll()
            poller.register(read if read is not None else write, select.POLLIN if read is not None else select.POLLOUT)
            if not poller.poll(STALL_SECONDS * 1000):
                raise TimeoutError("a relayed stream stalled") from None

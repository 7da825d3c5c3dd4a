"""Socket settings that the operator's relay and media_service's streams share.

Two things matter for many long streams on one worker:
- **How far ahead a stream runs.** Linux grows a socket's buffers to megabytes when the other side keeps
  up for a moment, so without a cap every open pushes most of the rest of the song into kernel buffers
  (measured: 0.8 MB per connection at 500 listeners), and a listener who seeks throws it away. Every
  byte of it was read from MongoDB. A fixed buffer holds a few seconds of audio per hop instead, while
  the browser still buffers as far ahead as it reads; 512 KiB in flight still carries about 5 MB/s on a
  100 ms path, far above any audio bitrate.
- **A listener who vanished.** One whose network drops without a FIN or RST acknowledges nothing more;
  without a limit the kernel retransmits for about 15 minutes and the stream (and, in the operator, its
  upstream connection) stays open all that time. A closed tab or a seek needs no timeout: the next
  write fails at once.
"""
import socket
import time

from flask import request

# The kernel doubles the value set, for its own bookkeeping: 256 KiB asked gives 512 KiB.
STREAM_SOCKET_BUFFER = 256 * 1024
STALLED_LISTENER_SECONDS = 30

# For an HTTP client connection that carries a stream (urllib3's ``socket_options``).
STREAM_CLIENT_SOCKET_OPTIONS = [
    (socket.IPPROTO_TCP, socket.TCP_NODELAY, 1),
    (socket.SOL_SOCKET, socket.SO_RCVBUF, STREAM_SOCKET_BUFFER),
]


def tune_stream_socket():
    """Cap how far this request's response may run ahead of the listener, and give up on one who vanished."""
    client = request.environ.get("gunicorn.socket")
    if client is None:
        return
    options = [(socket.SOL_SOCKET, socket.SO_SNDBUF, STREAM_SOCKET_BUFFER)]
    if hasattr(socket, "TCP_USER_TIMEOUT"):
        options.append((socket.IPPROTO_TCP, socket.TCP_USER_TIMEOUT, STALLED_LISTENER_SECONDS * 1000))
    for level, name, value in options:
        try:
            client.setsockopt(level, name, value)
        except OSError:
            pass  # not a TCP socket (a Unix socket behind a proxy): nothing to tune


# A megabyte between turns: at a listener's pace a stream blocks long before it, and for one that never
# blocks a switch per megabyte costs nothing measurable.
BYTES_PER_TURN = 1024 * 1024


class TakingTurns:
    """A response body that lets the worker's other requests run between its chunks; closing it closes the
    body it wraps.

    Under gevent a greenlet switches only when a socket or pipe would block. A stream whose source always has
    data and whose listener always takes it (an app downloading a whole song over a fast network, from
    media_service's chunk cache) never blocks, so it would keep every other request of its worker waiting
    until it ends. ``time.sleep(0)`` is gevent's yield under its worker, and one cheap call elsewhere.
    """

    def __init__(self, body):
        self.body = body

    def __iter__(self):
        since_turn = 0
        for chunk in self.body:
            yield chunk
            since_turn += len(chunk)
            if since_turn >= BYTES_PER_TURN:
                since_turn = 0
                time.sleep(0)

    def close(self):
        close = getattr(self.body, "close", None)
        if close is not None:
            close()

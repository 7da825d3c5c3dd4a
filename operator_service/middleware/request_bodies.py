"""Request bodies as they arrive on the public port: one that stalls is cut, and one address can send only
so many at once.

gunicorn cuts slow headers but not slow bodies, and werkzeug waits for a body as long as its sender takes:
ten connections that each sent part of a large body and stopped held the worker's memory or spool space for
as long as they stayed open. Here, as a WSGI middleware around the whole app:

- every read of the body waits at most REQUEST_BODY_STALL_SECONDS for the next bytes, and once the body
  has taken that long it must keep arriving at REQUEST_BODY_MIN_BYTES_PER_SECOND on average: otherwise the
  read raises a 408, which the app answers like any error;
- what the app did not read of a body (one it refused, or cut) is read and thrown away here after the
  answer, a chunk at a time with the worker's other requests served between chunks, up to
  DISCARD_MAX_BYTES and the stall time; beyond that the connection is reset. gunicorn would otherwise
  read it all in one go, and under gevent a greenlet whose socket always has data never yields: four
  20 MiB bodies refused at once kept /healthz waiting 4 s on that worker;
- one client address may be sending at most REQUEST_BODIES_PER_ADDRESS bodies to one worker at once; the
  next is answered 429 before any of it is read. A body counts until it has been read or its answer sent.

The address is the connection's. Behind an Ingress controller that is the controller's, which buffers a
request's whole body before it sends it on (ingress-nginx does by default), so slow senders never reach a
pod that way; the limits here are for the NodePort, which clients reach directly.
"""
import socket
import struct
import threading
import time

from werkzeug.exceptions import RequestTimeout, TooManyRequests

# What is thrown away of a body the app did not read, in chunks of this size, before the connection is
# reset instead: above any form, so a browser sees the answer to an oversized one.
DISCARD_MAX_BYTES = 32 * 1024 * 1024
DISCARD_CHUNK_BYTES = 64 * 1024


class BodyStalled(RequestTimeout):
    description = "The request's body stopped arriving, so it was cut. Please try again."


class _GuardedInput:
    """``wsgi.input`` with a deadline on every read: the socket's timeout is set for the read and put back
    after it, so that the response (an audio stream to a paused player) is never cut by it."""

    def __init__(self, stream, client_socket, stall_seconds, min_rate, on_finished, length=None):
        self._stream = stream
        self._length = length  # None for a chunked body, which ends with an empty read
        self._socket = client_socket
        self._stall_seconds = stall_seconds
        self._min_rate = min_rate
        self.on_finished = on_finished
        self._started = None  # the first read: a view may wait for spool room before it reads anything
        self._received = 0
        self.finished = False
        self.stalled = False

    def _guarded(self, read, *args):
        if self._started is None:
            self._started = time.monotonic()
        elapsed = time.monotonic() - self._started
        if elapsed > self._stall_seconds and self._received < self._min_rate * elapsed:
            self.stalled = True
            raise BodyStalled()
        previous = self._socket.gettimeout() if self._socket is not None else None
        if self._socket is not None:
            self._socket.settimeout(self._stall_seconds)
        try:
            data = read(*args)
        except (socket.timeout, TimeoutError):
            self.stalled = True
            raise BodyStalled() from None
        finally:
            if self._socket is not None:
                self._socket.settimeout(previous)
        self._received += len(data)
        # Under gevent a socket that always has data never yields by itself: parsing a large body sent
        # at full speed would keep the worker's other requests waiting until it ends.
        time.sleep(0)
        if not data or (self._length is not None and self._received >= self._length):
            self._finish()
        return data

    def read(self, size=-1):
        data = self._guarded(self._stream.read, size)
        if size is None or size < 0:  # all of it: the end is reached
            self._finish()
        return data

    def _finish(self):
        if not self.finished:
            self.finished = True
            self.on_finished()

    def discard_rest(self):
        """Read what is left of the body and throw it away, giving the worker's other requests their turn
        between chunks, so that the connection can serve its next request. A body longer than
        DISCARD_MAX_BYTES, or one still arriving after the stall time, ends the connection instead."""
        if self.stalled:  # waiting for it again would only give it more time
            self._abort()
            return
        deadline = time.monotonic() + self._stall_seconds
        try:
            while not self.finished:
                if self._received > DISCARD_MAX_BYTES or time.monotonic() > deadline:
                    self._abort()
                    return
                self.read(DISCARD_CHUNK_BYTES)
        except (BodyStalled, OSError, ValueError):
            self._abort()

    def _abort(self):
        """End the connection at once (a reset): gunicorn would otherwise wait to read the rest, and a
        client still sending would wait on a closed window."""
        if self._socket is None:
            return
        try:
            self._socket.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
            self._socket.shutdown(socket.SHUT_RDWR)
        except OSError:
            pass

    def readline(self, size=-1):
        return self._guarded(self._stream.readline, size)

    def readlines(self, hint=-1):
        return list(iter(self.readline, b""))

    def __iter__(self):
        return iter(self.readline, b"")


class _Answer:
    """The app's response body. Once it is sent, what the app did not read of the request body is thrown
    away, and then the body's count ends."""

    def __init__(self, body, guarded_input, release):
        self._body = body
        self._input = guarded_input
        self._release = release

    def __iter__(self):
        return iter(self._body)

    def close(self):
        try:
            close = getattr(self._body, "close", None)
            if close is not None:
                close()
        finally:
            try:
                if not self._input.finished:
                    self._input.discard_rest()
            finally:
                self._release()


def _body_length(environ):
    """The body's declared length: 0 without a body, None for a chunked one."""
    if environ.get("HTTP_TRANSFER_ENCODING", "").lower() == "chunked":
        return None
    try:
        return max(0, int(environ.get("CONTENT_LENGTH") or 0))
    except ValueError:
        return 0  # gunicorn refuses a malformed length before the app sees it


class RequestBodyGuard:
    def __init__(self, wsgi_app, config):
        self._app = wsgi_app
        self._stall_seconds = config["REQUEST_BODY_STALL_SECONDS"]
        self._min_rate = config["REQUEST_BODY_MIN_BYTES_PER_SECOND"]
        self._per_address = config["REQUEST_BODIES_PER_ADDRESS"]
        self._sending = {}  # client address -> bodies being received from it now
        self._lock = threading.Lock()

    def __call__(self, environ, start_response):
        length = _body_length(environ)
        if length == 0:
            return self._app(environ, start_response)
        address = environ.get("REMOTE_ADDR") or "unknown"
        with self._lock:
            if self._sending.get(address, 0) >= self._per_address:
                refused = True
            else:
                refused = False
                self._sending[address] = self._sending.get(address, 0) + 1
        guarded = _GuardedInput(environ["wsgi.input"], environ.get("gunicorn.socket"), self._stall_seconds,
                                self._min_rate, lambda: None, length)
        if refused:
            refusal = TooManyRequests("Too many requests from your address are sending data at once. "
                                      "Please try again in a moment.", retry_after=5)
            return _Answer(refusal(environ, start_response), guarded, lambda: None)
        released = []

        def release():
            if released:
                return
            released.append(True)
            with self._lock:
                left = self._sending.get(address, 1) - 1
                if left > 0:
                    self._sending[address] = left
                else:
                    self._sending.pop(address, None)

        guarded.on_finished = release
        environ["wsgi.input"] = guarded
        try:
            body = self._app(environ, start_response)
        except BaseException:
            release()
            raise
        return _Answer(body, guarded, release)


def init_request_body_guard(app):
    app.wsgi_app = RequestBodyGuard(app.wsgi_app, app.config)

"""A TCP proxy between the operator and a backend that loses answers, for the tests of resent calls.

Every request passes through to the backend. Of the requests that carry an Idempotency-Key, every
``lose_every``-th new key has its answer thrown away once the backend has sent it: the client's connection
is closed without a response, as when a connection breaks after the backend did the work. The resend with
the same key passes. Unsafe requests that carry no key are listed in ``unkeyed``, since a resend of those
could do the work twice.
"""
import itertools
import re
import socket
import threading

UNSAFE = (b"POST", b"PUT", b"PATCH", b"DELETE")
KEY_HEADER = re.compile(rb"\r\nidempotency-key:\s*([^\r\n]+)", re.IGNORECASE)


class LossyProxy:
    def __init__(self, upstream_port, lose_every=2):
        self.upstream_port = upstream_port
        self.lose_every = lose_every
        self.lost = []  # (method, path) of every answer thrown away
        self.unkeyed = []  # (method, path) of unsafe requests without a key
        self.keys_seen = set()
        self.connections = 0
        self._new_keys = itertools.count(1)
        self._lock = threading.Lock()
        self._listener = socket.create_server(("127.0.0.1", 0))
        self.port = self._listener.getsockname()[1]
        self._closed = False
        threading.Thread(target=self._accept, daemon=True).start()

    @property
    def url(self):
        return f"http://127.0.0.1:{self.port}"

    def close(self):
        self._closed = True
        self._listener.close()

    def _accept(self):
        while not self._closed:
            try:
                client, _ = self._listener.accept()
            except OSError:
                return
            self.connections += 1
            _Connection(self, client).start()

    def lose_this(self, head):
        """Whether the answer to the request whose head this is is to be thrown away."""
        method, path = head.split(b" ", 2)[:2]
        described = (method.decode(), path.decode(errors="replace"))
        if method not in UNSAFE:
            return False
        key = KEY_HEADER.search(head)
        with self._lock:
            if key is None:
                self.unkeyed.append(described)
                return False
            if key.group(1) in self.keys_seen:
                return False
            self.keys_seen.add(key.group(1))
            if next(self._new_keys) % self.lose_every:
                return False
            self.lost.append(described)
            return True


class _Connection:
    def __init__(self, proxy, client):
        self.proxy = proxy
        self.client = client
        self.upstream = socket.create_connection(("127.0.0.1", proxy.upstream_port))
        self.at_request_start = True
        self.head = b""
        self.losing = False

    def start(self):
        threading.Thread(target=self._client_to_backend, daemon=True).start()
        threading.Thread(target=self._backend_to_client, daemon=True).start()

    def _close(self):
        for end in (self.client, self.upstream):
            try:
                end.shutdown(socket.SHUT_RDWR)
            except OSError:
                pass
            end.close()

    def _client_to_backend(self):
        try:
            while data := self.client.recv(65536):
                if self.at_request_start:
                    self.head += data
                    if b"\r\n\r\n" in self.head:
                        self.losing = self.proxy.lose_this(self.head.split(b"\r\n\r\n", 1)[0])
                        self.at_request_start, self.head = False, b""
                self.upstream.sendall(data)
        except OSError:
            pass
        self._close()

    def _backend_to_client(self):
        try:
            while data := self.upstream.recv(65536):
                if self.losing:
                    break  # the backend did the work; its answer never reaches the client
                # HTTP/1.1 without pipelining: the client's next bytes start its next request.
                self.at_request_start = True
                self.client.sendall(data)
        except OSError:
            pass
        self._close()

"""operator_service/models/relay.py: a backend's body spliced socket to socket, byte for byte, with what the
HTTP client had buffered sent first; the backend connection pooled again after a whole body, closed after a
broken one."""
import os
import socket
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
import requests
from local_http import serving

from operator_service.models.relay import SplicedBody, can_splice

BODY = os.urandom(3 * 1024 * 1024 + 123)


class Backend(ThreadingHTTPServer):
    daemon_threads = True

    def __init__(self):
        self.connections = 0
        super().__init__(("127.0.0.1", 0), _Handler)

    def get_request(self):
        self.connections += 1
        return super().get_request()


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def do_GET(self):
        if self.path == "/chunked":
            self.send_response(200)
            self.send_header("Transfer-Encoding", "chunked")
            self.end_headers()
            self.wfile.write(b"3\r\nabc\r\n0\r\n\r\n")
            return
        self.send_response(200)
        self.send_header("Content-Length", str(len(BODY)))
        self.end_headers()
        if self.path == "/cut":
            self.wfile.write(BODY[:100_000])
            self.close_connection = True
            return
        self.wfile.write(BODY)

    def log_message(self, *args):
        pass


@pytest.fixture
def backend():
    with serving(Backend()) as server:
        yield server


@pytest.fixture
def listener():
    """The operator's end of a listener's connection, and what the listener receives."""
    ours, theirs = socket.socketpair()
    ours.setblocking(False)  # as gunicorn's gevent worker has it
    received = bytearray()

    def receive():
        while data := theirs.recv(65536):
            received.extend(data)

    reader = threading.Thread(target=receive, daemon=True)
    reader.start()
    yield ours, received, reader
    ours.close()
    theirs.close()


def relay(body, client_socket):
    """What gunicorn does with a body: send what is yielded, then close it."""
    try:
        for chunk in body:
            client_socket.sendall(chunk)
    finally:
        body.close()


def test_a_body_arrives_whole_and_its_connection_is_pooled_again(backend, listener):
    client_socket, received, reader = listener
    http = requests.Session()
    url = f"http://127.0.0.1:{backend.server_port}/song"
    upstream = http.get(url, stream=True)
    assert can_splice(upstream, client_socket)
    body = SplicedBody(upstream, client_socket)
    spliced = []
    body.on_sent = spliced.append
    relay(body, client_socket)
    client_socket.shutdown(socket.SHUT_WR)
    reader.join(10)
    assert bytes(received) == BODY
    assert 0 < sum(spliced) < len(BODY)  # most went through the kernel, the buffered start through Python
    assert http.get(url).content == BODY
    assert backend.connections == 1


def test_a_body_cut_short_raises_and_closes_its_connection(backend, listener):
    client_socket, _received, _reader = listener
    http = requests.Session()
    upstream = http.get(f"http://127.0.0.1:{backend.server_port}/cut", stream=True)
    with pytest.raises(ConnectionError):
        relay(SplicedBody(upstream, client_socket), client_socket)
    http.get(f"http://127.0.0.1:{backend.server_port}/song")
    assert backend.connections == 2


def test_only_a_plain_body_of_known_length_to_a_real_socket_is_spliced(backend, listener):
    client_socket = listener[0]
    http = requests.Session()
    chunked = http.get(f"http://127.0.0.1:{backend.server_port}/chunked", stream=True)
    assert not can_splice(chunked, client_socket)
    plain = http.get(f"http://127.0.0.1:{backend.server_port}/song", stream=True)
    assert not can_splice(plain, None)
    plain.close()

"""The operator's pooled backend connections: reused while fresh, never past the idle limit, and a call
whose connection broke before its answer is sent again with the same Idempotency-Key."""
import socket
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from local_http import serving

from common.idempotency import HEADER
from operator_service.models.backend import _retrying_session


class CountingServer(ThreadingHTTPServer):
    daemon_threads = True

    def __init__(self):
        self.connections = 0
        self.keys = []
        self.drop_next_answer = False
        super().__init__(("127.0.0.1", 0), _Handler)

    def get_request(self):
        accepted = super().get_request()
        self.connections += 1
        return accepted


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"  # keep-alive

    def do_POST(self):
        self.rfile.read(int(self.headers.get("Content-Length", 0)))
        self.server.keys.append(self.headers.get(HEADER))
        if self.server.drop_next_answer:
            self.server.drop_next_answer = False
            self.connection.shutdown(socket.SHUT_RDWR)  # the work is done; the answer is lost
            self.close_connection = True
            return
        self.send_response(200)
        self.send_header("Content-Length", "2")
        self.end_headers()
        self.wfile.write(b"{}")

    do_GET = do_PUT = do_POST

    def log_message(self, *args):
        pass


@pytest.fixture
def server():
    with serving(CountingServer()) as server:
        yield server


def test_a_fresh_connection_is_reused_and_a_stale_one_is_not(server):
    session = _retrying_session(pool_size=4, max_idle_seconds=0.3)
    url = f"http://127.0.0.1:{server.server_port}/"
    for _ in range(3):
        assert session.get(url, timeout=5).ok
    assert server.connections == 1
    time.sleep(0.5)
    assert session.get(url, timeout=5).ok
    assert server.connections == 2


def test_a_post_whose_answer_was_lost_is_sent_again_with_its_key(server, make_service_app):
    from operator_service.app import create_app
    from operator_service.models.backend import Backend

    app = make_service_app(create_app, SONG_SERVICE_URL=f"http://127.0.0.1:{server.server_port}")
    backend = Backend("song_service", "SONG_SERVICE_URL")
    server.drop_next_answer = True
    with app.test_request_context():
        assert backend.json("POST", "/api/songs", json={"title": "Once"}) == {}
    assert len(server.keys) == 2 and server.keys[0] == server.keys[1] and len(server.keys[0]) >= 16
    with app.test_request_context():
        backend.json("PUT", "/api/likes/x")
        backend.json("GET", "/api/songs")
    assert server.keys[2] not in server.keys[:2] and server.keys[3] is None

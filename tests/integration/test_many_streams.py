"""Many streams on gevent workers: abandoned streams are freed in both hops, a stream keeps flowing
while an upload is processed, and a stopping operator finishes its streams without taking new ones.

These run the real services under gunicorn, as ``make run`` does; figures for load live in
scripts/benchmark_streams.py, not here.
"""
import re
import signal
import socket
import struct
import threading
import time

import psutil
import pytest
import requests
from audio_factory import make_audio, make_cover_jpeg
from pymongo.uri_parser import parse_uri

pytestmark = pytest.mark.stack

ABANDONED_STREAMS = 200


@pytest.fixture(scope="module")
def long_song(tmp_path_factory):
    """About 2 MB (under the stack's 2 MiB upload limit): more than the buffers of both hops hold (about
    1.7 MB: the listener's, two capped sockets at 512 KiB, the relay's pipe), so that no stream is over
    before the test is done with it, even when a busy machine opens the 200 streams slowly."""
    folder = tmp_path_factory.mktemp("streams")
    return make_audio(folder / "long.mp3", "mp3", seconds=128, title="Long Player", artist="Stream Band")


@pytest.fixture(scope="module")
def admin(first_admin):
    return first_admin


@pytest.fixture(scope="module")
def audio_path(admin, long_song):
    with open(long_song, "rb") as audio:
        page = admin.submit("/admin/upload", files={"audio_files": ("long.mp3", audio, "audio/mpeg")})
    assert page.status_code == 200 and "Uploaded 1 song" in page.text, page.text[:500]
    return re.search(r"/audio/[0-9a-f]{24}", page.text).group(0)


def cookie_header(session):
    return "; ".join(f"{cookie.name}={cookie.value}" for cookie in session.http.cookies)


def open_raw_stream(port, path, cookie, offset=0):
    """A browser's request for the song, left unread after the headers: a socket the caller drops."""
    connection = socket.create_connection(("127.0.0.1", port), timeout=10)
    connection.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 32 * 1024)  # a listener who reads nothing yet
    connection.sendall(
        f"GET {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nCookie: {cookie}\r\nRange: bytes={offset}-\r\n\r\n".encode()
    )
    head = connection.recv(4096)
    assert head.startswith(b"HTTP/1.1 206"), head[:200]
    return connection


def established_on(port):
    return sum(1 for c in psutil.net_connections("tcp")
               if c.status == psutil.CONN_ESTABLISHED and c.laddr and c.laddr.port == port)


def workers_of(stack, service):
    return psutil.Process(stack.processes[service].pid).children()


def open_files(stack, service):
    """The workers' open files, less their connections to the database: pymongo's pool grows with how
    many reads ran at once and keeps what it opened, which is not a leak (a CI run saw 3 more)."""
    database_ports = {port for _, port in parse_uri(stack.environment["MONGO_URI"])["nodelist"]}
    held = 0
    for worker in workers_of(stack, service):
        to_database = sum(1 for connection in worker.net_connections("tcp")
                          if connection.raddr and connection.raddr.port in database_ports)
        held += worker.num_fds() - to_database
    return held


def wait_until(predicate, seconds):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(0.2)
    return predicate()


def test_abandoned_streams_are_freed_in_both_hops(stack, admin, audio_path, long_song):
    operator_port, media_port = stack.ports["operator_service"], stack.ports["media_service"]
    admin.get("/")  # the operator's pools and the workers are warm before the counts are taken
    idle = {service: open_files(stack, service) for service in ("operator_service", "media_service")}
    threads = {service: sum(w.num_threads() for w in workers_of(stack, service))
               for service in ("operator_service", "media_service")}

    cookie = cookie_header(admin)
    streams = [open_raw_stream(operator_port, audio_path, cookie, offset=(n * 997) % 100_000)
               for n in range(ABANDONED_STREAMS)]
    # One worker holds every stream at once: a greenlet each, not a thread each. In media_service a few
    # may already be over, their rest of the song sitting in socket buffers along the way.
    assert established_on(operator_port) >= ABANDONED_STREAMS
    assert established_on(media_port) >= ABANDONED_STREAMS * 3 // 4
    for number, stream in enumerate(streams):
        if number % 2:
            # A network drop or a killed tab: reset, not a polite close.
            stream.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
        stream.close()

    # Both hops let go at once: no stream is still being written, upstream or down. Idle keep-alive
    # connections from the operator's pool may remain, closed by media_service after its keep-alive.
    assert wait_until(lambda: established_on(operator_port) == 0, 10), established_on(operator_port)
    assert wait_until(lambda: established_on(media_port) == 0, 15), established_on(media_port)
    for service in ("operator_service", "media_service"):
        assert wait_until(lambda: open_files(stack, service) <= idle[service] + 2, 10), (
            service, idle[service], open_files(stack, service))
        assert sum(w.num_threads() for w in workers_of(stack, service)) <= threads[service] + 2

    # And the services are as good as new: a whole stream still comes back byte for byte.
    assert admin.get(audio_path).content == long_song.read_bytes()


def test_a_stream_keeps_flowing_while_an_upload_is_processed(stack, admin, audio_path, long_song, tmp_path):
    big_cover = make_cover_jpeg(color=(10, 120, 60), size=(2500, 2500))
    upload = make_audio(tmp_path / "with-cover.mp3", "mp3", seconds=60, title="Covered", artist="Stream Band",
                        cover=big_cover)
    expected = long_song.read_bytes()
    listener = requests.Session()
    listener.cookies.update(admin.http.cookies)
    url = stack.url("operator_service") + audio_path

    result = {}

    def upload_song():
        with open(upload, "rb") as audio:
            result["page"] = admin.submit("/admin/upload", files={"audio_files": ("with-cover.mp3", audio,
                                                                                  "audio/mpeg")})

    received = bytearray()
    with listener.get(url, stream=True, timeout=10) as stream:
        assert stream.status_code == 200
        chunks = stream.iter_content(64 * 1024)
        received += next(chunks)
        uploader = threading.Thread(target=upload_song)
        uploader.start()
        while uploader.is_alive():
            # Seeks still open at once, and the stream already open keeps delivering.
            seek = listener.get(url, headers={"Range": "bytes=500000-500999"}, timeout=10)
            assert seek.status_code == 206 and seek.content == expected[500000:501000]
            received += next(chunks, b"")
            time.sleep(0.05)
        uploader.join()
        for chunk in chunks:
            received += chunk
    assert bytes(received) == expected
    assert "Uploaded 1 song" in result["page"].text
    # The thumbnail was made with the upload, not on this first request.
    cover = re.search(r"/covers/[0-9a-f]{24}", result["page"].text).group(0)
    thumbnail = listener.get(stack.url("operator_service") + cover, params={"size": "thumb"}, timeout=10)
    assert thumbnail.status_code == 200 and thumbnail.headers["Content-Type"] == "image/jpeg"


def test_a_stopping_operator_finishes_open_streams_and_takes_no_new_ones(stack, admin, audio_path, long_song):
    """What a rolling update does to a pod: SIGTERM, then the grace period."""
    expected = long_song.read_bytes()
    listener = requests.Session()
    listener.cookies.update(admin.http.cookies)
    url = stack.url("operator_service") + audio_path
    received = bytearray()
    with listener.get(url, stream=True, timeout=10) as stream:
        chunks = stream.iter_content(16 * 1024)
        received += next(chunks)
        stack.processes["operator_service"].send_signal(signal.SIGTERM)
        refused = wait_until(lambda: _connection_refused(stack.ports["operator_service"]), 5)
        for chunk in chunks:
            received += chunk
            time.sleep(0.01)  # a listener, not a download: the stream outlives the stop signal
    assert refused, "the stopping operator still accepted new connections"
    assert bytes(received) == expected
    assert stack.processes["operator_service"].wait(30) == 0
    stack.start("operator_service")  # the next Range request reaches a new pod
    resumed = listener.get(url, headers={"Range": f"bytes={len(expected) - 1000}-"}, timeout=10)
    assert resumed.status_code == 206 and resumed.content == expected[-1000:]


def _connection_refused(port):
    try:
        socket.create_connection(("127.0.0.1", port), timeout=1).close()
    except OSError:
        return True
    return False

"""Prometheus metrics from the four gunicorn services: each master serves the sum of its workers on a port
of its own, and the operator's public port has none."""
import re
import socket
import time

import pytest
import requests
from audio_factory import make_audio
from prometheus_client.parser import text_string_to_metric_families
from web_session import WebSession

from devstack import SERVICES

pytestmark = pytest.mark.stack


def scrape(stack, service):
    """``{(sample name, frozenset of labels): value}`` from the service's metrics port."""
    response = requests.get(stack.metrics_url(service), timeout=10)
    assert response.status_code == 200
    return {(sample.name, frozenset(sample.labels.items())): sample.value
            for family in text_string_to_metric_families(response.text) for sample in family.samples}


def value(samples, name, **labels):
    """The sum of the samples named ``name`` whose labels include ``labels``."""
    wanted = set(labels.items())
    return sum(found for (sample, sample_labels),
               found in samples.items() if sample == name and wanted <= sample_labels)


def eventually(check, attempts=50):
    for _ in range(attempts):
        if check():
            return True
        time.sleep(0.1)
    return check()


@pytest.fixture(scope="module")
def traffic(stack, first_admin, tmp_path_factory):
    """An upload stored and one refused, a search, a played song, a failed login and a good one."""
    folder = tmp_path_factory.mktemp("metrics")
    song = make_audio(folder / "metrics.mp3", "mp3", seconds=3, title="Counted Song", artist="Meters")
    with open(song, "rb") as audio:
        stored = first_admin.submit("/admin/upload", files={"audio_files": ("metrics.mp3", audio, "audio/mpeg")})
    assert stored.status_code == 200, stored.text
    refused = first_admin.submit("/admin/upload", files={"audio_files": ("notes.mp3", b"not audio at all",
                                                                         "audio/mpeg")})
    assert refused.status_code == 415
    assert first_admin.get("/search/live", params={"q": "counted"}).status_code == 200
    audio_path = re.search(r"/audio/[0-9a-f]{24}", first_admin.get("/").text).group(0)
    played = first_admin.get(audio_path)
    assert played.status_code == 200
    stranger = WebSession(stack.url("operator_service"))
    assert "Invalid username or password" in stranger.log_in("first-admin", "wrong password").text
    assert stranger.log_in("first-admin").status_code == 200
    return {"audio_path": audio_path, "audio_bytes": len(played.content)}


@pytest.fixture(scope="module")
def long_song(stack, first_admin, tmp_path_factory):
    """The path of an uncompressed song near this stack's 2 MB upload limit."""
    song = make_audio(tmp_path_factory.mktemp("long") / "long.wav", "wav", seconds=11, title="Long Meter")
    with open(song, "rb") as audio:
        stored = first_admin.submit("/admin/upload", files={"audio_files": ("long.wav", audio, "audio/wav")})
    assert stored.status_code == 200, stored.text
    page = first_admin.get("/search", params={"q": "long meter"}).text
    song_page = first_admin.get(re.search(r'href="(/songs/[0-9a-f]{24})"', page).group(1)).text
    return re.search(r"/audio/[0-9a-f]{24}", song_page).group(0)


def test_every_service_serves_metrics_on_its_own_port(stack, traffic):
    for service in SERVICES:
        samples = scrape(stack, service)
        assert value(samples, "music_http_requests_total", service=service) >= 1, service
        assert value(samples, "music_http_request_duration_seconds_count", service=service) >= 1, service


def test_operator_metrics_cover_requests_backend_calls_and_streams(stack, traffic):
    samples = scrape(stack, "operator_service")
    assert value(samples, "music_http_requests_total", route="/search/live", method="GET", status="200") >= 1
    assert value(samples, "music_backend_requests_total", backend="song_service", outcome="ok") >= 1
    assert value(samples, "music_backend_requests_total", backend="media_service", outcome="rejected") >= 1
    assert value(samples, "music_backend_request_duration_seconds_count", backend="auth_service") >= 1
    assert value(samples, "music_stream_bytes_total", service="operator_service",
                 kind="audio") >= traffic["audio_bytes"]
    # No 404 of a made-up path is a series of its own.
    requests.get(stack.url("operator_service") + "/no/such/page/12345", timeout=10)
    samples = scrape(stack, "operator_service")
    assert not any("12345" in dict(labels).get("route", "") for _, labels in samples)
    assert value(samples, "music_http_requests_total", route="<unmatched>", status="404") >= 1


def test_backend_metrics_cover_uploads_search_mongodb_and_logins(stack, traffic):
    media = scrape(stack, "media_service")
    assert value(media, "music_uploads_total", result="stored") >= 1
    assert value(media, "music_uploads_total", result="refused") >= 1
    assert value(media, "music_upload_bytes_total", result="stored") > 1000
    assert value(media, "music_stream_bytes_total", service="media_service", kind="audio") >= traffic["audio_bytes"]
    song = scrape(stack, "song_service")
    assert value(song, "music_search_duration_seconds_count", scope="all") >= 1
    for service, samples in (("media_service", media), ("song_service", song)):
        assert value(samples, "music_mongodb_command_duration_seconds_count", service=service, outcome="ok") >= 1
    auth = scrape(stack, "auth_service")
    assert value(auth, "music_logins_total", outcome="success") >= 1
    assert value(auth, "music_logins_total", outcome="failure") >= 1


def slow_listener(stack, session, path):
    """A connection that reads the first bytes of ``path`` and then nothing: a listener mid-song."""
    listener = socket.socket()
    listener.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 4096)
    listener.connect(("127.0.0.1", stack.ports["operator_service"]))
    cookies = "; ".join(f"{cookie.name}={cookie.value}" for cookie in session.http.cookies)
    listener.sendall(f"GET {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nCookie: {cookies}\r\n\r\n".encode())
    assert listener.recv(1024).startswith(b"HTTP/1.1 200")
    return listener


def test_an_open_stream_is_a_listener_until_it_closes(stack, first_admin, long_song):
    def listening():
        return value(scrape(stack, "operator_service"), "music_streams_open", service="operator_service", kind="audio")

    assert eventually(lambda: listening() == 0)
    listener = slow_listener(stack, first_admin, long_song)
    try:
        for _ in range(5):  # the song is longer than every buffer on its way: it stays open
            assert listening() == 1
            time.sleep(0.2)
    finally:
        listener.close()
    assert eventually(lambda: listening() == 0)


def test_the_public_port_serves_no_metrics(stack, first_admin):
    assert requests.get(stack.url("operator_service") + "/metrics", timeout=10).status_code in (302, 404)
    assert first_admin.get("/metrics").status_code == 404

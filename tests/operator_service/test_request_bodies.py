"""The request body guard's clock and counts, without a server (the integration tests drive it over sockets)."""
import io
import time

import pytest

from operator_service.middleware.request_bodies import BodyStalled, RequestBodyGuard, _GuardedInput


def guarded(data, stall=0.2, rate=1000):
    finished = []
    return _GuardedInput(io.BytesIO(data), None, stall, rate, lambda: finished.append(True), len(data)), finished


def test_time_before_the_first_read_is_not_the_senders():
    """An upload may wait a minute for spool room before its view reads the body: that is no stall."""
    body, finished = guarded(b"x" * 100)
    time.sleep(0.3)
    assert body.read(50) == b"x" * 50 and body.read(50) == b"x" * 50
    assert finished == [True] and body.finished


def test_a_body_that_crawls_below_the_rate_is_cut():
    body, _ = guarded(b"x" * 100, stall=0.1, rate=10_000)
    body.read(1)
    time.sleep(0.2)
    with pytest.raises(BodyStalled):
        body.read(1)


def test_an_address_has_at_most_its_bodies_in_flight_and_each_is_counted_back():
    answered = []

    def app(environ, start_response):
        answered.append(environ["wsgi.input"].read())
        start_response("200 OK", [("Content-Type", "text/plain")])
        return [b"ok"]

    guard = RequestBodyGuard(app, {"REQUEST_BODY_STALL_SECONDS": 1, "REQUEST_BODY_MIN_BYTES_PER_SECOND": 1,
                                   "REQUEST_BODIES_PER_ADDRESS": 1})

    def post():
        statuses = []
        environ = {"REMOTE_ADDR": "192.0.2.1", "CONTENT_LENGTH": "2", "wsgi.input": io.BytesIO(b"hi"),
                   "REQUEST_METHOD": "POST", "SERVER_NAME": "x", "SERVER_PORT": "80", "wsgi.url_scheme": "http"}
        return guard(environ, lambda status, headers, exc_info=None: statuses.append(status)), statuses

    first, first_status = post()
    second, second_status = post()  # the first's answer is not sent yet, but its body was read: counted back
    assert first_status == ["200 OK"] and second_status == ["200 OK"]
    first.close()
    second.close()
    assert answered == [b"hi", b"hi"] and guard._sending == {}


def test_a_body_beyond_the_addresss_allowance_is_refused_before_it_is_read():
    def slow_app(environ, start_response):  # answers without reading, like a view still waiting
        start_response("200 OK", [("Content-Type", "text/plain")])
        return [b"ok"]

    guard = RequestBodyGuard(slow_app, {"REQUEST_BODY_STALL_SECONDS": 1, "REQUEST_BODY_MIN_BYTES_PER_SECOND": 1,
                                        "REQUEST_BODIES_PER_ADDRESS": 1})

    def post(address):
        statuses = []
        environ = {"REMOTE_ADDR": address, "CONTENT_LENGTH": "2", "wsgi.input": io.BytesIO(b"hi"),
                   "REQUEST_METHOD": "POST", "SERVER_NAME": "x", "SERVER_PORT": "80", "wsgi.url_scheme": "http"}
        return guard(environ, lambda status, headers, exc_info=None: statuses.append(status)), statuses

    first, first_status = post("192.0.2.1")
    refused, refused_status = post("192.0.2.1")
    other, other_status = post("192.0.2.2")
    assert first_status == ["200 OK"] and refused_status[0].startswith("429") and other_status == ["200 OK"]
    for answer in (first, refused, other):
        answer.close()  # the unread bodies are thrown away, and the counts end
    assert guard._sending == {}
    again, again_status = post("192.0.2.1")
    assert again_status == ["200 OK"]
    again.close()

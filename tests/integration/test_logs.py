"""One request through the operator leaves JSON log lines in every service it reached, all with its request id."""
import json
import time

import pytest

pytestmark = pytest.mark.stack


def lines_with(log_path, request_id, timeout=10):
    """The log lines carrying ``request_id``, once both gunicorns' access lines are among them: gunicorn
    writes its access line after the response has gone, so it can come a moment after the client has it."""
    deadline = time.monotonic() + timeout
    while True:
        with open(log_path) as log:
            lines = [json.loads(line) for line in log if request_id in line]
        logged = {line["service"] for line in lines if line["message"] == "access"}
        if logged >= {"operator_service", "song_service"} or time.monotonic() > deadline:
            return lines
        time.sleep(0.1)


def test_one_request_id_follows_a_request_through_the_services(stack, first_admin):
    request_id = "trace-logs-0001"
    response = first_admin.get("/search/live", params={"q": "anything"}, headers={"X-Request-ID": request_id})
    assert response.status_code == 200 and response.headers["X-Request-ID"] == request_id
    lines = lines_with(stack.log_path, request_id)
    services = {line["service"] for line in lines}
    assert {"operator_service", "song_service"} <= services, lines
    for line in lines:
        assert {"time", "level", "service", "message"} <= set(line)
    operator_request = next(line for line in lines if line["message"] == "request"
                            and line["service"] == "operator_service")
    assert operator_request["route"] == "/search/live" and operator_request["status"] == 200
    assert operator_request["user_id"] and operator_request["duration_ms"] >= 0
    song_request = next(line for line in lines if line["message"] == "request" and line["service"] == "song_service")
    assert song_request["route"] == "/api/search" and song_request["user_id"] == operator_request["user_id"]
    access = [line for line in lines if line["message"] == "access"]
    assert {line["service"] for line in access} >= {"operator_service", "song_service"}
    assert all(line["status"] == 200 and line["bytes"] >= 0 for line in access)
    text = json.dumps(lines)
    assert "password" not in text and "Bearer" not in text and "session=" not in text

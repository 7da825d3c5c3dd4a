"""A caller's X-Request-ID is kept only when it is plain and its sender is trusted to set it."""
import pytest

from auth_service.app import create_app


@pytest.mark.parametrize("trusted, sent, kept", [
    ("*", "abc-123.x_y", True),
    ("127.0.0.1", "abc-123", True),
    ("10.0.0.0/8, 192.168.1.1", "abc-123", False),  # the test client is 127.0.0.1: a browser, say
    ("*", "a" * 65, False),
    ("*", "with space", False),
    ("*", "line\\nbreak", False),
    ("*", "", False),
])
def test_a_request_id_is_kept_only_when_plain_and_from_a_trusted_peer(make_service_app, trusted, sent, kept):
    app = make_service_app(create_app, REQUEST_ID_TRUSTED_PEERS=trusted)
    answered = app.test_client().get("/healthz", headers={"X-Request-ID": sent})
    if kept:
        assert answered.headers["X-Request-ID"] == sent
    else:
        assert answered.headers["X-Request-ID"] != sent and len(answered.headers["X-Request-ID"]) == 32

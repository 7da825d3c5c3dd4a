"""common/: the service tokens every backend checks, ids converted at the edges, and the central error
handlers, each on its own with a bare Flask app (no database)."""
import time

import pytest
from bson import ObjectId
from flask import Flask
from werkzeug.exceptions import NotFound

from common.errors import register_error_handlers
from common.ids import ObjectIdConverter, parse_object_id
from common.service_tokens import PEOPLE, ROLE_ADMIN, ROLE_LISTENER, issue_token, read_token, require_role

SECRET = "a-test-secret"


def test_a_token_names_its_caller_and_only_for_its_secret():
    token = issue_token(SECRET, "a" * 24, "alice", ROLE_ADMIN)
    caller = read_token(SECRET, token, max_age=60)
    assert (caller.user_id, caller.username, caller.role) == ("a" * 24, "alice", ROLE_ADMIN)
    assert read_token("another-secret", token, max_age=60) is None
    # A letter inside the signature changed (its last letters may carry padding bits, and may have been "xx"
    # already: the test failed once, 1 time in 4,096).
    signature_letter = token.rindex(".") + 5
    changed = "A" if token[signature_letter] != "A" else "B"
    assert read_token(SECRET, token[:signature_letter] + changed + token[signature_letter + 1:], max_age=60) is None
    assert read_token(SECRET, "not a token", max_age=60) is None
    with pytest.raises(ValueError):
        issue_token(SECRET, "a" * 24, "alice", "owner")


def test_an_old_token_is_refused():
    token = issue_token(SECRET, "a" * 24, "alice", ROLE_LISTENER)
    time.sleep(1.1)
    assert read_token(SECRET, token, max_age=0) is None  # timestamps have a resolution of a second


@pytest.fixture
def app():
    app = Flask(__name__)
    app.config.update(SERVICE_TOKEN_SECRET=SECRET, SERVICE_TOKEN_MAX_AGE=60)
    app.url_map.converters["objectid"] = ObjectIdConverter
    register_error_handlers(app)

    @app.get("/api/things/<objectid:thing_id>")
    @require_role(*PEOPLE)
    def thing(thing_id):
        return {"id": str(thing_id), "type": type(thing_id).__name__}

    @app.get("/api/boom")
    def boom():
        raise RuntimeError("secret internals")

    @app.get("/api/missing")
    def missing():
        raise NotFound("No such thing.")

    return app


def bearer(role):
    return {"Authorization": "Bearer " + issue_token(SECRET, "a" * 24, "alice", role)}


def test_ids_are_converted_at_the_edge_and_a_bad_one_is_a_404(app):
    client = app.test_client()
    good = client.get(f"/api/things/{'a' * 24}", headers=bearer(ROLE_LISTENER))
    assert good.status_code == 200 and good.json == {"id": "a" * 24, "type": "ObjectId"}
    for bad in ("xyz", "a" * 23, "g" * 24):
        assert client.get(f"/api/things/{bad}", headers=bearer(ROLE_LISTENER)).status_code == 404
    assert parse_object_id("a" * 24) == ObjectId("a" * 24)
    assert parse_object_id(None) is None and parse_object_id("nope") is None and parse_object_id(12) is None


def test_roles_are_checked_by_the_route_itself(app):
    client = app.test_client()
    assert client.get(f"/api/things/{'a' * 24}").status_code == 401
    assert client.get(f"/api/things/{'a' * 24}", headers=bearer("service")).status_code == 403


def test_errors_are_json_with_a_readable_message_and_never_a_traceback(app):
    client = app.test_client()
    missing = client.get("/api/missing")
    assert missing.status_code == 404 and missing.json == {"error": "No such thing.", "status": 404}
    boom = client.get("/api/boom")
    assert boom.status_code == 500 and "secret internals" not in boom.get_data(as_text=True)
    assert boom.json["error"] == "Something went wrong on our side. Please try again."

"""A backend answers a repeated Idempotency-Key with its first answer (common/idempotency.py), on song_service."""
import threading

import pytest
from bson import ObjectId

from common.idempotency import COLLECTION, HEADER, REPLAYED_HEADER
from song_service.app import create_app
from song_service.extensions import mongo

KEY = "k" * 24


class SlowView:
    """A view that holds its answer until the test releases it."""

    def __init__(self):
        self.started, self.release = threading.Event(), threading.Event()


@pytest.fixture
def slow_view():
    return SlowView()


@pytest.fixture
def app(make_service_app, slow_view):
    app = make_service_app(create_app)

    @app.post("/api/explode")
    def explode():
        raise RuntimeError("boom")

    @app.post("/api/slow")
    def slow():
        slow_view.started.set()
        slow_view.release.wait(5)
        mongo.db.slow_calls.insert_one({})
        return {"done": True}, 201

    return app


@pytest.fixture
def client(app):
    return app.test_client()


@pytest.fixture
def admin(token_for):
    return token_for("admin", str(ObjectId()), "admin")


def song(**fields):
    return {"title": "Jóga", "artist": "Björk", "album": "Homogenic", "duration": 305.2,
            "audio_id": str(ObjectId()), "content_type": "audio/mpeg", **fields}


def songs_stored(app):
    with app.app_context():
        return mongo.db.songs.count_documents({})


def test_a_repeated_create_returns_the_first_answer_and_stores_once(app, client, admin):
    body = song()
    first = client.post("/api/songs", json=body, headers={**admin, HEADER: KEY})
    again = client.post("/api/songs", json=body, headers={**admin, HEADER: KEY})
    assert first.status_code == again.status_code == 201
    assert again.json == first.json
    assert again.headers[REPLAYED_HEADER] == "true" and REPLAYED_HEADER not in first.headers
    assert again.content_type == first.content_type
    assert songs_stored(app) == 1


def test_without_a_key_or_with_another_key_the_request_runs_again(app, client, admin):
    client.post("/api/songs", json=song(), headers=admin)
    client.post("/api/songs", json=song(), headers=admin)
    client.post("/api/songs", json=song(), headers={**admin, HEADER: "a" * 20})
    client.post("/api/songs", json=song(), headers={**admin, HEADER: "b" * 20})
    assert songs_stored(app) == 4


def test_a_key_is_the_callers_own(app, client, token_for):
    body = song()
    first = client.post("/api/songs", json=body, headers={**token_for("admin", str(ObjectId())), HEADER: KEY})
    # Another admin with the same key is another request: it runs, and meets the stored audio id.
    other = client.post("/api/songs", json=body, headers={**token_for("admin", str(ObjectId())), HEADER: KEY})
    assert first.status_code == 201 and other.status_code == 409
    assert REPLAYED_HEADER not in other.headers


def test_a_key_reused_for_a_different_request_is_refused(app, client, admin):
    client.post("/api/songs", json=song(title="One"), headers={**admin, HEADER: KEY})
    reused = client.post("/api/songs", json=song(title="Two"), headers={**admin, HEADER: KEY})
    assert reused.status_code == 422
    assert "different request" in reused.json["error"]
    assert songs_stored(app) == 1


@pytest.mark.parametrize("key", ["short", "x" * 65, "has space in it here", "ключ" * 5])
def test_a_malformed_key_is_a_400_and_stores_nothing(app, client, admin, key):
    response = client.post("/api/songs", json=song(), headers={**admin, HEADER: key})
    assert response.status_code == 400
    assert HEADER in response.json["error"]
    assert songs_stored(app) == 0


def test_a_refusal_is_replayed_and_a_server_error_is_forgotten(app, client, admin):
    refused = client.post("/api/songs", json={"title": ""}, headers={**admin, HEADER: KEY})
    again = client.post("/api/songs", json={"title": ""}, headers={**admin, HEADER: KEY})
    assert refused.status_code == again.status_code == 400 and again.json == refused.json
    assert again.headers[REPLAYED_HEADER] == "true"

    failed = client.post("/api/explode", json={}, headers={**admin, HEADER: "e" * 20})
    assert failed.status_code == 500
    with app.app_context():
        assert mongo.db[COLLECTION].count_documents({}) == 1  # only the refusal is kept


def test_an_unauthenticated_request_remembers_nothing(app, client):
    response = client.post("/api/songs", json=song(), headers={HEADER: KEY})
    assert response.status_code == 401
    with app.app_context():
        assert mongo.db[COLLECTION].count_documents({}) == 0


def test_a_repeat_sent_while_the_first_runs_waits_for_its_answer(app, admin, slow_view):
    answers = []

    def call():
        answers.append(app.test_client().post("/api/slow", json={}, headers={**admin, HEADER: KEY}))

    first = threading.Thread(target=call)
    first.start()
    assert slow_view.started.wait(5)
    repeat = threading.Thread(target=call)
    repeat.start()
    slow_view.release.set()
    first.join(10)
    repeat.join(15)
    assert [answer.status_code for answer in answers] == [201, 201]
    assert sorted(REPLAYED_HEADER in answer.headers for answer in answers) == [False, True]
    with app.app_context():
        assert mongo.db.slow_calls.count_documents({}) == 1

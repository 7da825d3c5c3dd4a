"""The song_service app on a fresh database, and its test client."""
import pytest
from bson import ObjectId

from song_service.app import create_app

# Two listeners for the tests of what belongs to whom.
ALICE, BOB = str(ObjectId()), str(ObjectId())


@pytest.fixture
def app(make_service_app):
    return make_service_app(create_app)


@pytest.fixture
def client(app):
    return app.test_client()


@pytest.fixture
def alice_id():
    return ALICE


@pytest.fixture
def alice(token_for):
    return token_for("listener", ALICE, "alice")


@pytest.fixture
def bob(token_for):
    return token_for("listener", BOB, "bob")


@pytest.fixture
def add_song(client, token_for):
    """``add_song(title, **metadata)`` stores a song as an admin would and returns it as the API does."""
    admin = token_for("admin")

    def add(title, **metadata):
        payload = {"title": title, "artist": "Band", "audio_id": str(ObjectId()), "duration": 200, **metadata}
        response = client.post("/api/songs", json=payload, headers=admin)
        assert response.status_code == 201, response.json
        return response.json

    return add


@pytest.fixture
def explain(app):
    """``explain("albums", filter, sort)``: the server's plan of a find, to check that it walks an index."""
    def plan(collection, query, sort=None):
        from song_service.extensions import mongo

        command = {"find": collection, "filter": query, **({"sort": sort} if sort else {})}
        with app.app_context():
            return str(mongo.db.command("explain", command, verbosity="queryPlanner"))

    return plan

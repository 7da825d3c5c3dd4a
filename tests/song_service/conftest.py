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

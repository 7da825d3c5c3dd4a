"""The song_service app on a fresh database, and its test client."""
import pytest

from song_service.app import create_app


@pytest.fixture
def app(make_service_app):
    return make_service_app(create_app)


@pytest.fixture
def client(app):
    return app.test_client()

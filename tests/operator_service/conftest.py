"""The operator in-process, with the three backends answered at the HTTP boundary by ``responses``: the
app, its test client, the mocked backends, and logging in through them."""
import re

import pytest
import responses

from operator_service.app import create_app

AUTH, SONG, MEDIA = "http://auth.test", "http://song.test", "http://media.test"
ADMIN = {"id": "a" * 24, "username": "boss", "role": "admin", "session_version": 0, "must_change_password": False}
LISTENER = {**ADMIN, "id": "b" * 24, "username": "fan", "role": "listener"}
CSRF = re.compile(r'name="csrf_token" type="hidden" value="([^"]+)"|name="csrf_token" value="([^"]+)"')


@pytest.fixture
def app(service_config):
    return create_app({**service_config, "AUTH_SERVICE_URL": AUTH, "SONG_SERVICE_URL": SONG,
                       "MEDIA_SERVICE_URL": MEDIA, "SESSION_CHECK_SECONDS": 0})


@pytest.fixture
def backends():
    with responses.RequestsMock(assert_all_requests_are_fired=False) as mock:
        # Anything the test did not set up is a backend that does not answer.
        yield mock


@pytest.fixture
def client(app):
    return app.test_client()


def csrf_token(client, path):
    match = CSRF.search(client.get(path).get_data(as_text=True))
    assert match, f"no CSRF token on {path}"
    return match.group(1) or match.group(2)


def log_in(client, backends, account):
    backends.add(responses.POST, f"{AUTH}/api/credentials/check", json=account)
    backends.add(responses.GET, f"{AUTH}/api/users/{account['id']}", json=account)
    token = csrf_token(client, "/login")
    response = client.post("/login", data={"csrf_token": token, "username": account["username"],
                                           "password": "correct horse"})
    assert response.status_code == 302, response.get_data(as_text=True)

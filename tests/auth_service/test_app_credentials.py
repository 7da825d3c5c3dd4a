"""auth_service: listening apps' API keys and app passwords, and the check of their sign-ins."""
import hashlib

import pytest
from cryptography.fernet import Fernet

from auth_service.app import create_app

KEY = Fernet.generate_key().decode()


@pytest.fixture
def app(make_service_app):
    return make_service_app(create_app, APP_PASSWORD_KEYS=KEY, LOGIN_ATTEMPTS_PER_ACCOUNT=5)


@pytest.fixture
def alice(client, token_for):
    """A listener (the first account is the admin)."""
    client.post("/api/users", json={"username": "root", "password": "correct horse"}, headers=token_for("service"))
    account = client.post("/api/users", json={"username": "alice", "password": "correct horse"},
                          headers=token_for("service")).json
    return account, token_for("listener", account["id"], "alice")


def make(client, alice, kind, name="Pixel"):
    account, headers = alice
    return client.post(f"/api/users/{account['id']}/app-credentials", json={"kind": kind, "name": name},
                       headers=headers)


def check(client, token_for, **body):
    return client.post("/api/credentials/app-check", json={"client": "10.0.0.1", **body},
                       headers=token_for("service"))


def test_an_api_key_is_shown_once_stored_as_a_hash_and_signs_in(app, client, token_for, alice):
    made = make(client, alice, "api_key")
    assert made.status_code == 201
    secret = made.json["secret"]
    with app.app_context():
        from auth_service.extensions import mongo

        stored = mongo.db.app_credentials.find_one()
    assert secret not in str(stored) and stored["key_hash"] == hashlib.sha256(secret.encode()).hexdigest()
    listed = client.get(f"/api/users/{alice[0]['id']}/app-credentials", headers=alice[1]).json
    assert [c["name"] for c in listed["credentials"]] == ["Pixel"] and "secret" not in str(listed)
    signed_in = check(client, token_for, api_key=secret)
    assert signed_in.status_code == 200 and signed_in.json["account"]["username"] == "alice"
    assert signed_in.json["credential"]["kind"] == "api_key"
    listed = client.get(f"/api/users/{alice[0]['id']}/app-credentials", headers=alice[1]).json
    assert listed["credentials"][0]["last_used_at"] is not None


def test_an_app_password_is_encrypted_at_rest_and_signs_in_by_password_and_by_token(app, client, token_for, alice):
    secret = make(client, alice, "app_password", "Car").json["secret"]
    with app.app_context():
        from auth_service.extensions import mongo

        stored = mongo.db.app_credentials.find_one()
    assert secret not in str(stored)
    assert Fernet(KEY.encode()).decrypt(stored["encrypted_secret"].encode()).decode() == secret
    assert check(client, token_for, username="alice", password=secret).json["credential"]["name"] == "Car"
    token = hashlib.md5((secret + "c19b2d").encode()).hexdigest()
    by_token = check(client, token_for, username="ALICE", token=token, salt="c19b2d")
    assert by_token.status_code == 200 and by_token.json["account"]["username"] == "alice"
    wrong = check(client, token_for, username="alice", token=token, salt="other")
    assert wrong.status_code == 401 and wrong.json["reason"] == "token_needs_app_password"
    nobody = check(client, token_for, username="nobody", token=token, salt="c19b2d")
    assert nobody.json == wrong.json  # nothing says whether the account exists


def test_the_login_password_signs_in_but_never_by_token(client, token_for, alice):
    signed_in = check(client, token_for, username="alice", password="correct horse")
    assert signed_in.status_code == 200 and signed_in.json["credential"] is None
    token = hashlib.md5(b"correct horsesalt").hexdigest()
    refused = check(client, token_for, username="alice", token=token, salt="salt")
    assert refused.status_code == 401 and refused.json["reason"] == "token_needs_app_password"
    assert "app password" in refused.json["error"]


def test_wrong_and_unknown_credentials_are_refused_and_count_against_the_login_limits(client, token_for, alice):
    assert check(client, token_for, api_key="msk_not-a-key").json["reason"] == "unknown_api_key"
    assert check(client, token_for, api_key=["not", "text"]).json["reason"] == "unknown_api_key"
    assert check(client, token_for, username="nobody", password="x" * 10).json["reason"] == "wrong_credentials"
    for _ in range(4):
        assert check(client, token_for, username="alice", password="wrong one").status_code == 401
    # The sixth try on the account within the window is over its limit of 5, even with the right password.
    assert check(client, token_for, username="alice", password="wrong one").status_code == 401
    limited = check(client, token_for, username="alice", password="correct horse")
    assert limited.status_code == 429 and "Retry-After" in limited.headers


def test_right_passwords_give_their_attempts_back(client, token_for, alice):
    for _ in range(12):
        assert check(client, token_for, username="alice", password="correct horse").status_code == 200


def test_a_disabled_account_and_a_revoked_key_stop_signing_in(app, client, token_for, alice):
    made = make(client, alice, "api_key").json
    secret, credential_id = made["secret"], made["credential"]["id"]
    with app.app_context():
        from auth_service.models import user as users
        from common.ids import parse_object_id

        users.set_disabled(parse_object_id(alice[0]["id"]), True)
    assert check(client, token_for, api_key=secret).json["reason"] == "disabled"
    assert check(client, token_for, username="alice", password="correct horse").json["reason"] == "disabled"
    with app.app_context():
        users.set_disabled(parse_object_id(alice[0]["id"]), False)
    assert check(client, token_for, api_key=secret).status_code == 200
    revoked = client.delete(f"/api/users/{alice[0]['id']}/app-credentials/{credential_id}", headers=alice[1])
    assert revoked.status_code == 200
    assert check(client, token_for, api_key=secret).json["reason"] == "unknown_api_key"


def test_a_changed_password_is_not_remembered_for_the_old_one(app, client, token_for, alice):
    assert check(client, token_for, username="alice", password="correct horse").status_code == 200
    changed = client.put(f"/api/users/{alice[0]['id']}/password", headers=alice[1],
                         json={"current_password": "correct horse", "new_password": "battery staple"})
    assert changed.status_code == 200
    assert check(client, token_for, username="alice", password="correct horse").status_code == 401
    assert check(client, token_for, username="alice", password="battery staple").status_code == 200


def test_who_may_make_list_and_revoke(client, token_for, alice):
    account, _ = alice
    other = token_for("listener")
    assert client.get(f"/api/users/{account['id']}/app-credentials", headers=other).status_code == 403
    assert client.post(f"/api/users/{account['id']}/app-credentials", json={"kind": "api_key", "name": "x"},
                       headers=token_for("admin")).status_code == 403
    made = make(client, alice, "api_key").json["credential"]
    assert client.delete(f"/api/users/{account['id']}/app-credentials/{made['id']}", headers=other).status_code == 403
    assert client.get("/api/app-credentials", headers=other).status_code == 403
    listed = client.get("/api/app-credentials", headers=token_for("admin")).json["credentials"]
    assert [credential["username"] for credential in listed] == ["alice"]
    assert client.post("/api/credentials/app-check", json={"api_key": "x"}, headers=other).status_code == 403


@pytest.mark.parametrize("body, message", [
    ({"kind": "api_key", "name": ""}, "name"),
    ({"kind": "api_key", "name": "x" * 65}, "64"),
    ({"kind": "password", "name": "Pixel"}, "API key or an app password"),
    ({"kind": "api_key", "name": ["Pixel"]}, "name"),
])
def test_bad_credentials_requests_are_clear_400s(client, alice, body, message):
    account, headers = alice
    refused = client.post(f"/api/users/{account['id']}/app-credentials", json=body, headers=headers)
    assert refused.status_code == 400 and message in refused.json["error"]


def test_without_a_key_app_passwords_are_unavailable_and_api_keys_still_work(make_service_app, token_for):
    client = make_service_app(create_app, APP_PASSWORD_KEYS="").test_client()
    account = client.post("/api/users", json={"username": "bob", "password": "correct horse"},
                          headers=token_for("service")).json
    headers = token_for(account["role"], account["id"], "bob")
    refused = client.post(f"/api/users/{account['id']}/app-credentials", json={"kind": "app_password", "name": "x"},
                          headers=headers)
    assert refused.status_code == 503 and "API key" in refused.json["error"]
    assert client.post(f"/api/users/{account['id']}/app-credentials", json={"kind": "api_key", "name": "x"},
                       headers=headers).status_code == 201

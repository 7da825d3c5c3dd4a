"""auth_service: registration, the first-admin rule, credential checks and who may call what."""
import re
import time

import pytest

from auth_service.app import create_app


def register(client, headers, username, password="correct horse"):
    return client.post("/api/users", json={"username": username, "password": password}, headers=headers)


def test_first_account_is_admin_and_later_ones_listeners(client, token_for):
    service = token_for("service")
    first = register(client, service, "alice")
    second = register(client, service, "bob")
    assert first.status_code == 201 and first.json["role"] == "admin"
    assert second.status_code == 201 and second.json["role"] == "listener"


def test_signing_up_counts_as_the_first_login_and_an_admin_adding_an_account_does_not(app, client, token_for):
    signed_up = register(client, token_for("service"), "alice")
    added = register(client, token_for("admin"), "bob")
    assert signed_up.json["last_login_at"] is not None and added.json["last_login_at"] is None
    # The admin console's users list says when, not "never", for the account that signed up.
    page = client.get("/admin/", headers={**token_for("admin"), "X-Admin-Prefix": "/admin/users",
                                          "X-CSRF-Token": "operator-token"})
    rows = {name: next(row for row in page.text.split("<tr") if f">{name}<" in row) for name in ("alice", "bob")}
    assert re.search(r"<td>\d{4}-\d\d-\d\d \d\d:\d\d</td>", rows["alice"]) and "never" not in rows["alice"]
    assert "never" in rows["bob"]


def test_password_is_stored_only_as_scrypt_hash(app, client, token_for):
    register(client, token_for("service"), "alice", "correct horse")
    with app.app_context():
        from auth_service.extensions import mongo

        stored = mongo.db.users.find_one({"username": "alice"})
    assert "correct horse" not in str(stored)
    assert stored["password_hash"].startswith("scrypt:")


def test_username_taken_ignores_case(client, token_for):
    register(client, token_for("service"), "alice")
    again = register(client, token_for("service"), "ALICE")
    assert again.status_code == 409
    assert again.json["error"] == "That username is already taken."


@pytest.mark.parametrize(
    "body",
    [
        {"username": "al", "password": "long enough"},
        {"username": "alice", "password": "short"},
        {"username": "<script>", "password": "long enough"},
        {"username": 5, "password": "long enough"},
        {"username": "alice"},
    ],
)
def test_invalid_accounts_are_refused_with_a_message(client, token_for, body):
    response = client.post("/api/users", json=body, headers=token_for("service"))
    assert response.status_code == 400
    assert response.json["error"]


def test_non_json_body_is_a_400(client, token_for):
    response = client.post("/api/users", data="nope", headers=token_for("service"))
    assert response.status_code == 400


def test_credentials_check_does_not_tell_which_half_was_wrong(client, token_for):
    service = token_for("service")
    register(client, service, "alice", "correct horse")
    good = client.post("/api/credentials/check", json={"username": "Alice", "password": "correct horse"},
                       headers=service)
    wrong_password = client.post("/api/credentials/check", json={"username": "alice", "password": "nope nope"},
                                 headers=service)
    unknown_user = client.post("/api/credentials/check", json={"username": "zed", "password": "nope nope"},
                               headers=service)
    assert good.status_code == 200 and good.json["username"] == "alice"
    assert "password_hash" not in good.json
    assert wrong_password.status_code == unknown_user.status_code == 401
    assert wrong_password.json == unknown_user.json


def test_calls_without_a_valid_token_are_401(client, token_for):
    assert register(client, {}, "alice").status_code == 401
    assert register(client, {"Authorization": "Bearer forged"}, "alice").status_code == 401
    from common.service_tokens import issue_token

    wrong_secret = issue_token("another-secret", "x", "x", "service")
    assert register(client, {"Authorization": f"Bearer {wrong_secret}"}, "alice").status_code == 401


def test_listeners_cannot_register_or_choose_roles(client, token_for):
    assert register(client, token_for("listener"), "mallory").status_code == 403
    response = client.post(
        "/api/users", json={"username": "mallory", "password": "long enough", "role": "admin"},
        headers=token_for("service"),
    )
    assert response.status_code == 403


def test_user_lookup_bad_and_unknown_ids_are_404(client, token_for):
    admin = token_for("admin")
    assert client.get("/api/users/not-an-id", headers=admin).status_code == 404
    assert client.get("/api/users/" + "a" * 24, headers=admin).status_code == 404


def test_listener_sees_only_own_account(client, token_for):
    created = register(client, token_for("service"), "alice").json
    own = client.get(f"/api/users/{created['id']}", headers=token_for("listener", user_id=created["id"]))
    other = client.get(f"/api/users/{created['id']}", headers=token_for("listener"))
    assert own.status_code == 200
    assert other.status_code == 403


def test_the_create_admin_command_provisions_updates_and_is_idempotent(make_service_app, token_for):
    first = make_service_app(create_app, ADMIN_USERNAME="root", ADMIN_PASSWORD="first password")
    client = first.test_client()
    assert client.post("/api/credentials/check", json={"username": "root", "password": "first password"},
                       headers=token_for("service")).status_code == 401  # starting the app provisions nothing
    created = first.test_cli_runner().invoke(args=["create-admin"])
    assert created.exit_code == 0 and "created or updated administrator root" in created.output
    again = first.test_cli_runner().invoke(args=["create-admin"])
    assert again.exit_code == 0 and "already up to date" in again.output
    changed = make_service_app(create_app, ADMIN_USERNAME="root", ADMIN_PASSWORD="second password")
    assert changed.test_cli_runner().invoke(args=["create-admin"]).exit_code == 0
    service = token_for("service")
    old = client.post("/api/credentials/check", json={"username": "root", "password": "first password"},
                      headers=service)
    new = client.post("/api/credentials/check", json={"username": "root", "password": "second password"},
                      headers=service)
    assert old.status_code == 401
    assert new.status_code == 200 and new.json["role"] == "admin"
    # The provisioned admin holds the first-admin seat: the next sign-up is a listener.
    assert register(client, service, "alice").json["role"] == "listener"


def test_health_and_readiness(client):
    assert client.get("/healthz").json == {"status": "ok"}
    assert client.get("/readyz").status_code == 200


def session_version(client, token_for, user_id):
    return client.get(f"/api/users/{user_id}", headers=token_for("service")).json["session_version"]


def test_logout_everywhere_raises_the_session_version_for_the_user_alone(client, token_for):
    alice = register(client, token_for("service"), "alice").json
    bob = register(client, token_for("service"), "bob").json
    assert alice["session_version"] == 0
    own = token_for("admin", user_id=alice["id"], username="alice")
    assert client.post(f"/api/users/{alice['id']}/sessions/revoke", headers=own).json["session_version"] == 1
    others = client.post(f"/api/users/{bob['id']}/sessions/revoke", headers=own)
    assert others.status_code == 403 and session_version(client, token_for, bob["id"]) == 0


def test_a_role_change_keeps_the_sessions_of_that_account(client, token_for):
    """The operator reads the role afresh instead: a demoted admin stays logged in without admin pages."""
    register(client, token_for("service"), "alice")
    bob = register(client, token_for("service"), "bob").json
    changed = client.put(f"/api/users/{bob['id']}/role", json={"role": "admin"}, headers=token_for("admin"))
    assert changed.json["role"] == "admin" and session_version(client, token_for, bob["id"]) == 0


def test_password_change_needs_the_current_password_and_ends_sessions(client, token_for):
    alice = register(client, token_for("service"), "alice", "correct horse").json
    own = token_for("admin", user_id=alice["id"], username="alice")
    url = f"/api/users/{alice['id']}/password"
    wrong = client.put(url, json={"current_password": "wrong horse", "new_password": "battery staple"}, headers=own)
    assert wrong.status_code == 403 and wrong.json["error"] == "The current password is not right."
    short = client.put(url, json={"current_password": "correct horse", "new_password": "short"}, headers=own)
    assert short.status_code == 400 and "Password must be" in short.json["error"]
    odd = client.put(url, json={"current_password": ["correct horse"], "new_password": 5}, headers=own)
    assert odd.status_code == 403
    assert session_version(client, token_for, alice["id"]) == 0  # nothing changed by the refusals
    changed = client.put(url, json={"current_password": "correct horse", "new_password": "battery staple"},
                         headers=own)
    assert changed.status_code == 200 and changed.json["session_version"] == 1
    check = client.post("/api/credentials/check", json={"username": "alice", "password": "battery staple"},
                        headers=token_for("service"))
    assert check.status_code == 200
    someone_else = token_for("admin")
    assert client.put(url, json={"current_password": "battery staple", "new_password": "x" * 10},
                      headers=someone_else).status_code == 403


def test_provisioning_an_unchanged_admin_keeps_its_sessions(app):
    from auth_service.models import user as users

    with app.app_context():
        (first, _), (again, again_changed) = (users.provision_admin("root", "correct horse"),
                                              users.provision_admin("root", "correct horse"))
        changed, _ = users.provision_admin("root", "battery staple")
    assert not again_changed and again["session_version"] == first["session_version"]
    assert changed["session_version"] == first["session_version"] + 1


def check(client, token_for, username, password, client_address="198.51.100.7"):
    return client.post("/api/credentials/check", headers=token_for("service"),
                       json={"username": username, "password": password, "client": client_address})


@pytest.fixture
def one_window():
    """Start well inside a 5-minute login window: the limits count in fixed windows aligned to the clock,
    and a test that straddled an edge would see its count start again."""
    left = 300 - time.time() % 300
    if left < 20:
        time.sleep(left + 0.1)


def test_login_guesses_stop_at_the_account_limit_even_with_the_right_password(client, token_for, one_window):
    register(client, token_for("service"), "alice", "correct horse")
    for _ in range(5):  # the real user's own logins use up nothing
        assert check(client, token_for, "alice", "correct horse").status_code == 200
    answers = [check(client, token_for, "alice", f"guess {n}", f"203.0.113.{n}").status_code for n in range(10)]
    assert answers == [401] * 10
    locked = check(client, token_for, "ALICE", "correct horse")
    assert locked.status_code == 429 and int(locked.headers["Retry-After"]) <= 300
    assert locked.json["error"] == "Too many login attempts. Please wait a few minutes and try again."
    # Other accounts are not affected.
    register(client, token_for("service"), "bob", "correct horse")
    assert check(client, token_for, "bob", "correct horse").status_code == 200


def test_login_guesses_stop_at_the_address_limit_across_accounts(app, client, token_for, one_window):
    app.config["LOGIN_ATTEMPTS_PER_ADDRESS"] = 5
    answers = [check(client, token_for, f"user{n}", "guess", "192.0.2.1").status_code for n in range(7)]
    assert answers == [401] * 5 + [429] * 2
    assert check(client, token_for, "user9", "guess", "192.0.2.2").status_code == 401


def test_a_lock_ends_with_its_window(app):
    from datetime import datetime, timedelta, timezone

    from auth_service.models import rate_limits

    start = datetime(2026, 1, 1, 12, 0, 0, tzinfo=timezone.utc)
    with app.app_context():
        for _ in range(3):
            rate_limits.count_attempt("login-account", "carol", 3, 300, now=start)
        with pytest.raises(rate_limits.TooManyAttempts) as locked:
            rate_limits.count_attempt("login-account", "carol", 3, 300, now=start + timedelta(seconds=10))
        assert locked.value.retry_after == 290
        rate_limits.count_attempt("login-account", "carol", 3, 300, now=start + timedelta(seconds=300))


def test_signups_are_limited_per_address_and_can_be_closed(app, client, token_for):
    app.config["SIGNUPS_PER_ADDRESS_PER_HOUR"] = 2
    answers = [client.post("/api/users", headers=token_for("service"),
                           json={"username": f"new{n}", "password": "correct horse", "client": "192.0.2.9"}).status_code
               for n in range(3)]
    assert answers == [201, 201, 429]
    app.config["SIGNUP"] = "closed"
    closed = register(client, token_for("service"), "latecomer")
    assert closed.status_code == 403 and "Sign-up is closed" in closed.json["error"]
    # An admin still adds accounts.
    assert register(client, token_for("admin"), "invited").status_code == 201


@pytest.mark.parametrize("settings, message", [
    ({"ADMIN_USERNAME": "", "ADMIN_PASSWORD": ""}, "Set ADMIN_USERNAME and ADMIN_PASSWORD"),
    ({"ADMIN_USERNAME": "root", "ADMIN_PASSWORD": "short"}, "Password must be"),
    ({"ADMIN_USERNAME": "no spaces allowed", "ADMIN_PASSWORD": "long enough password"}, "Username must be"),
])
def test_the_create_admin_command_explains_what_is_missing(make_service_app, settings, message):
    result = make_service_app(create_app, **settings).test_cli_runner().invoke(args=["create-admin"])
    assert result.exit_code == 1 and message in result.output


def test_wrong_current_passwords_count_against_the_login_limits(app, client, token_for, one_window):
    """The penetration test's oracle: 35 wrong current passwords were all answered 403, and the 36th,
    right, changed the password. Now the account's login limit (10) stops them, as it stops login guesses."""
    alice = register(client, token_for("service"), "alice", "correct horse").json
    own = token_for("listener", user_id=alice["id"], username="alice")
    url = f"/api/users/{alice['id']}/password"
    answers = [client.put(url, headers=own, json={"current_password": f"guess {n}", "new_password": "battery staple",
                                                   "client": f"203.0.113.{n}"}).status_code for n in range(12)]
    assert answers == [403] * 10 + [429] * 2
    right = client.put(url, headers=own, json={"current_password": "correct horse",
                                                "new_password": "battery staple", "client": "203.0.113.99"})
    assert right.status_code == 429 and int(right.headers["Retry-After"]) <= 300
    assert right.json["error"] == "Too many wrong passwords. Please wait a few minutes and try again."
    # The same allowance: a login of the account is refused too, and it is all one limit.
    assert check(client, token_for, "alice", "correct horse", "203.0.113.100").status_code == 429


def test_wrong_current_passwords_count_against_the_address_limit(app, client, token_for, one_window):
    app.config["LOGIN_ATTEMPTS_PER_ADDRESS"] = 3
    alice = register(client, token_for("service"), "alice", "correct horse").json
    own = token_for("listener", user_id=alice["id"], username="alice")
    url = f"/api/users/{alice['id']}/password"
    answers = [client.put(url, headers=own, json={"current_password": "guess", "new_password": "battery staple",
                                                   "client": "192.0.2.1"}).status_code for _ in range(3)]
    assert answers == [403] * 3
    assert check(client, token_for, "bob", "guess", "192.0.2.1").status_code == 429


def test_right_password_changes_use_up_no_allowance(client, token_for, one_window):
    alice = register(client, token_for("service"), "alice", "password 0").json
    own = token_for("listener", user_id=alice["id"], username="alice")
    for n in range(12):
        changed = client.put(f"/api/users/{alice['id']}/password", headers=own,
                             json={"current_password": f"password {n}", "new_password": f"password {n + 1}"})
        assert changed.status_code == 200, n
        own = token_for("listener", user_id=alice["id"], username="alice")


def test_the_new_password_must_differ_from_the_current_one(client, token_for):
    alice = register(client, token_for("service"), "alice", "correct horse").json
    own = token_for("listener", user_id=alice["id"], username="alice")
    same = client.put(f"/api/users/{alice['id']}/password", headers=own,
                      json={"current_password": "correct horse", "new_password": "correct horse"})
    assert same.status_code == 400
    assert same.json["error"] == "Choose a new password that differs from the current one."

"""auth_service's admin fragments (the users area of the admin console), with Flask's test client."""
import re

import pytest

PREFIX = {"X-Admin-Prefix": "/admin/users", "X-CSRF-Token": "operator-token-123"}


def register(client, headers, username, password="correct horse", **extra):
    return client.post("/api/users", json={"username": username, "password": password, **extra}, headers=headers)


@pytest.fixture
def people(client, token_for):
    service = token_for("service")
    alice = register(client, service, "alice").json  # the first account: admin
    bob = register(client, service, "bob").json
    return {"alice": alice, "bob": bob}


def as_admin(token_for, people, name="alice"):
    return {**token_for("admin", people[name]["id"], name), **PREFIX}


@pytest.mark.parametrize("path", ["/admin/", "/admin/signup", "/admin/audit", "/admin/users/" + "0" * 24])
def test_admin_fragments_need_an_admin_token(client, token_for, path):
    assert client.get(path).status_code == 401
    assert client.get(path, headers=token_for("listener")).status_code == 403
    assert client.get(path, headers=token_for("service")).status_code == 403
    assert client.post(path, headers=token_for("listener")).status_code in (403, 405)


def test_the_users_fragment_lists_searches_and_links_to_public_paths(client, token_for, people):
    page = client.get("/admin/", headers=as_admin(token_for, people))
    assert page.status_code == 200 and page.headers["X-Page-Title"] == "Users"
    html = page.get_data(as_text=True)
    assert "<html" not in html and "alice" in html and "bob" in html
    assert f'href="/admin/users/users/{people["bob"]["id"]}"' in html
    found = client.get("/admin/", query_string={"q": "bo"}, headers=as_admin(token_for, people)).get_data(as_text=True)
    assert "bob" in found and ">alice<" not in found


def test_a_name_is_escaped_in_the_fragment(client, token_for, people, app):
    from auth_service.extensions import mongo

    with app.app_context():
        mongo.db.users.update_one({"username": "bob"}, {"$set": {"username": "<script>bob</script>"}})
    html = client.get("/admin/", headers=as_admin(token_for, people)).get_data(as_text=True)
    assert "<script>bob" not in html and "&lt;script&gt;bob" in html


def test_promote_demote_and_the_last_admin(client, token_for, people):
    admin = as_admin(token_for, people)
    bob, alice = people["bob"]["id"], people["alice"]["id"]
    refused = client.post(f"/admin/users/{alice}/role", data={"role": "listener", "csrf_token": "x"}, headers=admin)
    assert refused.status_code == 409 and "last admin" in refused.get_data(as_text=True)
    promoted = client.post(f"/admin/users/{bob}/role", data={"role": "admin"}, headers=admin)
    assert promoted.status_code == 303 and promoted.headers["Location"] == f"/admin/users/users/{bob}"
    assert "is%20now%20an%20admin" in promoted.headers["X-Flash"]
    demoted = client.post(f"/admin/users/{alice}/role", data={"role": "listener"}, headers=admin)
    assert demoted.status_code == 303
    account = client.get(f"/api/users/{alice}", headers=token_for("service")).json
    assert account["role"] == "listener" and account["session_version"] == people["alice"]["session_version"]
    assert client.post(f"/admin/users/{bob}/role", data={"role": "owner"}, headers=admin).status_code == 400


def test_disabling_ends_sessions_and_refuses_logins(client, token_for, people):
    admin = as_admin(token_for, people)
    bob = people["bob"]["id"]
    assert client.post(f"/admin/users/{bob}/disabled", data={"disabled": "1"}, headers=admin).status_code == 303
    account = client.get(f"/api/users/{bob}", headers=token_for("service")).json
    assert account["disabled"] and account["session_version"] == people["bob"]["session_version"] + 1
    login = client.post("/api/credentials/check", json={"username": "bob", "password": "correct horse"},
                        headers=token_for("service"))
    assert login.status_code == 403 and "disabled" in login.json["error"]
    assert client.post(f"/admin/users/{bob}/disabled", data={"disabled": "0"}, headers=admin).status_code == 303
    assert client.post("/api/credentials/check", json={"username": "bob", "password": "correct horse"},
                       headers=token_for("service")).status_code == 200
    alice = people["alice"]["id"]
    assert client.post(f"/admin/users/{alice}/disabled", data={"disabled": "1"}, headers=admin).status_code == 409


def test_a_temporary_password_must_be_changed(client, token_for, people):
    admin = as_admin(token_for, people)
    bob = people["bob"]["id"]
    short = client.post(f"/admin/users/{bob}/temporary-password", data={"password": "short"}, headers=admin)
    assert short.status_code == 400 and "at least 8" in short.get_data(as_text=True)
    assert client.post(f"/admin/users/{bob}/temporary-password", data={"password": "temporary 123"},
                       headers=admin).status_code == 303
    login = client.post("/api/credentials/check", json={"username": "bob", "password": "temporary 123"},
                        headers=token_for("service"))
    assert login.status_code == 200 and login.json["must_change_password"] is True
    changed = client.put(f"/api/users/{bob}/password", json={"current_password": "temporary 123",
                                                            "new_password": "my own password"},
                         headers=token_for("listener", bob, "bob"))
    assert changed.status_code == 200 and changed.json["must_change_password"] is False


def test_signup_modes_and_one_time_invites(client, token_for, people):
    admin = as_admin(token_for, people)
    service = token_for("service")
    assert client.post("/admin/signup", data={"mode": "closed"}, headers=admin).status_code == 303
    assert client.get("/api/signup", headers=service).json == {"mode": "closed"}
    closed = register(client, service, "carol")
    assert closed.status_code == 403 and "closed" in closed.json["error"]
    assert client.post("/admin/signup", data={"mode": "invite"}, headers=admin).status_code == 303
    assert register(client, service, "carol").status_code == 403
    created = client.post("/admin/invites", data={"days": "7"}, headers=admin)
    code = re.search(r"invite=([\w-]+)", created.headers["Location"]).group(1)
    assert register(client, service, "carol", invite=code).status_code == 201
    again = register(client, service, "dave", invite=code)
    assert again.status_code == 403 and "not valid" in again.json["error"]
    second = re.search(r"invite=([\w-]+)", client.post("/admin/invites", data={"days": "1"}, headers=admin)
                       .headers["Location"]).group(1)
    # The code is in the form, not the path, which access logs keep.
    assert client.post("/admin/invites/revoke", data={"code": second}, headers=admin).status_code == 303
    assert client.post("/admin/invites/revoke", data={"code": "no-such-code"}, headers=admin).status_code == 404
    assert client.post("/admin/invites/revoke", headers=admin).status_code == 404
    assert register(client, service, "dave", invite=second).status_code == 403
    assert client.post("/admin/signup", data={"mode": "sometimes"}, headers=admin).status_code == 400
    assert client.post("/admin/invites", data={"days": "999"}, headers=admin).status_code == 400


def test_every_action_is_in_the_audit_log(client, token_for, people):
    admin = as_admin(token_for, people)
    client.post(f"/admin/users/{people['bob']['id']}/role", data={"role": "admin"}, headers=admin)
    client.post("/admin/signup", data={"mode": "closed"}, headers=admin)
    html = client.get("/admin/audit", headers=admin).get_data(as_text=True)
    assert html.index("sign-up mode") < html.index("role")  # newest first
    assert "alice" in html and "bob" in html and "closed" in html


def test_forms_carry_the_operators_csrf_token(client, token_for, people):
    html = client.get(f"/admin/users/{people['bob']['id']}", headers=as_admin(token_for, people)).get_data(as_text=True)
    assert html.count('name="csrf_token" value="operator-token-123"') == 3


def test_a_temporary_password_cannot_be_kept(client, token_for, people):
    """The penetration test kept the admin's temporary password by choosing it again as the new one."""
    admin, bob = as_admin(token_for, people), people["bob"]["id"]
    assert client.post(f"/admin/users/{bob}/temporary-password", data={"password": "temporary 123"},
                       headers=admin).status_code == 303
    own = token_for("listener", user_id=bob, username="bob")
    kept = client.put(f"/api/users/{bob}/password", json={"current_password": "temporary 123",
                                                           "new_password": "temporary 123"}, headers=own)
    assert kept.status_code == 400 and "differs from the current one" in kept.json["error"]
    login = client.post("/api/credentials/check", json={"username": "bob", "password": "temporary 123"},
                        headers=token_for("service"))
    assert login.json["must_change_password"] is True

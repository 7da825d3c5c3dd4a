"""Sessions that can be ended: a logout, a password change and a role change end every copy of a session
cookie, and the role is read from auth_service, never from the cookie."""
import time

import pytest
import requests
from web_session import WebSession

from common.service_tokens import issue_token

pytestmark = pytest.mark.stack


def copy_of(session):
    """Another browser holding a stolen copy of ``session``'s cookie."""
    thief = WebSession(session.base_url)
    thief.http.cookies.update(session.http.cookies)
    return thief


def logged_in(session, path="/"):
    response = session.http.get(session.base_url + path, allow_redirects=False, timeout=10)
    return response.status_code == 200


def eventually(predicate, seconds=8):
    """Within the operator's SESSION_CHECK_SECONDS (5 s), with a margin for a slow machine."""
    deadline = time.monotonic() + seconds
    while not predicate():
        if time.monotonic() > deadline:
            return False
        time.sleep(0.25)
    return True


@pytest.fixture(scope="module")
def admin(first_admin):
    return first_admin


def test_a_copied_cookie_stops_working_after_logout(stack, admin):
    listener = WebSession(stack.url("operator_service"))
    listener.sign_up("copied-cookie")
    thief = copy_of(listener)
    assert logged_in(thief)
    listener.http.post(listener.base_url + "/logout", data={"csrf_token": listener.csrf_token("/")}, timeout=10)
    assert eventually(lambda: not logged_in(thief))
    assert not logged_in(listener)
    # Logging in again opens a new session; the stolen one stays dead.
    assert listener.log_in("copied-cookie").status_code == 200 and logged_in(listener)
    assert not logged_in(thief)


def test_a_demoted_admin_loses_admin_pages_but_stays_logged_in(stack, admin):
    deputy = WebSession(stack.url("operator_service"))
    deputy.sign_up("deputy")
    users = requests.get(stack.url("auth_service") + "/api/users", timeout=10, headers=admin_token(stack)).json()
    deputy_id = next(u["id"] for u in users["users"] if u["username"] == "deputy")
    set_role(stack, deputy_id, "admin")
    assert eventually(lambda: deputy.get("/admin/upload").status_code == 200)
    assert deputy.get("/admin/users/").status_code == 200
    set_role(stack, deputy_id, "listener")
    # The console reads the role afresh: the very next request is refused.
    assert deputy.get("/admin/users/").status_code == 403
    assert eventually(lambda: deputy.get("/admin/upload").status_code == 403)
    assert logged_in(deputy)


def test_password_change_needs_the_current_one_and_logs_out_every_other_session(stack, admin):
    user = WebSession(stack.url("operator_service"))
    user.sign_up("changer", "correct horse")
    other_device = WebSession(stack.url("operator_service"))
    other_device.log_in("changer", "correct horse")
    wrong = user.submit("/account", {"current_password": "wrong horse", "new_password": "battery staple",
                                     "confirm": "battery staple"})
    assert wrong.status_code == 403 and "The current password is not right." in wrong.text
    assert logged_in(other_device)
    changed = user.submit("/account", {"current_password": "correct horse", "new_password": "battery staple",
                                       "confirm": "battery staple"})
    assert changed.status_code == 200 and "Password changed." in changed.text
    assert logged_in(user)  # the browser that changed it stays logged in
    assert eventually(lambda: not logged_in(other_device))
    assert WebSession(user.base_url).log_in("changer", "correct horse").status_code == 401
    assert WebSession(user.base_url).log_in("changer", "battery staple").status_code == 200


def admin_token(stack):
    token = issue_token(stack.environment["SERVICE_TOKEN_SECRET"], "0" * 24, "test-admin", "admin")
    return {"Authorization": f"Bearer {token}"}


def set_role(stack, user_id, role):
    response = requests.put(f"{stack.url('auth_service')}/api/users/{user_id}/role", json={"role": role},
                            headers=admin_token(stack), timeout=10)
    assert response.status_code == 200, response.text


def aged_copy(stack, session, **ages):
    """Another browser with ``session``'s cookie, re-signed as the operator would with its times moved back
    by ``ages`` seconds (``started=``, ``seen=``): a session left idle, or one logged in long ago."""
    from operator_service.app import create_app

    app = create_app({"TESTING": True, "SECRET_KEY": stack.environment["SECRET_KEY"],
                      "SERVICE_TOKEN_SECRET": stack.environment["SERVICE_TOKEN_SECRET"]})
    serializer = app.session_interface.get_signing_serializer(app)
    cookie = session.http.cookies["session"]
    data = serializer.loads(cookie)
    for field, seconds in ages.items():
        data["account"][field] -= seconds
    copy = WebSession(session.base_url)
    copy.http.cookies.set("session", serializer.dumps(data))
    return copy


@pytest.mark.parametrize("ages, still_in", [
    ({"seen": 13 * 24 * 3600, "started": 13 * 24 * 3600}, True),
    ({"seen": 15 * 24 * 3600, "started": 15 * 24 * 3600}, False),   # idle for more than 14 days
    ({"seen": 60, "started": 31 * 24 * 3600}, False),               # active, but logged in 31 days ago
])
def test_sessions_end_when_idle_too_long_or_too_old(stack, admin, ages, still_in):
    assert logged_in(admin)
    assert logged_in(aged_copy(stack, admin, **ages)) is still_in

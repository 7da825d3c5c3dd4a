"""Accounts, kept by auth_service."""
import threading
import time

from flask import current_app

from operator_service.models.backend import BackendRejected, auth_backend

# user id -> (when fetched, the account as auth_service has it, or None when it is gone). Per process;
# entries are at most SESSION_CHECK_SECONDS old when used.
_session_states = {}
# One refresh at a time per account: when an entry expires under load (a listener's every seek is a
# request), the other requests wait for that one answer instead of all asking auth_service at once.
_refresh_locks = {}
_MAX_CACHED_ACCOUNTS = 10_000


def register(username, password, client_address, invite=None):
    """``client_address`` is the browser's, for auth_service's limits on sign-ups per address; ``invite``
    the code of an invite link, when sign-up needs one."""
    return auth_backend.json("POST", "/api/users", as_service=True,
                             json={"username": username, "password": password, "client": client_address,
                                   "invite": invite})


def signup_mode():
    """"open", "invite" or "closed", as an admin set it in auth_service."""
    return auth_backend.json("GET", "/api/signup", as_service=True)["mode"]


def check_credentials(username, password, client_address):
    """``client_address`` is the browser's, for auth_service's limits on login attempts per address."""
    return auth_backend.json("POST", "/api/credentials/check", as_service=True,
                             json={"username": username, "password": password, "client": client_address})


def session_state(user_id, now=False):
    """The account's current role and session version, at most SESSION_CHECK_SECONDS stale, or as
    auth_service has it at this moment with ``now``; None when the account no longer exists."""
    asked_at = time.monotonic()
    fresh = None if now else _fresh_state(user_id)
    if fresh is not None:
        return fresh[1]
    with _refresh_locks.setdefault(user_id, threading.Lock()):
        fresh = _fresh_state(user_id, since=asked_at if now else None)  # fetched while this one waited
        if fresh is not None:
            return fresh[1]
        fetched_at = time.monotonic()
        try:
            account = auth_backend.json("GET", f"/api/users/{user_id}", as_service=True)
        except BackendRejected as rejected:
            if rejected.code not in (400, 404):
                raise
            account = None
        if len(_session_states) >= _MAX_CACHED_ACCOUNTS:
            _session_states.clear()
            _refresh_locks.clear()
        _session_states[user_id] = (fetched_at, account)
        return account


def _fresh_state(user_id, since=None):
    """The cached state when it is young enough, or, with ``since``, when it was fetched after then."""
    cached = _session_states.get(user_id)
    if cached is None:
        return None
    if since is not None:
        return cached if cached[0] >= since else None
    return cached if time.monotonic() - cached[0] < current_app.config["SESSION_CHECK_SECONDS"] else None


def remember_session_state(account):
    """What auth_service has just answered about an account, such as at login, is the freshest there is."""
    _session_states[account["id"]] = (time.monotonic(), account)


def forget_session_state(user_id):
    _session_states.pop(user_id, None)


def revoke_sessions(user_id):
    """End every session of the logged-in user, this browser's included."""
    forget_session_state(user_id)
    return auth_backend.json("POST", f"/api/users/{user_id}/sessions/revoke")


def change_password(user_id, current_password, new_password, client_address):
    """``client_address`` is the browser's: a wrong current password counts against the login limits."""
    forget_session_state(user_id)
    return auth_backend.json("PUT", f"/api/users/{user_id}/password",
                             json={"current_password": current_password, "new_password": new_password,
                                   "client": client_address})


def list_accounts():
    """Every account, for an admin (auth_service checks the caller's role itself)."""
    return auth_backend.json("GET", "/api/users")["users"]


def find_by_username(username):
    key = username.strip().casefold()
    return next((account for account in list_accounts() if account["username"].casefold() == key), None)


def app_credentials(user_id):
    """The account's API keys and app passwords (never their secrets), and whether app passwords can be made."""
    return auth_backend.json("GET", f"/api/users/{user_id}/app-credentials")


def create_app_credential(user_id, kind, name):
    """``{"credential", "secret"}``: the secret is shown once and never again."""
    return auth_backend.json("POST", f"/api/users/{user_id}/app-credentials", json={"kind": kind, "name": name})


def revoke_app_credential(user_id, credential_id):
    return auth_backend.json("DELETE", f"/api/users/{user_id}/app-credentials/{credential_id}")


def all_app_credentials():
    return auth_backend.json("GET", "/api/app-credentials")["credentials"]

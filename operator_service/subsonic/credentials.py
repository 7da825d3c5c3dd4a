"""Who is calling: a Subsonic request's own credentials, checked by auth_service, on every request.

Three ways to sign in: ``u`` + ``p`` (the login password or an app password, clear or ``enc:`` hex),
``u`` + ``t`` + ``s`` (an app password's ``md5(password + salt)``), or ``apiKey`` alone. An app calls for
every song and cover, so a check auth_service has answered is remembered in this process for
SESSION_CHECK_SECONDS, keyed by a hash of the credential, no longer than a browser session's state is;
the account's state is then read as a page's is, so a disabled account or a changed password (both raise
the account's session version) ends the remembered check too.
"""
import hashlib
import threading
import time

from flask import current_app, g, request
from flask_login import current_user

from operator_service.middleware.session_user import SessionUser
from operator_service.models import accounts
from operator_service.models.backend import auth_backend
from operator_service.subsonic.protocol import (
    CONFLICTING_AUTH,
    INVALID_API_KEY,
    NOT_AUTHORIZED,
    TOKEN_NOT_SUPPORTED,
    WRONG_CREDENTIALS,
    SubsonicError,
    missing,
)

MAX_SECRET_LENGTH = 512
_MAX_REMEMBERED = 10_000
# credential hash -> (when checked, user id, session version, credential id or None)
_remembered = {}
_lock = threading.Lock()

_REFUSALS = {
    "wrong_credentials": WRONG_CREDENTIALS,
    "token_needs_app_password": TOKEN_NOT_SUPPORTED,
    "unknown_api_key": INVALID_API_KEY,
    "disabled": WRONG_CREDENTIALS,
}


def _single(name):
    """A parameter given at most once: a credential named twice is refused, never guessed between."""
    values = request.values.getlist(name)
    if len(values) > 1:
        raise SubsonicError(CONFLICTING_AUTH, f"{name} is given more than once.")
    value = values[0] if values else None
    if value is not None and len(value) > MAX_SECRET_LENGTH:
        raise SubsonicError(WRONG_CREDENTIALS, "Wrong user name or password.")
    return value


def _decoded_password(password):
    """``enc:`` is hex of the password's UTF-8; some apps (Tempus, py-sonic) write each character's code
    instead, which for the Latin-1 range is one byte each: read as Latin-1 when it is not UTF-8."""
    if not password.startswith("enc:"):
        return password
    try:
        raw = bytes.fromhex(password[4:])
    except ValueError:
        raise SubsonicError(WRONG_CREDENTIALS, "The enc: password is not hex-encoded.") from None
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError:
        return raw.decode("latin-1")


def _what_to_check():
    """The request's credentials, as auth_service's check takes them; the protocol's errors when they are
    missing or more than one way of signing in is used."""
    api_key, username = _single("apiKey"), _single("u")
    password, token, salt = _single("p"), _single("t"), _single("s")
    if api_key is not None:
        if username is not None or password is not None or token is not None:
            raise SubsonicError(CONFLICTING_AUTH, "Sign in with apiKey alone, or with u and a password; not both.")
        return {"api_key": api_key}
    if not username:
        raise missing("u")
    if password is not None and token is not None:
        raise SubsonicError(CONFLICTING_AUTH, "Sign in with p or with t and s; not both.")
    if password is not None:
        return {"username": username, "password": _decoded_password(password)}
    if token is not None:
        if salt is None:
            raise missing("s")
        return {"username": username, "token": token, "salt": salt}
    raise missing("p or t and s")


def _fingerprint(check):
    parts = [check.get(name) or "" for name in ("api_key", "username", "password", "token", "salt")]
    return hashlib.sha256("\0".join(parts).encode("utf-8", "surrogatepass")).digest()


def _recall(fingerprint):
    remembered = _remembered.get(fingerprint)
    if remembered is None or time.monotonic() - remembered[0] >= current_app.config["SESSION_CHECK_SECONDS"]:
        return None
    return remembered


def _ask_auth_service(check):
    response = auth_backend.request("POST", "/api/credentials/app-check", as_service=True,
                                    json={**check, "client": request.remote_addr}, pass_through=(401, 403, 429))
    body = response.json()
    if response.status_code == 429:
        raise SubsonicError(WRONG_CREDENTIALS, body.get("error") or "Too many wrong sign-ins; try again later.")
    if response.status_code != 200:
        code = _REFUSALS.get(body.get("reason"), WRONG_CREDENTIALS)
        raise SubsonicError(code, body.get("error") or "Wrong user name or password.")
    return body["account"], body.get("credential")


def sign_in():
    """Make the caller the request's user (``current_user``, as a page's), or raise the protocol's error."""
    check = _what_to_check()
    fingerprint = _fingerprint(check)
    remembered = _recall(fingerprint)
    if remembered is not None:
        account = accounts.session_state(remembered[1])
        if account is None or account.get("disabled") or account.get("session_version", 0) != remembered[2]:
            _remembered.pop(fingerprint, None)
            remembered = None
        else:
            credential_id = remembered[3]
    if remembered is None:
        account, credential = _ask_auth_service(check)
        accounts.remember_session_state(account)
        credential_id = credential["id"] if credential else None
        with _lock:
            if len(_remembered) >= _MAX_REMEMBERED:
                _remembered.clear()
            _remembered[fingerprint] = (time.monotonic(), account["id"], account.get("session_version", 0),
                                        credential_id)
    if account.get("must_change_password"):
        raise SubsonicError(NOT_AUTHORIZED, "An admin set a temporary password for this account: choose your own "
                                            "on the web player's account page first.")
    user = SessionUser(account)
    # flask-login's user for this request only: nothing is written to a session cookie.
    g._login_user = user
    g.user_id = user.id  # for the logs
    g.app_credential_id = credential_id
    return current_user


def forget_account(user_id):
    """Drop what this process remembers for the account: its key or app password was just revoked."""
    with _lock:
        for fingerprint in [key for key, value in _remembered.items() if value[1] == user_id]:
            _remembered.pop(fingerprint, None)

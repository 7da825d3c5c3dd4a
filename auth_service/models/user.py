"""User accounts: creation, credential checks and roles. Passwords are stored only as scrypt hashes."""
import hashlib
import hmac
import re
import secrets
import threading
import time
from datetime import datetime, timezone

from pymongo.errors import DuplicateKeyError
from werkzeug.security import check_password_hash, generate_password_hash

from auth_service.extensions import mongo
from common.offload import run_cpu_bound
from common.service_tokens import ROLE_ADMIN, ROLE_LISTENER

USERNAME_PATTERN = re.compile(r"^[A-Za-z0-9_.-]{3,32}$")
PASSWORD_MIN_LENGTH = 8
PASSWORD_MAX_LENGTH = 256
PASSWORD_METHOD = "scrypt"
# Checked when the username does not exist, so that a miss costs as much time as a wrong password.
_DUMMY_HASH = generate_password_hash("not-a-real-password", method=PASSWORD_METHOD)


def _hash_password(password):
    # scrypt is deliberately slow; off the event loop it neither stalls other requests nor holds the GIL.
    return run_cpu_bound(generate_password_hash, password, method=PASSWORD_METHOD)


def _password_matches(password_hash, password):
    return run_cpu_bound(check_password_hash, password_hash, password)


class UsernameTaken(Exception):
    pass


class InvalidAccount(ValueError):
    pass


def _users():
    return mongo.durable_db.users


def username_key(username):
    return username.strip().casefold()


def validate_account(username, password):
    if not isinstance(username, str) or not USERNAME_PATTERN.match(username.strip()):
        raise InvalidAccount("Username must be 3 to 32 letters, digits, dots, dashes or underscores.")
    if not isinstance(password, str) or not PASSWORD_MIN_LENGTH <= len(password) <= PASSWORD_MAX_LENGTH:
        raise InvalidAccount(f"Password must be {PASSWORD_MIN_LENGTH} to {PASSWORD_MAX_LENGTH} characters.")


class WrongPassword(Exception):
    pass


class AccountDisabled(Exception):
    """Right credentials, but an admin has disabled the account."""


class LastAdmin(Exception):
    """The change would leave no admin who can log in."""


def public_user(document):
    return {
        "id": str(document["_id"]),
        "username": document["username"],
        "role": document["role"],
        "created_at": document.get("created_at"),
        # Raised by a logout, a password change and a role change: a browser session opened under an
        # older version is over (the operator compares them).
        "session_version": document.get("session_version", 0),
        "disabled": bool(document.get("disabled")),
        "must_change_password": bool(document.get("must_change_password")),
        "last_login_at": document.get("last_login_at"),
    }


def _claim_first_admin(user_id):
    """True for exactly one account ever: the first to claim the admin seat (an atomic upsert)."""
    result = mongo.db.meta.update_one(
        {"_id": "first_admin"}, {"$setOnInsert": {"user_id": user_id}}, upsert=True
    )
    return result.upserted_id is not None


def create_user(username, password, role=None, signed_in=False):
    """Create an account. Without an explicit role the first account becomes admin, later ones listeners.

    ``signed_in``: the person signing up is logged in by it, which counts as their first login.
    """
    validate_account(username, password)
    username = username.strip()
    now = datetime.now(timezone.utc)
    document = {
        "username": username,
        "username_key": username_key(username),
        "password_hash": _hash_password(password),
        "role": role or ROLE_LISTENER,
        "created_at": now,
    }
    if signed_in:
        document["last_login_at"] = now
    try:
        document["_id"] = _users().insert_one(document).inserted_id
    except DuplicateKeyError:
        raise UsernameTaken(username) from None
    if role is None and _claim_first_admin(document["_id"]):
        _users().update_one({"_id": document["_id"]}, {"$set": {"role": ROLE_ADMIN}})
        document["role"] = ROLE_ADMIN
    return public_user(document)


def verify_credentials(username, password):
    """The account these credentials open, or None; never says which half was wrong."""
    if not isinstance(username, str) or not isinstance(password, str):
        return None
    document = _users().find_one({"username_key": username_key(username)})
    if document is None:
        _password_matches(_DUMMY_HASH, password)
        return None
    if not _password_matches(document["password_hash"], password):
        return None
    if document.get("disabled"):
        raise AccountDisabled()
    _users().update_one({"_id": document["_id"]}, {"$set": {"last_login_at": datetime.now(timezone.utc)}})
    return public_user(document)


# Listening apps send the login password with every request, streams and covers included: a right password
# is remembered briefly so that it costs one scrypt computation, not one per request. The entry is keyed by
# the stored hash as well, so a changed password never matches one remembered for the old; a disabled
# account is refused whatever is remembered (the account is read on every check). Keyed by an HMAC under a
# key of this process only: what is kept reveals nothing about the password without it.
_APP_CHECK_SECONDS = 300
_MAX_REMEMBERED = 10_000
_remembered_passwords = {}
_remembered_lock = threading.Lock()
_PROCESS_KEY = secrets.token_bytes(32)


def _remembered_key(password_hash, password):
    message = password_hash.encode() + b"\0" + password.encode("utf-8", "surrogatepass")
    return hmac.new(_PROCESS_KEY, message, hashlib.sha256).digest()


def find_by_username(username):
    """The stored account document, password hash included: only for credential checks in this service."""
    if not isinstance(username, str):
        return None
    return _users().find_one({"username_key": username_key(username)})


def login_password_matches(document, password, remember=False):
    """Whether ``password`` is the account's login password; ``document`` None costs the same as a miss.
    ``remember``: a right password is not hashed again for a few minutes (listening apps' repeated checks)."""
    if not isinstance(password, str):
        return False
    if document is None:
        _password_matches(_DUMMY_HASH, password)
        return False
    key = _remembered_key(document["password_hash"], password) if remember else None
    if key is not None and _remembered_passwords.get(key, 0) > time.monotonic():
        return True
    if not _password_matches(document["password_hash"], password):
        return False
    if key is not None:
        with _remembered_lock:
            if len(_remembered_passwords) >= _MAX_REMEMBERED:
                _remembered_passwords.clear()
            _remembered_passwords[key] = time.monotonic() + _APP_CHECK_SECONDS
    return True


def find_user_document(user_id):
    """The stored account document: only for credential checks in this service."""
    return _users().find_one({"_id": user_id})


def find_user(user_id):
    document = _users().find_one({"_id": user_id})
    return public_user(document) if document else None


def list_users(limit=100):
    return [public_user(d) for d in _users().find().sort("username_key", 1).limit(limit)]


def search_users(prefix="", after_key=None, limit=50):
    """A page of accounts whose username starts with ``prefix``, in username order after ``after_key``."""
    key = username_key(prefix) if isinstance(prefix, str) else ""
    query = {"username_key": {"$regex": "^" + re.escape(key)}} if key else {}
    if after_key:
        query.setdefault("username_key", {})["$gt"] = after_key
    documents = list(_users().find(query).sort("username_key", 1).limit(limit + 1))
    more = len(documents) > limit
    return [public_user(d) for d in documents[:limit]], (documents[limit - 1]["username_key"] if more else None)


def _other_active_admin_exists(user_id):
    return _users().count_documents({"role": ROLE_ADMIN, "disabled": {"$ne": True}, "_id": {"$ne": user_id}},
                                    limit=1) > 0


def set_role(user_id, role):
    """Change the role. Sessions go on: the operator reads the role afresh, so a demoted admin's next
    admin page is refused without logging them out. LastAdmin when it would demote the last admin."""
    if role != ROLE_ADMIN and not _other_active_admin_exists(user_id):
        current = _users().find_one({"_id": user_id}, {"role": 1})
        if current and current["role"] == ROLE_ADMIN:
            raise LastAdmin()
    document = _users().find_one_and_update({"_id": user_id}, {"$set": {"role": role}}, return_document=True)
    return public_user(document) if document else None


def set_disabled(user_id, disabled):
    """Disable an account, which ends its sessions at once and refuses its logins, or enable it again."""
    if disabled and not _other_active_admin_exists(user_id):
        current = _users().find_one({"_id": user_id}, {"role": 1})
        if current and current["role"] == ROLE_ADMIN:
            raise LastAdmin()
    change = {"$set": {"disabled": bool(disabled)}}
    if disabled:
        change["$inc"] = {"session_version": 1}
    document = _users().find_one_and_update({"_id": user_id}, change, return_document=True)
    return public_user(document) if document else None


def set_temporary_password(user_id, password):
    """An admin's reset: the account's sessions end and the user must choose a new password at next login."""
    document = _users().find_one({"_id": user_id})
    if document is None:
        return None
    validate_account(document["username"], password)
    updated = _users().find_one_and_update(
        {"_id": user_id},
        {"$set": {"password_hash": _hash_password(password), "must_change_password": True},
         "$inc": {"session_version": 1}},
        return_document=True,
    )
    return public_user(updated)


def revoke_sessions(user_id):
    """End every session of the account, wherever its cookie is; None when there is no such account."""
    document = _users().find_one_and_update(
        {"_id": user_id}, {"$inc": {"session_version": 1}}, return_document=True,
    )
    return public_user(document) if document else None


def change_password(user_id, current_password, new_password):
    """Set a new password, given the current one; every session of the account ends.

    None when there is no such account; WrongPassword or InvalidAccount say what is wrong.
    """
    document = _users().find_one({"_id": user_id})
    if document is None:
        return None
    if not isinstance(current_password, str) or not _password_matches(document["password_hash"], current_password):
        raise WrongPassword()
    validate_account(document["username"], new_password)
    if new_password == current_password:
        # Above all after an admin's reset: the temporary password, which the admin knows, cannot be kept.
        raise InvalidAccount("Choose a new password that differs from the current one.")
    # The hash it replaces is part of the filter, so two changes at once cannot both succeed.
    updated = _users().find_one_and_update(
        {"_id": user_id, "password_hash": document["password_hash"]},
        {"$set": {"password_hash": _hash_password(new_password), "must_change_password": False},
         "$inc": {"session_version": 1}},
        return_document=True,
    )
    if updated is None:
        raise WrongPassword()
    return public_user(updated)


def provision_admin(username, password):
    """Create the configured admin, or bring its password and role up to date: ``(admin, changed)``."""
    validate_account(username, password)
    username = username.strip()
    existing = _users().find_one({"username_key": username_key(username)})
    if existing and existing["role"] == ROLE_ADMIN and _password_matches(existing["password_hash"], password):
        return public_user(existing), False  # nothing to change, so the admin's sessions go on
    _users().update_one(
        {"username_key": username_key(username)},
        {
            "$set": {
                "password_hash": _hash_password(password),
                "role": ROLE_ADMIN,
            },
            "$inc": {"session_version": 1},
            "$setOnInsert": {
                "username": username,
                "username_key": username_key(username),
                "created_at": datetime.now(timezone.utc),
            },
        },
        upsert=True,
    )
    document = _users().find_one({"username_key": username_key(username)})
    _claim_first_admin(document["_id"])
    return public_user(document), True

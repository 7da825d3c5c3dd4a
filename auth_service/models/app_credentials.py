"""Credentials for listening apps (the Subsonic API): API keys and app passwords.

An API key is a random 256-bit secret; only its SHA-256 is stored, which is enough for a secret that cannot
be guessed, and it is found by that hash. An app password exists for the apps that only know the classic
Subsonic token sign-in, ``t = md5(secret + s)``, which the server can check only by recomputing it: so it is
kept encrypted (Fernet, with keys from APP_PASSWORD_KEYS, never stored beside it), not hashed. Both are
shown once, when they are made.
"""
import hashlib
import hmac
import secrets
from datetime import datetime, timedelta, timezone

from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from flask import current_app

from auth_service.extensions import mongo

API_KEY = "api_key"
APP_PASSWORD = "app_password"
KINDS = (API_KEY, APP_PASSWORD)
MAX_NAME_LENGTH = 64
# Each app password of an account is decrypted at a token sign-in: a bound keeps that cheap.
MAX_PER_ACCOUNT = 25
# A key or password is written "last used" at most this often, not on every stream and cover.
LAST_USED_RESOLUTION = timedelta(minutes=1)
_API_KEY_PREFIX = "msk_"


class InvalidCredential(ValueError):
    pass


class AppPasswordsOff(Exception):
    """The server has no APP_PASSWORD_KEYS, so it cannot keep an app password."""


def _collection():
    return mongo.durable_db.app_credentials


def _fernet():
    keys = [key.strip() for key in (current_app.config.get("APP_PASSWORD_KEYS") or "").split(",") if key.strip()]
    if not keys:
        raise AppPasswordsOff()
    # The first key encrypts; all of them decrypt, so that a key can be rotated without losing passwords.
    return MultiFernet([Fernet(key.encode()) for key in keys])


def _key_hash(api_key):
    return hashlib.sha256(api_key.encode("utf-8", "surrogatepass")).hexdigest()


def public_credential(document, username=None):
    credential = {
        "id": str(document["_id"]), "user_id": str(document["user_id"]), "kind": document["kind"],
        "name": document["name"], "created_at": document["created_at"],
        "last_used_at": document.get("last_used_at"),
    }
    if username is not None:
        credential["username"] = username
    return credential


def clean_name(name):
    if not isinstance(name, str) or not name.strip():
        raise InvalidCredential("Give it a name, such as the app or the device it is for.")
    name = " ".join(name.split())
    if len(name) > MAX_NAME_LENGTH:
        raise InvalidCredential(f"The name must be at most {MAX_NAME_LENGTH} characters.")
    return name


def create(user_id, username, kind, name):
    """Make a credential: ``(credential, secret)``; the secret is never available again."""
    if kind not in KINDS:
        raise InvalidCredential("Choose an API key or an app password.")
    name = clean_name(name)
    if _collection().count_documents({"user_id": user_id}, limit=MAX_PER_ACCOUNT) >= MAX_PER_ACCOUNT:
        raise InvalidCredential(f"An account can have at most {MAX_PER_ACCOUNT} keys and app passwords: "
                                "revoke one it no longer needs first.")
    document = {"user_id": user_id, "username": username, "kind": kind, "name": name,
                "created_at": datetime.now(timezone.utc), "last_used_at": None}
    if kind == API_KEY:
        secret = _API_KEY_PREFIX + secrets.token_urlsafe(32)
        document["key_hash"] = _key_hash(secret)
    else:
        # Letters and digits only, in groups: typed by hand into a phone, and safe in any URL.
        alphabet = "abcdefghjkmnpqrstuvwxyz23456789"
        secret = "-".join("".join(secrets.choice(alphabet) for _ in range(5)) for _ in range(4))
        document["encrypted_secret"] = _fernet().encrypt(secret.encode()).decode()
    document["_id"] = _collection().insert_one(document).inserted_id
    return public_credential(document), secret


def list_for(user_id):
    return [public_credential(d) for d in _collection().find({"user_id": user_id}).sort("created_at", -1)]


def list_all(limit=200):
    """Every credential in use, newest first, with its owner's name: what an admin reviews."""
    documents = _collection().find().sort("created_at", -1).limit(limit)
    return [public_credential(d, d.get("username")) for d in documents]


def find(credential_id):
    document = _collection().find_one({"_id": credential_id})
    return public_credential(document, document.get("username")) if document else None


def revoke(credential_id, user_id=None):
    """Delete a credential (of ``user_id`` only, when given); the credential as it was, or None."""
    query = {"_id": credential_id}
    if user_id is not None:
        query["user_id"] = user_id
    document = _collection().find_one_and_delete(query)
    return public_credential(document, document.get("username")) if document else None


def revoke_all(user_id):
    return _collection().delete_many({"user_id": user_id}).deleted_count


def _mark_used(document):
    now = datetime.now(timezone.utc)
    last = document.get("last_used_at")
    if last is not None and last.tzinfo is None:
        last = last.replace(tzinfo=timezone.utc)
    if last is None or now - last >= LAST_USED_RESOLUTION:
        _collection().update_one({"_id": document["_id"]}, {"$set": {"last_used_at": now}})


def find_api_key(api_key):
    """The credential this API key is, or None."""
    if not isinstance(api_key, str) or not api_key.startswith(_API_KEY_PREFIX) or len(api_key) > 100:
        return None
    document = _collection().find_one({"key_hash": _key_hash(api_key), "kind": API_KEY})
    if document is None:
        return None
    _mark_used(document)
    return public_credential(document)


def _app_passwords(user_id):
    """``[(document, secret)]`` for each app password of the account the current key can open."""
    documents = list(_collection().find({"user_id": user_id, "kind": APP_PASSWORD}).limit(MAX_PER_ACCOUNT))
    if not documents:
        return []
    try:
        fernet = _fernet()
    except AppPasswordsOff:
        return []
    opened = []
    for document in documents:
        try:
            opened.append((document, fernet.decrypt(document["encrypted_secret"].encode()).decode()))
        except (InvalidToken, KeyError):
            continue  # made under a key that has since been removed from APP_PASSWORD_KEYS
    return opened


def match_app_password(user_id, password):
    """The app password of the account that ``password`` is, or None."""
    if not isinstance(password, str):
        return None
    given = password.encode("utf-8", "surrogatepass")
    for document, secret in _app_passwords(user_id):
        if hmac.compare_digest(secret.encode(), given):
            _mark_used(document)
            return public_credential(document)
    return None


def match_token(user_id, token, salt):
    """The app password for which ``token == md5(password + salt)``, or None."""
    if not isinstance(token, str) or not isinstance(salt, str):
        return None
    token = token.strip().lower()
    for document, secret in _app_passwords(user_id):
        expected = hashlib.md5((secret + salt).encode("utf-8", "surrogatepass"), usedforsecurity=False).hexdigest()
        if hmac.compare_digest(expected.encode(), token.encode("utf-8", "surrogatepass")):
            _mark_used(document)
            return public_credential(document)
    return None

"""Short-lived signed tokens that name the calling user and role, checked by every backend."""
from dataclasses import dataclass
from functools import wraps

from flask import current_app, g, request
from itsdangerous import BadSignature, SignatureExpired, URLSafeTimedSerializer
from werkzeug.exceptions import Forbidden, Unauthorized

ROLE_LISTENER = "listener"
ROLE_ADMIN = "admin"
# The operator itself, acting before a user is logged in (sign-up, credential checks).
ROLE_SERVICE = "service"
ROLES = (ROLE_LISTENER, ROLE_ADMIN, ROLE_SERVICE)

_SALT = "music-service-token"


@dataclass(frozen=True)
class Caller:
    user_id: str
    username: str
    role: str

    @property
    def is_admin(self):
        return self.role == ROLE_ADMIN


# The people using the service, as opposed to the operator acting for nobody in particular: what most
# song_service routes allow.
PEOPLE = (ROLE_LISTENER, ROLE_ADMIN)


def _serializer(secret):
    return URLSafeTimedSerializer(secret, salt=_SALT)


def issue_token(secret, user_id, username, role):
    if role not in ROLES:
        raise ValueError(f"unknown role {role!r}")
    return _serializer(secret).dumps({"sub": str(user_id), "name": username, "role": role})


def read_token(secret, token, max_age):
    """Return the Caller a token names, or None when it is forged, malformed or expired."""
    try:
        claims = _serializer(secret).loads(token, max_age=max_age)
    except (SignatureExpired, BadSignature):
        return None
    if not isinstance(claims, dict) or claims.get("role") not in ROLES:
        return None
    return Caller(user_id=str(claims.get("sub", "")), username=str(claims.get("name", "")), role=claims["role"])


def caller_from_request():
    header = request.headers.get("Authorization", "")
    scheme, _, token = header.partition(" ")
    if scheme.lower() != "bearer" or not token:
        return None
    config = current_app.config
    return read_token(config["SERVICE_TOKEN_SECRET"], token.strip(), config["SERVICE_TOKEN_MAX_AGE"])


def require_role(*allowed_roles):
    """Reject the request with 401 without a valid token, and 403 when its role is not allowed.

    With no roles given any authenticated caller passes. The caller is kept in ``g.caller``.
    """

    def decorator(view):
        @wraps(view)
        def wrapped(*args, **kwargs):
            caller = caller_from_request()
            if caller is None:
                raise Unauthorized("A valid service token is required.")
            if allowed_roles and caller.role not in allowed_roles:
                raise Forbidden("Your role does not allow this action.")
            g.caller = caller
            g.user_id = caller.user_id  # for the logs (common/json_logs.py)
            return view(*args, **kwargs)

        return wrapped

    return decorator

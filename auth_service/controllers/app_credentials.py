"""Listening apps' credentials: a person's API keys and app passwords, an admin's review of them, and the
check the operator asks for on every Subsonic API request it has not seen lately."""
from flask import current_app, g, jsonify
from werkzeug.exceptions import BadRequest, Forbidden, NotFound, ServiceUnavailable

from auth_service.controllers.users import LOGIN_REFUSAL, _client_address, _password_was_right, _too_many
from auth_service.middleware.roles import admins_only, people_only, services_only
from auth_service.models import app_credentials, audit, rate_limits
from auth_service.models import user as users
from common.api import json_object
from common.ids import parse_object_id
from common.metrics import LOGINS
from common.service_tokens import ROLE_ADMIN

# Why a check failed, for the operator to answer in the protocol's own words (its error codes).
WRONG = "wrong_credentials"
TOKEN_NEEDS_APP_PASSWORD = "token_needs_app_password"
UNKNOWN_API_KEY = "unknown_api_key"
DISABLED = "disabled"


def _refused(status, reason, message):
    return jsonify(error=message, reason=reason), status


def _own_or_admin(user_id):
    if g.caller.role != ROLE_ADMIN and g.caller.user_id != str(user_id):
        raise Forbidden("Only the account's own user or an admin may do this.")


@people_only
def index(user_id):
    _own_or_admin(user_id)
    return jsonify(credentials=app_credentials.list_for(user_id),
                   app_passwords_available=bool(current_app.config.get("APP_PASSWORD_KEYS")))


@people_only
def create(user_id):
    if g.caller.user_id != str(user_id):
        raise Forbidden("Only the account's own user may make its keys and app passwords.")
    account = users.find_user(user_id)
    if account is None:
        raise NotFound("No such user.")
    body = json_object()
    try:
        credential, secret = app_credentials.create(user_id, account["username"], body.get("kind"), body.get("name"))
    except app_credentials.InvalidCredential as error:
        raise BadRequest(str(error)) from None
    except app_credentials.AppPasswordsOff:
        raise ServiceUnavailable("App passwords are not available on this server (it has no APP_PASSWORD_KEYS); "
                                 "use an API key instead.") from None
    return jsonify(credential=credential, secret=secret), 201


@people_only
def revoke(user_id, credential_id):
    _own_or_admin(user_id)
    credential = app_credentials.revoke(credential_id, user_id)
    if credential is None:
        raise NotFound("No such key or app password.")
    if g.caller.user_id != str(user_id):
        audit.record(g.caller, "revoke_app_credential", user_id, credential.get("username") or "", credential["name"])
    return jsonify(credential)


@admins_only
def index_all():
    return jsonify(credentials=app_credentials.list_all())


def _count_attempt(counter, key, limit_name):
    config = current_app.config
    try:
        return rate_limits.count_attempt(counter, key, config[limit_name], config["LOGIN_WINDOW_SECONDS"])
    except rate_limits.TooManyAttempts as error:
        LOGINS.labels("rate_limited").inc()
        raise _too_many(LOGIN_REFUSAL, error) from None


@services_only
def check():
    """Who a listening app's credentials open: ``{"account", "credential"}`` (credential None for the login
    password), or a refusal with a ``reason``. Wrong attempts count against the login page's limits, per
    address and, when an account is named, per account; a right one gives its attempts back."""
    body = json_object()
    client = _client_address(body)
    api_key, username = body.get("api_key"), body.get("username")
    attempts = [_count_attempt("login-address", client, "LOGIN_ATTEMPTS_PER_ADDRESS")]
    if api_key is not None:
        credential = app_credentials.find_api_key(api_key)
        document = users.find_user_document(parse_object_id(credential["user_id"])) if credential else None
        if document is None:
            LOGINS.labels("failure").inc()
            return _refused(401, UNKNOWN_API_KEY, "This API key is not known here, or it has been revoked: "
                                                  "make a new one on the account page.")
    else:
        if not isinstance(username, str):
            raise BadRequest("A user name is needed.")
        attempts.append(_count_attempt("login-account", users.username_key(username), "LOGIN_ATTEMPTS_PER_ACCOUNT"))
        document = users.find_by_username(username)
        credential = None
        if body.get("token") is not None:
            if document is not None:
                credential = app_credentials.match_token(document["_id"], body.get("token"), body.get("salt"))
            if credential is None:
                # The same answer whether the account exists or not; apps that get it may fall back to
                # sending the password itself, which is the right thing for a login password.
                LOGINS.labels("failure").inc()
                return _refused(401, TOKEN_NEEDS_APP_PASSWORD,
                                "Token sign-in (t and s) works only with an app password, and this is none of the "
                                "account's: make one on the account page, or sign in with the password itself (p) "
                                "or an API key.")
        else:
            password = body.get("password")
            if document is not None:
                credential = app_credentials.match_app_password(document["_id"], password)
            if credential is None and not users.login_password_matches(document, password, remember=True):
                document = None
        if document is None:
            LOGINS.labels("failure").inc()
            return _refused(401, WRONG, "Wrong user name or password.")
    if document.get("disabled"):
        LOGINS.labels("disabled").inc()
        return _refused(403, DISABLED, "This account is disabled. Ask an admin to enable it.")
    _password_was_right(attempts)
    return jsonify(account=users.public_user(document), credential=credential)

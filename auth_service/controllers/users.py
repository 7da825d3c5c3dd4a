"""Registration, credential checks and account lookups."""
from flask import current_app, g, jsonify
from werkzeug.exceptions import BadRequest, Conflict, Forbidden, NotFound, TooManyRequests, Unauthorized

from auth_service.middleware.roles import admins_only, any_caller, people_only, service_or_admin, services_only
from auth_service.models import audit, rate_limits, signup
from auth_service.models import user as users
from common.api import json_object
from common.metrics import LOGINS, RATE_LIMIT_REFUSALS
from common.service_tokens import ROLE_ADMIN, ROLE_LISTENER, ROLE_SERVICE

MAX_CLIENT_LENGTH = 64


def _client_address(body):
    """The browser's address, which the operator passes on; it decides the per-address limits."""
    client = body.get("client")
    return client if isinstance(client, str) and 0 < len(client) <= MAX_CLIENT_LENGTH else "unknown"


def _too_many(message, error):
    RATE_LIMIT_REFUSALS.labels(error.limit).inc()
    return TooManyRequests(message, retry_after=error.retry_after)


@service_or_admin
def register():
    body = json_object()
    role = body.get("role")
    # Only an admin may choose a role; sign-up through the operator gets the default rule.
    if role is not None and (g.caller.role != ROLE_ADMIN or role not in (ROLE_LISTENER, ROLE_ADMIN)):
        raise Forbidden("Only an admin may choose a role, and only listener or admin.")
    invite = None
    if g.caller.role == ROLE_SERVICE:  # someone signing up, not an admin adding an account
        mode = signup.mode()
        if mode == "closed":
            raise Forbidden("Sign-up is closed on this server; ask an admin for an account.")
        try:
            rate_limits.count_attempt("signup-address", _client_address(body),
                                      current_app.config["SIGNUPS_PER_ADDRESS_PER_HOUR"], 3600)
        except rate_limits.TooManyAttempts as error:
            raise _too_many("Too many new accounts from your address. Please try again later.", error) from None
        if mode == "invite":
            try:
                users.validate_account(body.get("username"), body.get("password"))
                signup.use_invite(body.get("invite"), str(body.get("username")))
            except users.InvalidAccount as error:
                raise BadRequest(str(error)) from None
            except signup.InviteRefused as error:
                raise Forbidden(str(error)) from None
            invite = body.get("invite")
    try:
        # Someone signing up is logged in by the operator at once; an admin adding an account is not.
        account = users.create_user(body.get("username"), body.get("password"), role=role,
                                    signed_in=g.caller.role == ROLE_SERVICE)
    except users.InvalidAccount as error:
        raise BadRequest(str(error)) from None
    except users.UsernameTaken:
        if invite:
            signup.give_back_invite(invite)
        raise Conflict("That username is already taken.") from None
    return jsonify(account), 201


@any_caller
def signup_mode():
    """How people may sign up here, for the sign-up page."""
    return jsonify(mode=signup.mode())


@services_only
def check_credentials():
    """Check a login; attempts are limited per account and per client address before any password is
    checked, so that guessing stops at the limit whatever the guesses are."""
    body = json_object()
    username = body.get("username")
    config = current_app.config
    window = config["LOGIN_WINDOW_SECONDS"]
    try:
        address_attempt = rate_limits.count_attempt(
            "login-address", _client_address(body), config["LOGIN_ATTEMPTS_PER_ADDRESS"], window)
        account_attempt = rate_limits.count_attempt(
            "login-account", users.username_key(username) if isinstance(username, str) else "",
            config["LOGIN_ATTEMPTS_PER_ACCOUNT"], window)
    except rate_limits.TooManyAttempts as error:
        LOGINS.labels("rate_limited").inc()
        raise _too_many("Too many login attempts. Please wait a few minutes and try again.", error) from None
    try:
        account = users.verify_credentials(username, body.get("password"))
    except users.AccountDisabled:
        LOGINS.labels("disabled").inc()
        raise Forbidden("This account is disabled. Ask an admin to enable it.") from None
    if account is None:
        LOGINS.labels("failure").inc()
        raise Unauthorized("Invalid username or password.")
    LOGINS.labels("success").inc()
    # The real user's logins never use up the allowance that guesses are counted against.
    rate_limits.give_back(address_attempt)
    rate_limits.give_back(account_attempt)
    return jsonify(account)


@any_caller
def show(user_id):
    caller = g.caller
    if caller.role == ROLE_LISTENER and caller.user_id != str(user_id):
        raise Forbidden("You may only look up your own account.")
    account = users.find_user(user_id)
    if account is None:
        raise NotFound("No such user.")
    return jsonify(account)


@admins_only
def index():
    return jsonify(users=users.list_users())


@admins_only
def change_role(user_id):
    role = json_object().get("role")
    if role not in (ROLE_LISTENER, ROLE_ADMIN):
        raise BadRequest("Role must be listener or admin.")
    try:
        account = users.set_role(user_id, role)
    except users.LastAdmin:
        raise Conflict("That is the last admin: make another account admin first.") from None
    if account is None:
        raise NotFound("No such user.")
    audit.record(g.caller, "role", account["id"], account["username"], role)
    return jsonify(account)


def _own_account_only(user_id):
    if g.caller.role == ROLE_SERVICE or g.caller.user_id != str(user_id):
        raise Forbidden("Only the account's own user may do this.")


@people_only
def revoke_sessions(user_id):
    """Log the account out everywhere: what logging out of one browser does."""
    _own_account_only(user_id)
    account = users.revoke_sessions(user_id)
    if account is None:
        raise NotFound("No such user.")
    return jsonify(account)


@people_only
def change_password(user_id):
    _own_account_only(user_id)
    body = json_object()
    try:
        account = users.change_password(user_id, body.get("current_password"), body.get("new_password"))
    except users.WrongPassword:
        raise Forbidden("The current password is not right.") from None
    except users.InvalidAccount as error:
        raise BadRequest(str(error)) from None
    if account is None:
        raise NotFound("No such user.")
    return jsonify(account)

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


LOGIN_REFUSAL = "Too many login attempts. Please wait a few minutes and try again."
PASSWORD_CHANGE_REFUSAL = "Too many wrong passwords. Please wait a few minutes and try again."


def _count_password_attempt(username, client_address, refusal):
    """Count a password check against the login limits, per account and per client address, before the
    password is checked, so that guessing stops at the limit whatever the guesses are and wherever the
    password is asked for (the login, a password change). Returns what ``_password_was_right`` gives back."""
    config = current_app.config
    window = config["LOGIN_WINDOW_SECONDS"]
    try:
        address_attempt = rate_limits.count_attempt(
            "login-address", client_address, config["LOGIN_ATTEMPTS_PER_ADDRESS"], window)
        account_attempt = rate_limits.count_attempt(
            "login-account", users.username_key(username) if isinstance(username, str) else "",
            config["LOGIN_ATTEMPTS_PER_ACCOUNT"], window)
    except rate_limits.TooManyAttempts as error:
        LOGINS.labels("rate_limited").inc()
        raise _too_many(refusal, error) from None
    return address_attempt, account_attempt


def _password_was_right(attempts):
    """The real user's right passwords never use up the allowance that guesses are counted against."""
    for attempt in attempts:
        rate_limits.give_back(attempt)


@services_only
def check_credentials():
    """Check a login, within the login limits."""
    body = json_object()
    username = body.get("username")
    attempts = _count_password_attempt(username, _client_address(body), LOGIN_REFUSAL)
    try:
        account = users.verify_credentials(username, body.get("password"))
    except users.AccountDisabled:
        LOGINS.labels("disabled").inc()
        raise Forbidden("This account is disabled. Ask an admin to enable it.") from None
    if account is None:
        LOGINS.labels("failure").inc()
        raise Unauthorized("Invalid username or password.")
    LOGINS.labels("success").inc()
    _password_was_right(attempts)
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
    """A new password, given the current one; a wrong current one counts against the login limits."""
    _own_account_only(user_id)
    body = json_object()
    account = users.find_user(user_id)
    if account is None:
        raise NotFound("No such user.")
    attempts = _count_password_attempt(account["username"], _client_address(body), PASSWORD_CHANGE_REFUSAL)
    try:
        account = users.change_password(user_id, body.get("current_password"), body.get("new_password"))
    except users.WrongPassword:
        LOGINS.labels("failure").inc()
        raise Forbidden("The current password is not right.") from None
    except users.InvalidAccount as error:
        _password_was_right(attempts)  # refused for the new password; the current one was right
        raise BadRequest(str(error)) from None
    if account is None:
        raise NotFound("No such user.")
    _password_was_right(attempts)
    return jsonify(account)

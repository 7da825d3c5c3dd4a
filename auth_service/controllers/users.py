"""Registration, credential checks and account lookups."""
from flask import g, jsonify
from werkzeug.exceptions import BadRequest, Conflict, Forbidden, NotFound, Unauthorized

from auth_service.models import user as users
from common.api import json_object
from common.service_tokens import ROLE_ADMIN, ROLE_LISTENER, ROLE_SERVICE, ROLES, require_role


@require_role(ROLE_SERVICE, ROLE_ADMIN)
def register():
    body = json_object()
    role = body.get("role")
    # Only an admin may choose a role; sign-up through the operator gets the default rule.
    if role is not None and (g.caller.role != ROLE_ADMIN or role not in (ROLE_LISTENER, ROLE_ADMIN)):
        raise Forbidden("Only an admin may choose a role, and only listener or admin.")
    try:
        account = users.create_user(body.get("username"), body.get("password"), role=role)
    except users.InvalidAccount as error:
        raise BadRequest(str(error)) from None
    except users.UsernameTaken:
        raise Conflict("That username is already taken.") from None
    return jsonify(account), 201


@require_role(ROLE_SERVICE)
def check_credentials():
    body = json_object()
    account = users.verify_credentials(body.get("username"), body.get("password"))
    if account is None:
        raise Unauthorized("Invalid username or password.")
    return jsonify(account)


@require_role(*ROLES)
def show(user_id):
    caller = g.caller
    if caller.role == ROLE_LISTENER and caller.user_id != str(user_id):
        raise Forbidden("You may only look up your own account.")
    account = users.find_user(user_id)
    if account is None:
        raise NotFound("No such user.")
    return jsonify(account)


@require_role(ROLE_ADMIN)
def index():
    return jsonify(users=users.list_users())


@require_role(ROLE_ADMIN)
def change_role(user_id):
    role = json_object().get("role")
    if role not in (ROLE_LISTENER, ROLE_ADMIN):
        raise BadRequest("Role must be listener or admin.")
    account = users.set_role(user_id, role)
    if account is None:
        raise NotFound("No such user.")
    return jsonify(account)


def _own_account_only(user_id):
    if g.caller.role == ROLE_SERVICE or g.caller.user_id != str(user_id):
        raise Forbidden("Only the account's own user may do this.")


@require_role(ROLE_LISTENER, ROLE_ADMIN)
def revoke_sessions(user_id):
    """Log the account out everywhere: what logging out of one browser does."""
    _own_account_only(user_id)
    account = users.revoke_sessions(user_id)
    if account is None:
        raise NotFound("No such user.")
    return jsonify(account)


@require_role(ROLE_LISTENER, ROLE_ADMIN)
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

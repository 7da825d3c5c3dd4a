"""The users area of the admin console, as fragments for the operator (common/admin_fragments.py): accounts,
roles, disabling, temporary passwords, the sign-up mode with invites, and the audit log."""
from bson import ObjectId
from bson.errors import InvalidId
from flask import g, request
from werkzeug.exceptions import NotFound

from auth_service.models import app_credentials, audit, signup
from auth_service.models import user as users
from common.admin_fragments import redirect_to, render_fragment
from common.ids import parse_object_id
from common.service_tokens import ROLE_ADMIN, ROLE_LISTENER

MAX_QUERY = 32


def _account(user_id):
    account = users.find_user(user_id)
    if account is None:
        raise NotFound("No such user.")
    return account


def index():
    query = request.args.get("q", "")[:MAX_QUERY].strip()
    after = request.args.get("after", "")[:MAX_QUERY] or None
    accounts, next_after = users.search_users(query, after)
    return render_fragment("admin/users.html", "Users", accounts=accounts, query=query, next_after=next_after)


def show(user_id, errors=(), status=200):
    return render_fragment("admin/user.html", f"User {_account(user_id)['username']}", status,
                           account=_account(user_id), errors=errors, caller_id=g.caller.user_id)


def change_role(user_id):
    role = request.form.get("role")
    if role not in (ROLE_LISTENER, ROLE_ADMIN):
        return show(user_id, ["Choose listener or admin."], 400)
    account = _account(user_id)
    try:
        users.set_role(user_id, role)
    except users.LastAdmin:
        return show(user_id, [f"{account['username']} is the last admin: make another account admin first."], 409)
    audit.record(g.caller, "role", user_id, account["username"], role)
    return redirect_to("admin.show",
                       f"{account['username']} is now {'an admin' if role == ROLE_ADMIN else 'a listener'}.",
                       user_id=user_id)


def change_disabled(user_id):
    disabled = request.form.get("disabled") == "1"
    account = _account(user_id)
    try:
        users.set_disabled(user_id, disabled)
    except users.LastAdmin:
        return show(user_id, [f"{account['username']} is the last admin: they cannot be disabled."], 409)
    audit.record(g.caller, "disable" if disabled else "enable", user_id, account["username"])
    message = (f"{account['username']} is disabled: their sessions have ended and they cannot log in."
               if disabled else f"{account['username']} can log in again.")
    return redirect_to("admin.show", message, user_id=user_id)


def temporary_password(user_id):
    account = _account(user_id)
    try:
        users.set_temporary_password(user_id, request.form.get("password", ""))
    except users.InvalidAccount as error:
        return show(user_id, [str(error)], 400)
    audit.record(g.caller, "temporary password", user_id, account["username"])
    return redirect_to("admin.show", f"{account['username']} must choose a new password at their next login.",
                       user_id=user_id)


def signup_settings(errors=(), status=200):
    return render_fragment("admin/signup.html", "Sign-up", status, mode=signup.mode(), modes=signup.MODES,
                           invites=signup.open_invites(), invite_days=signup.INVITE_DAYS, errors=errors,
                           new_invite=request.args.get("invite", "")[:40])


def change_signup_mode():
    try:
        signup.set_mode(request.form.get("mode"))
    except ValueError as error:
        return signup_settings([str(error)], 400)
    audit.record(g.caller, "sign-up mode", detail=request.form["mode"])
    return redirect_to("admin.signup_settings", f"Sign-up is now {request.form['mode']}.")


def create_invite():
    try:
        days = int(request.form.get("days", ""))
        invite = signup.create_invite(g.caller.user_id, days)
    except ValueError:
        return signup_settings([f"An invite lasts {', '.join(map(str, signup.INVITE_DAYS))} days."], 400)
    audit.record(g.caller, "invite", detail=f"for {days} days")
    return redirect_to("admin.signup_settings", "Invite created: send its link to the person you invite.",
                       invite=invite["_id"])


def revoke_invite():
    code = request.form.get("code", "")
    if not code or signup.revoke_invite(code) is None:
        raise NotFound("No such invite, or it was used already.")
    audit.record(g.caller, "revoke invite")
    return redirect_to("admin.signup_settings", "Invite revoked.")


def audit_log():
    before = request.args.get("before", "")
    try:
        before = ObjectId(before) if before else None
    except InvalidId:
        before = None
    entries = audit.newest(before)
    next_before = str(entries[-1]["_id"]) if len(entries) == audit.PAGE_SIZE else None
    return render_fragment("admin/audit.html", "Audit log", entries=entries, next_before=next_before)


def listening_apps():
    """Every API key and app password in use, with whose it is and when it was last used."""
    return render_fragment("admin/apps.html", "Listening apps", credentials=app_credentials.list_all())


def revoke_app_credential():
    credential_id = parse_object_id(request.form.get("credential_id", ""))
    credential = app_credentials.revoke(credential_id) if credential_id else None
    if credential is None:
        raise NotFound("No such key or app password; it may have been revoked already.")
    audit.record(g.caller, "revoke app credential", credential["user_id"], credential.get("username") or "",
                 credential["name"])
    return redirect_to("admin.listening_apps", f"Revoked “{credential['name']}” of {credential.get('username')}.")

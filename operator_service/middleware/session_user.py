"""The logged-in browser user: who it is, in the signed session cookie so that any replica can serve any
request; what it may do, from auth_service.

A session is revocable: the cookie carries the account's session version, and a logout, a password
change or disabling the account raises it in auth_service, which ends every session opened under the old
one. The role always comes from auth_service, never from the cookie. Reading pages checks both through a
cache at most SESSION_CHECK_SECONDS stale; a request that may change data and every admin page ask
auth_service at that moment, so a demotion or a disabled account stops them at once. A session also ends
after SESSION_IDLE_TIMEOUT without a request and SESSION_MAX_AGE after the login.
"""
import time
from functools import wraps

from flask import current_app, g, redirect, request, session, url_for
from flask_login import UserMixin, current_user, login_required, login_user, logout_user
from werkzeug.exceptions import Forbidden

from common.service_tokens import ROLE_ADMIN
from operator_service.extensions import login_manager
from operator_service.models import accounts

SESSION_KEY = "account"


class SessionUser(UserMixin):
    def __init__(self, account):
        self.id = account["id"]
        self.username = account["username"]
        self.role = account["role"]
        # An admin set a temporary password: nothing but choosing a new one until then.
        self.must_change_password = bool(account.get("must_change_password"))

    @property
    def is_admin(self):
        return self.role == ROLE_ADMIN


# What a user with a temporary password may still open: the page to choose their own, and the way out.
# The Subsonic API answers such an account in its own protocol (subsonic/credentials.py).
PASSWORD_CHANGE_ENDPOINTS = {"auth.account", "auth.logout", "auth.login", "auth.favicon", "static", "subsonic.dispatch"}

# The idle clock in the cookie moves at most this often, so that not every request rewrites the cookie.
SEEN_RESOLUTION_SECONDS = 60


def start_session(account):
    session.clear()  # a fresh session on login, so that nothing from before carries over
    session.permanent = True  # the cookie lasts SESSION_MAX_AGE, not until the browser closes
    now = int(time.time())
    session[SESSION_KEY] = {
        "id": account["id"], "username": account["username"],
        "session_version": account.get("session_version", 0), "started": now, "seen": now,
    }
    accounts.remember_session_state(account)
    login_user(SessionUser(account))


def session_expired(stored, now, config):
    """True when the session is past its absolute lifetime or has been idle too long."""
    started, seen = stored.get("started"), stored.get("seen")
    if not isinstance(started, int) or not isinstance(seen, int):
        return True  # a session from before these checks: log in again
    return now - started > config["SESSION_MAX_AGE"] or now - seen > config["SESSION_IDLE_TIMEOUT"]


def _current_account(user_id):
    """The account the session is still valid for, or None; the session is cleared when it is over."""
    stored = session.get(SESSION_KEY)
    if not stored or stored.get("id") != user_id:
        return None
    now = int(time.time())
    state = (None if session_expired(stored, now, current_app.config)
             else accounts.session_state(user_id, now=_needs_current_state()))
    if state is None or state.get("session_version", 0) != stored.get("session_version"):
        session.clear()
        return None
    if now - stored["seen"] >= SEEN_RESOLUTION_SECONDS:
        session[SESSION_KEY] = {**stored, "seen": now}
    return {**stored, "username": state["username"], "role": state["role"],
            "must_change_password": state.get("must_change_password", False)}


ADMIN_BLUEPRINT = "admin"
SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})


def _needs_current_state():
    """Whatever may change data, and any admin page, sees the account as it is now, not as cached."""
    return request.method not in SAFE_METHODS or request.blueprint == ADMIN_BLUEPRINT


def end_session():
    logout_user()
    session.clear()


def init_session_users(app):
    login_manager.init_app(app)
    login_manager.login_view = "auth.login"
    login_manager.login_message = "Please log in to listen."
    login_manager.login_message_category = "info"
    login_manager.session_protection = "basic"

    @app.before_request
    def new_password_first():
        if request.endpoint in PASSWORD_CHANGE_ENDPOINTS or request.endpoint is None:
            return None
        if current_user.is_authenticated and current_user.must_change_password:
            return redirect(url_for("auth.account"))
        return None

    @login_manager.user_loader
    def load_user(user_id):
        account = _current_account(user_id)
        if account:
            g.user_id = user_id  # for the logs (common/json_logs.py)
        return SessionUser(account) if account else None


def admin_required(view):
    @wraps(view)
    @login_required
    def wrapped(*args, **kwargs):
        if not current_user.is_admin:
            raise Forbidden("This page is for admins only.")
        return view(*args, **kwargs)

    return wrapped

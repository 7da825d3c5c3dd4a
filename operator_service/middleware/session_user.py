"""The logged-in browser user, kept in the signed session cookie so that any replica can serve any request."""
from functools import wraps

from flask import session
from flask_login import UserMixin, current_user, login_required, login_user, logout_user
from werkzeug.exceptions import Forbidden

from common.service_tokens import ROLE_ADMIN
from operator_service.extensions import login_manager

SESSION_KEY = "account"


class SessionUser(UserMixin):
    def __init__(self, account):
        self.id = account["id"]
        self.username = account["username"]
        self.role = account["role"]

    @property
    def is_admin(self):
        return self.role == ROLE_ADMIN


def start_session(account):
    session.clear()  # a fresh session on login, so that nothing from before carries over
    session[SESSION_KEY] = {key: account[key] for key in ("id", "username", "role")}
    login_user(SessionUser(account))


def end_session():
    logout_user()
    session.clear()


def init_session_users(app):
    login_manager.init_app(app)
    login_manager.login_view = "auth.login"
    login_manager.login_message = "Please log in to listen."
    login_manager.login_message_category = "info"
    login_manager.session_protection = "basic"

    @login_manager.user_loader
    def load_user(user_id):
        account = session.get(SESSION_KEY)
        if account and account.get("id") == user_id:
            return SessionUser(account)
        return None


def admin_required(view):
    @wraps(view)
    @login_required
    def wrapped(*args, **kwargs):
        if not current_user.is_admin:
            raise Forbidden("This page is for admins only.")
        return view(*args, **kwargs)

    return wrapped

"""Log in, sign up and log out."""
from urllib.parse import urlsplit

from flask import flash, redirect, render_template, request, url_for
from flask_login import current_user

from operator_service.controllers.forms import LoginForm, SignupForm
from operator_service.middleware.session_user import end_session, start_session
from operator_service.models import accounts
from operator_service.models.backend import BackendRejected


def _safe_next(target):
    """Only a path on this site, so that ``?next=`` cannot send someone elsewhere."""
    if not target:
        return url_for("library.home")
    parts = urlsplit(target)
    if parts.scheme or parts.netloc or not target.startswith("/") or target.startswith("//"):
        return url_for("library.home")
    return target


def login():
    if current_user.is_authenticated:
        return redirect(url_for("library.home"))
    form = LoginForm()
    status = 200
    if form.validate_on_submit():
        try:
            account = accounts.check_credentials(form.username.data, form.password.data)
        except BackendRejected as rejected:
            if rejected.code not in (400, 401):
                raise
            form.form_errors.append("Invalid username or password.")
            status = 401
        else:
            start_session(account)
            return redirect(_safe_next(request.args.get("next")))
    elif form.is_submitted():
        status = 400
    return render_template("auth/login.html", form=form), status


def signup():
    if current_user.is_authenticated:
        return redirect(url_for("library.home"))
    form = SignupForm()
    status = 200
    if form.validate_on_submit():
        try:
            account = accounts.register(form.username.data, form.password.data)
        except BackendRejected as rejected:
            if rejected.code not in (400, 409):
                raise
            form.form_errors.append(rejected.description)
            status = rejected.code
        else:
            start_session(account)
            if account["role"] == "admin":
                flash("Welcome! As the first account, you are the admin: upload some music.", "info")
            return redirect(url_for("library.home"))
    elif form.is_submitted():
        status = 400
    return render_template("auth/signup.html", form=form), status


def logout():
    end_session()
    return redirect(url_for("auth.login"))

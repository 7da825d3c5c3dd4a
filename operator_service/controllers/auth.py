"""Log in, sign up and log out; the account page and this browser's playback settings."""
from flask import current_app, flash, make_response, redirect, render_template, request, url_for
from flask_login import current_user, login_required

from operator_service.controllers.appearance import chosen_theme
from operator_service.controllers.forms import (
    AppCredentialForm,
    AppearanceForm,
    LoginForm,
    PasswordChangeForm,
    PlaybackForm,
    RevokeAppCredentialForm,
    SignupForm,
)
from operator_service.controllers.next_page import safe_next
from operator_service.controllers.page_context import page_context
from operator_service.middleware.session_user import end_session, start_session
from operator_service.models import accounts
from operator_service.models.backend import BackendRejected, BackendUnavailable


def _refused_for_now(template, form, rejected):
    """The form again with a 429 that says why and, in Retry-After, for how long."""
    form.form_errors.append(rejected.description)
    response = make_response(render_template(template, form=form), 429)
    if rejected.retry_after:
        response.headers["Retry-After"] = rejected.retry_after
    return response


def login():
    if current_user.is_authenticated:
        return redirect(url_for("library.home"))
    form = LoginForm()
    status = 200
    if form.validate_on_submit():
        try:
            account = accounts.check_credentials(form.username.data, form.password.data, request.remote_addr)
        except BackendRejected as rejected:
            if rejected.code == 429:
                return _refused_for_now("auth/login.html", form, rejected)
            if rejected.code == 403:  # right password, disabled account: auth_service says so
                form.form_errors.append(rejected.description)
                status = 403
            elif rejected.code not in (400, 401):
                raise
            else:
                form.form_errors.append("Invalid username or password.")
                status = 401
        else:
            start_session(account)
            if account.get("must_change_password"):
                flash("An admin set a temporary password for you: choose your own to go on.", "info")
                return redirect(url_for("auth.account"))
            return redirect(safe_next(request.args.get("next"), url_for("library.home")))
    elif form.is_submitted():
        status = 400
    return render_template("auth/login.html", form=form), status


def signup():
    if current_user.is_authenticated:
        return redirect(url_for("library.home"))
    mode = accounts.signup_mode()
    invite = request.args.get("invite", "")[:64]
    if mode == "closed" or (mode == "invite" and not invite):
        return render_template("auth/signup_closed.html", mode=mode), 403
    form = SignupForm()
    status = 200
    if form.validate_on_submit():
        try:
            account = accounts.register(form.username.data, form.password.data, request.remote_addr, invite or None)
        except BackendRejected as rejected:
            if rejected.code == 429:
                return _refused_for_now("auth/signup.html", form, rejected)
            if rejected.code not in (400, 403, 409):
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
    """Log out of this browser and every other: a copied session cookie stops working too."""
    if current_user.is_authenticated:
        user_id = current_user.id
        try:
            accounts.revoke_sessions(user_id)
        except BackendUnavailable:
            end_session()  # this browser is logged out at least; the error page says the rest failed
            raise
    end_session()
    return redirect(url_for("auth.login"))


@login_required
def account():
    """The account page: change the password (which logs out every other session)."""
    form = PasswordChangeForm()
    status, headers = 200, {}
    if form.validate_on_submit():
        try:
            updated = accounts.change_password(current_user.id, form.current_password.data, form.new_password.data,
                                               request.remote_addr)
        except BackendRejected as rejected:
            if rejected.code not in (400, 403, 429):
                raise
            form.form_errors.append(rejected.description)
            status = rejected.code
            if rejected.retry_after:
                headers["Retry-After"] = rejected.retry_after
        else:
            start_session(updated)  # this browser goes on under the new session version
            flash("Password changed. Every other session of yours has been logged out.", "success")
            return redirect(url_for("auth.account"))
    elif form.is_submitted():
        status = 400
    return render_account(form, status, headers)


def apps_section(apps_form=None, new_secret=None, new_credential=None):
    """What the "Listening apps" section shows: the address to type into an app, the account's keys and
    app passwords, and a secret just made (shown this once)."""
    listing = accounts.app_credentials(current_user.id)
    return {"apps_form": apps_form or AppCredentialForm(formdata=None), "revoke_form": RevokeAppCredentialForm(),
            "app_credentials": listing["credentials"],
            "app_passwords_available": listing["app_passwords_available"],
            "server_address": request.host_url.rstrip("/"), "new_secret": new_secret,
            "new_credential": new_credential}


def render_account(password_form=None, status=200, headers=None, **listening_apps):
    """The account page; ``listening_apps`` says what the listening apps section shows after a change
    (``apps_form``, ``new_secret`` shown once)."""
    playback_form = PlaybackForm(data={"data_saver": data_saver_on()})
    appearance_form = AppearanceForm(data={"theme": chosen_theme() or "system"})
    page_context()
    page = render_template("auth/account.html", form=password_form or PasswordChangeForm(formdata=None),
                           playback_form=playback_form, appearance_form=appearance_form,
                           **apps_section(**listening_apps))
    return page, status, headers or {}


DATA_SAVER_COOKIE = "data_saver"
DATA_SAVER_SECONDS = 365 * 24 * 3600


def data_saver_on():
    """Whether this browser asked for the data saver: a setting of the device, as on a phone on mobile
    data, so it is a cookie of its own that outlives logins, not part of the account."""
    return request.cookies.get(DATA_SAVER_COOKIE) == "1"


@login_required
def playback():
    """Save this browser's playback settings (the data saver)."""
    form = PlaybackForm()
    if not form.validate_on_submit():
        flash("The form expired; please try again.", "error")
        return redirect(url_for("auth.account"))
    response = redirect(url_for("auth.account"))
    if form.data_saver.data:
        response.set_cookie(DATA_SAVER_COOKIE, "1", max_age=DATA_SAVER_SECONDS, httponly=True, samesite="Lax",
                            secure=current_app.config["SESSION_COOKIE_SECURE"])
        flash("Data saver on: songs you start from now on play at 96 kbps in this browser.", "success")
    else:
        response.delete_cookie(DATA_SAVER_COOKIE, httponly=True, samesite="Lax",
                               secure=current_app.config["SESSION_COOKIE_SECURE"])
        flash("Data saver off: songs play in full quality in this browser.", "success")
    return response

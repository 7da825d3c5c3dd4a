"""The account page's "Listening apps" section: API keys and app passwords for Subsonic apps."""
from flask import flash, redirect, url_for
from flask_login import current_user, login_required

from operator_service.controllers.auth import render_account
from operator_service.controllers.forms import AppCredentialForm, RevokeAppCredentialForm
from operator_service.models import accounts
from operator_service.models.backend import BackendRejected
from operator_service.subsonic import credentials


@login_required
def create():
    """Make a key or app password and show it this once: the page is never cached, and the secret is not
    kept anywhere it could be shown again."""
    form = AppCredentialForm()
    if not form.validate_on_submit():
        return render_account(status=400, apps_form=form)
    try:
        made = accounts.create_app_credential(current_user.id, form.kind.data, form.name.data)
    except BackendRejected as rejected:
        if rejected.code not in (400, 503):
            raise
        form.form_errors.append(rejected.description)
        return render_account(status=rejected.code, apps_form=form)
    page, status, headers = render_account(new_secret=made["secret"], new_credential=made["credential"])
    return page, status, {**headers, "Cache-Control": "no-store"}


@login_required
def revoke():
    form = RevokeAppCredentialForm()
    if not form.validate_on_submit():
        flash("That key or app password could not be revoked; please try again.", "error")
        return redirect(url_for("auth.account", _anchor="listening-apps"))
    try:
        revoked = accounts.revoke_app_credential(current_user.id, form.credential_id.data)
    except BackendRejected as rejected:
        if rejected.code not in (400, 404):
            raise
        flash("That key or app password is already gone.", "info")
    else:
        credentials.forget_account(current_user.id)
        flash(f"Revoked “{revoked['name']}”: apps using it are signed out.", "success")
    return redirect(url_for("auth.account", _anchor="listening-apps"))

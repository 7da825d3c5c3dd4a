"""The admin console: each area's page is a fragment from the backend that owns the data, placed here in
the operator's layout, so the player keeps playing across admin pages as on any other."""
from flask import abort, flash, redirect, render_template, request
from flask_login import current_user, login_required
from markupsafe import Markup
from werkzeug.exceptions import Forbidden

from common.admin_fragments import FLASH_HEADER, TITLE_HEADER, header_text
from common.service_tokens import ROLE_ADMIN
from operator_service.controllers.page_context import page_context
from operator_service.models import accounts, admin_areas, media
from operator_service.models.backend import BackendRejected, BackendUnavailable


def _still_admin():
    """The role as auth_service has it now, not as cached: a demoted admin's very next request is refused,
    and a promoted one's is let in."""
    accounts.forget_session_state(current_user.id)
    state = accounts.session_state(current_user.id)
    if not state or state.get("role") != ROLE_ADMIN:
        raise Forbidden("This page is for admins only.")
    current_user.role = state["role"]  # the token sent to the backend names the role as it is now


def _stored_images():
    """A console form's files are images (an album's new cover): stored in media_service, which owns them,
    and sent on as ``<field>_id``, or ``<field>_error`` saying why media_service refused one."""
    fields = []
    for name, storage in request.files.items(multi=True):
        if not storage or not storage.filename:
            continue
        try:
            fields.append((f"{name}_id", str(media.store_cover(storage.stream))))
        except BackendRejected as rejected:
            fields.append((f"{name}_error", rejected.description))
    return fields


@login_required
def area_page(area, path=""):
    if area not in admin_areas.AREAS:
        abort(404)
    _still_admin()
    # CSRFProtect has checked a POST's token before this view runs.
    upstream = admin_areas.forward(area, path, request.method, request.args, request.form, _stored_images())
    with upstream:
        if upstream.is_redirect:
            location = upstream.headers.get("Location", "")
            if not location.startswith(f"/admin/{area}/"):  # only ever a page of the same area
                raise BackendUnavailable(admin_areas.AREAS[area][0].name)
            message = header_text(upstream.headers.get(FLASH_HEADER))
            if message:
                flash(message, "success")
            return redirect(location, 303)
        if upstream.headers.get("Content-Type", "").startswith("application/json"):
            abort(upstream.status_code, upstream.json().get("error") or "The request was refused.")
        title = header_text(upstream.headers.get(TITLE_HEADER)) or admin_areas.AREAS[area][1]
        # The fragment is HTML our own backend rendered with autoescaping on: every user or tag value in it
        # is already escaped there, so it is placed as it is.
        fragment = Markup(upstream.text)
    page_context()
    return render_template("admin/console.html", area=area, title=title,
                           fragment=fragment), upstream.status_code

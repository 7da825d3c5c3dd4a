"""The admin console: each area's page is a fragment from the backend that owns the data, placed here in
the operator's layout, so the player keeps playing across admin pages as on any other."""
import re

from flask import abort, flash, redirect, render_template, request, url_for
from markupsafe import Markup

from common.admin_fragments import FLASH_HEADER, TITLE_HEADER, header_text
from operator_service.controllers.page_context import page_context
from operator_service.middleware.session_user import admin_required
from operator_service.middleware.upload_spool import takes_one_file
from operator_service.models import admin_areas, media
from operator_service.models.backend import BackendRejected, BackendUnavailable


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


# A console path is plain segments: no dot segment, encoded slash or other escape can make the forwarded
# path leave the backend's admin routes (``..%2F..%2Fapi%2Fusers`` reached auth_service's user API).
CONSOLE_PATH_SEGMENT = re.compile(r"^[A-Za-z0-9_~-][A-Za-z0-9_.~-]*$")


def _plain_console_path(path):
    raw_uri = request.environ.get("RAW_URI") or request.environ.get("REQUEST_URI") or ""
    raw_path = raw_uri.split("?", 1)[0]
    if "%2f" in raw_path.lower() or "%5c" in raw_path.lower():
        return False
    segments = path.split("/")
    if segments and segments[-1] == "":
        segments.pop()  # a trailing slash
    return all(CONSOLE_PATH_SEGMENT.match(segment) and ".." not in segment for segment in segments)


def _error_message(upstream):
    try:
        error = upstream.json().get("error")
    except (ValueError, AttributeError):
        error = None
    return error if isinstance(error, str) and error else "The request was refused."


@admin_required
def console_home():
    """``/admin/``: the console opens on the catalogue."""
    return redirect(url_for("admin.area_page", area="catalogue"))


# admin_required reads the role as auth_service has it now, and comes first: nobody else's body is read.
@admin_required
@takes_one_file(lambda config: config["COVER_MAX_BYTES"], "The image")
def area_page(area, path=""):
    if area not in admin_areas.AREAS or not _plain_console_path(path):
        abort(404)
    # HEAD asks for the page's headers: the backend renders it as for GET, and Flask leaves out the body.
    method = "GET" if request.method == "HEAD" else request.method
    # CSRFProtect has checked a POST's token before this view runs.
    upstream = admin_areas.forward(area, path, method, request.args, request.form, _stored_images())
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
            if upstream.status_code not in admin_areas.PASSED_ON:  # an API's answer: not a console page
                abort(404)
            abort(upstream.status_code, _error_message(upstream))
        title = header_text(upstream.headers.get(TITLE_HEADER)) or admin_areas.AREAS[area][1]
        # The fragment is HTML our own backend rendered with autoescaping on: every user or tag value in it
        # is already escaped there, so it is placed as it is.
        fragment = Markup(upstream.text)
    page_context()
    return render_template("admin/console.html", area=area, title=title,
                           fragment=fragment), upstream.status_code

"""Admin pages that a backend renders itself, as HTML fragments the operator places in its layout.

Each backend owns the admin views of its data (auth_service: users and sign-up; song_service: the
catalogue; media_service: storage) in an ``admin`` blueprint under ``/admin`` and in its own
``templates/``. A fragment is the page's content only: no layout, sidebar or player. Only the operator
calls them, with the admin's token, and it:

- checks the session, the role and CSRF before forwarding anything;
- sends, with each request, the public prefix of the area (``X-Admin-Prefix: /admin/users``), so that the
  backend's links and form actions are the public ``/admin/users/...`` paths (``public_url``), and its
  own CSRF token (``X-CSRF-Token``) for the fragment's forms to carry back (``csrf_field``);
- places the fragment in its layout with the title from ``X-Page-Title``, turns a redirect into the
  browser's redirect and an ``X-Flash`` header into a flash message.

An admin route answers 401 without a token and 403 to any role but admin, whoever calls it.
"""
import re
from urllib.parse import quote, unquote

from flask import Blueprint, g, make_response, redirect, render_template, request, url_for
from werkzeug.exceptions import Forbidden, Unauthorized

from common.service_tokens import ROLE_ADMIN, caller_from_request

BACKEND_PREFIX = "/admin"
PREFIX_HEADER = "X-Admin-Prefix"
CSRF_HEADER = "X-CSRF-Token"
TITLE_HEADER = "X-Page-Title"
FLASH_HEADER = "X-Flash"
# The public prefixes the operator mounts areas under; anything else is ignored.
PUBLIC_PREFIX = re.compile(r"^/admin/[a-z]{1,20}$")
CSRF_TOKEN = re.compile(r"^[A-Za-z0-9._-]{1,200}$")


def create_admin_blueprint(import_name):
    """The backend's ``admin`` blueprint: admin callers only, templates from the service's own folder."""
    blueprint = Blueprint("admin", import_name, url_prefix=BACKEND_PREFIX)

    @blueprint.before_request
    def admins_only():
        caller = caller_from_request()
        if caller is None:
            raise Unauthorized("A valid service token is required.")
        if caller.role != ROLE_ADMIN:
            raise Forbidden("Admin pages are for admins only.")
        g.caller = caller
        g.user_id = caller.user_id  # for the logs (common/json_logs.py)
        prefix = request.headers.get(PREFIX_HEADER, "")
        g.admin_prefix = prefix if PUBLIC_PREFIX.match(prefix) else BACKEND_PREFIX
        token = request.headers.get(CSRF_HEADER, "")
        g.fragment_csrf_token = token if CSRF_TOKEN.match(token) else ""

    # Globals, not context: the shared macros (templates/shared/forms.html) are imported without context.
    blueprint.add_app_template_global(public_url, "public_url")
    blueprint.add_app_template_global(lambda: g.get("fragment_csrf_token", ""), "csrf_token_for_fragment")

    return blueprint


def public_url(endpoint, **values):
    """The public path of one of this backend's admin pages: /admin/<area>/... as the browser sees it."""
    path = url_for(endpoint, **values)
    return g.get("admin_prefix", BACKEND_PREFIX) + path[len(BACKEND_PREFIX):]


def render_fragment(template, title, status=200, **context):
    response = make_response(render_template(template, title=title, **context), status)
    response.headers[TITLE_HEADER] = quote(title)
    return response


def redirect_to(endpoint, message=None, **values):
    """After a change: a 303 to one of this backend's admin pages, with a message for the admin."""
    response = redirect(public_url(endpoint, **values), 303)
    if message:
        response.headers[FLASH_HEADER] = quote(message)
    return response


def header_text(value):
    """A title or message header as the backend set it."""
    return unquote(value or "")


def ids_from_form(field, parse):
    """The distinct values of a multi-valued form field that ``parse`` accepts (e.g. ObjectIds)."""
    found = []
    for raw in request.form.getlist(field):
        value = parse(raw)
        if value is not None and value not in found:
            found.append(value)
    return found

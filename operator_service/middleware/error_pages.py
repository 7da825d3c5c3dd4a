"""Error pages in the operator's layout. The central handlers (common/errors.py) render errors/error.html,
whose sidebar needs the listener's playlists: they are gathered here first, as a page's controller
gathers them, and whatever goes wrong while gathering leaves the sidebar saying so, never the error page
itself failing."""
import logging
from functools import wraps

from flask import g
from flask_login import current_user
from werkzeug.exceptions import HTTPException

from common.errors import wants_json
from operator_service.controllers.page_context import page_context
from operator_service.extensions import login_manager
from operator_service.models.backend import BackendRejected, BackendUnavailable
from operator_service.template_helpers.library import remember_sidebar, sidebar_gathered

log = logging.getLogger(__name__)


def init_error_pages(app):
    """Wrap the central handlers (registered by create_service_app) so that an HTML page gathers first."""
    handlers = app.error_handler_spec[None][None]
    for error_class in (HTTPException, Exception):
        app.register_error_handler(error_class, _gathering_first(handlers[error_class]))


def _gathering_first(render_error):
    @wraps(render_error)
    def render(error):
        if not wants_json():
            _user_or_visitor()
            _gather_sidebar()
        return render_error(error)

    return render


def _user_or_visitor():
    """The session's user for the layout, or a visitor when auth_service cannot say whose session it is:
    that failure may be the very error being shown, and the layout asking again would turn it into a 500."""
    try:
        current_user._get_current_object()
    except (BackendUnavailable, BackendRejected):
        g._login_user = login_manager.anonymous_user()  # flask-login's per-request user, for this page


def _gather_sidebar():
    try:
        if current_user.is_authenticated:
            page_context()
    except Exception:
        # page_context already turns a backend's failure into the sidebar's message; this is anything
        # else (the error being shown may be the very same bug), which must not cost the error page.
        log.exception("the error page's sidebar could not be gathered")
        if not sidebar_gathered():
            remember_sidebar(None)

"""Central error handling: JSON ``{"error": ...}`` for API calls, an HTML page for browsers, never a stack trace."""
import logging

from flask import jsonify, render_template, request
from werkzeug.exceptions import HTTPException, InternalServerError

log = logging.getLogger(__name__)


def wants_json():
    if request.path.startswith("/api/"):
        return True
    best = request.accept_mimetypes.best_match(["text/html", "application/json"])
    return best == "application/json"


def register_error_handlers(app, html_template=None):
    """Render every error through one function; ``html_template`` enables HTML pages for browsers."""

    def render_http_error(error):
        response = error.get_response()  # keeps headers such as Content-Range on a 416
        if html_template is None or wants_json():
            response.data = jsonify(error=error.description, status=error.code).get_data()
            response.content_type = "application/json"
        else:
            response.data = render_template(html_template, error=error)
            response.content_type = "text/html; charset=utf-8"
        return response

    def render_unexpected_error(error):
        log.exception("unhandled error on %s %s", request.method, request.path)
        return render_http_error(InternalServerError("Something went wrong on our side. Please try again."))

    app.register_error_handler(HTTPException, render_http_error)
    app.register_error_handler(Exception, render_unexpected_error)
    return render_http_error

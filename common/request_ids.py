"""A request id per request, taken from ``X-Request-ID`` when a caller sent one, and echoed back and logged."""
import re
import uuid

from flask import g, has_request_context, request

HEADER = "X-Request-ID"
_VALID_REQUEST_ID = re.compile(r"^[A-Za-z0-9._-]{1,64}$")


def current_request_id():
    return getattr(g, "request_id", None) if has_request_context() else None


def init_request_ids(app):
    @app.before_request
    def assign_request_id():
        incoming = request.headers.get(HEADER, "")
        g.request_id = incoming if _VALID_REQUEST_ID.match(incoming) else uuid.uuid4().hex

    @app.after_request
    def echo_request_id(response):
        if has_request_context() and getattr(g, "request_id", None):
            response.headers[HEADER] = g.request_id
        return response

"""The models' refusals (song_service/errors.py) answered as HTTP errors: the status from the one table, the
model's message, and ``Retry-After`` when the refusal names one. The shared handler (common/errors.py) renders
them like any other HTTP error, so every error of the service has one shape."""
from flask import current_app
from werkzeug.exceptions import default_exceptions

from song_service.errors import SongServiceError, status_of


def init_refusals(app):
    app.register_error_handler(SongServiceError, answer_refusal)


def answer_refusal(refusal):
    return current_app.handle_http_exception(as_http_error(refusal))


def as_http_error(refusal):
    http_error_class = default_exceptions[status_of(refusal)]
    if refusal.retry_after is not None:
        return http_error_class(str(refusal), retry_after=refusal.retry_after)
    return http_error_class(str(refusal))

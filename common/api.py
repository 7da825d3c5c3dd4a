"""Small helpers for JSON APIs: reading a request body and bounded paging parameters."""
from flask import request
from werkzeug.exceptions import BadRequest


def json_object():
    """The request body as a dict, or a 400 that says what was expected."""
    body = request.get_json(silent=True)
    if not isinstance(body, dict):
        raise BadRequest("The request body must be a JSON object.")
    return body


def bounded_int(name, default, minimum, maximum):
    """An integer query parameter clamped to [minimum, maximum]; junk falls back to the default."""
    try:
        value = int(request.args.get(name, default))
    except (TypeError, ValueError):
        value = default
    return max(minimum, min(maximum, value))

"""Small helpers for JSON APIs: reading a request body and bounded paging parameters."""
from flask import request
from werkzeug.exceptions import BadRequest

# MongoDB stores integers of at most 8 bytes; a larger one in a body would fail deep in a write (bson's
# OverflowError) instead of being refused here, at the edge.
INT64_MIN, INT64_MAX = -(1 << 63), (1 << 63) - 1


def _numbers_fit(value):
    pending = [value]
    while pending:
        item = pending.pop()
        if isinstance(item, int) and not INT64_MIN <= item <= INT64_MAX:
            return False
        if isinstance(item, dict):
            pending.extend(item.values())
        elif isinstance(item, list):
            pending.extend(item)
    return True


def json_object():
    """The request body as a dict, or a 400 that says what was expected."""
    body = request.get_json(silent=True)
    if not isinstance(body, dict):
        raise BadRequest("The request body must be a JSON object.")
    if not _numbers_fit(body):
        raise BadRequest("A number in the request is too large.")
    return body


def parse_position(value, minimum=1, maximum=1 << 62):
    """A whole number from ``minimum`` up to (not including) ``maximum``, written in ASCII digits, or None.

    ``str.isdigit()`` alone is not enough: it is true of "²" and other digits that ``int()`` refuses.
    """
    if not isinstance(value, str) or not value.isascii() or not value.isdigit() or len(value) > 19:
        return None
    number = int(value)
    return number if minimum <= number < maximum else None


def bounded_int(name, default, minimum, maximum):
    """An integer query parameter clamped to [minimum, maximum]; junk falls back to the default."""
    try:
        value = int(request.args.get(name, default))
    except (TypeError, ValueError):
        value = default
    return max(minimum, min(maximum, value))

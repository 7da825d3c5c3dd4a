"""Where a form or a link may send someone back to: only a path on this site.

Used by every place that takes a ``next`` from the request, so that none of them can be turned into an
open redirect or a broken header.
"""
from urllib.parse import urlsplit

MAX_NEXT_LENGTH = 2000


def safe_next(target, default):
    """``target`` when it is a plain path on this site, otherwise ``default``.

    Browsers read a backslash as a slash, so "/\\evil.example" is another site just as "//evil.example"
    is; control characters (a CR or LF) would break the Location header.
    """
    if not isinstance(target, str) or not target or len(target) > MAX_NEXT_LENGTH:
        return default
    if not target.startswith("/") or target.startswith("//") or "\\" in target:
        return default
    if any(ord(character) < 0x20 or ord(character) == 0x7F for character in target):
        return default
    parts = urlsplit(target)
    if parts.scheme or parts.netloc:
        return default
    return target

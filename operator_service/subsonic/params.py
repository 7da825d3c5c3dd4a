"""A request's parameters, from the query string or a form-encoded POST body (the ``formPost``
extension), read as the protocol defines them; a value that cannot be one is the protocol's error."""
from flask import request

from operator_service.subsonic import ids
from operator_service.subsonic.protocol import GENERIC, SubsonicError, missing

MAX_TEXT_LENGTH = 1_000
# The most ids one request may name (star, scrobble, a playlist's songs, a play queue).
MAX_REPEATED = 1_000


def text(name, required=False, default=None, max_length=MAX_TEXT_LENGTH):
    value = request.values.get(name)
    if value is None or (required and value == ""):
        if required:
            raise missing(name)
        return default
    return value[:max_length]


def repeated(name, limit=MAX_REPEATED):
    values = request.values.getlist(name)
    if len(values) > limit:
        raise SubsonicError(GENERIC, f"At most {limit:,} values of {name} in one request.")
    return values


def integer(name, default=None, minimum=None, maximum=None, required=False):
    """A whole number; below ``minimum`` or above ``maximum`` it is brought within them, as apps that ask
    for "everything" with a huge size expect."""
    value = request.values.get(name)
    if value is None or value.strip() == "":
        if required:
            raise missing(name)
        return default
    try:
        number = int(value.strip())
    except ValueError:
        raise SubsonicError(GENERIC, f"{name} must be a whole number.") from None
    if minimum is not None:
        number = max(number, minimum)
    if maximum is not None:
        number = min(number, maximum)
    return number


def boolean(name, default=False):
    value = request.values.get(name)
    if value is None or value.strip() == "":
        return default
    value = value.strip().lower()
    if value in ("true", "1", "yes"):
        return True
    if value in ("false", "0", "no"):
        return False
    raise SubsonicError(GENERIC, f"{name} must be true or false.")


def object_id(name, kind, required=True):
    """The catalogue id a parameter names, when it is an id of ``kind``."""
    value = text(name, required=required)
    return None if value is None else ids.parse(value, kind)


def music_folder():
    """Only the one folder, the library, exists: any other id is "not found"."""
    folder = integer("musicFolderId")
    if folder is not None and folder != ids.MUSIC_FOLDER_ID:
        raise SubsonicError(70, "Music folder not found.")

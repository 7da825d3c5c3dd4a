"""Answers a GET for a stored file with werkzeug's conditional and Range machinery (206, 416, 304)."""
import re

from flask import Response, request
from werkzeug.exceptions import RequestedRangeNotSatisfiable
from werkzeug.http import parse_range_header
from werkzeug.wsgi import FileWrapper

from common.metrics import meter_stream
from common.streaming import TakingTurns, tune_stream_socket

STREAM_BUFFER = 64 * 1024
# "bytes=-0": the last zero bytes, which RFC 9110 says cannot be satisfied; werkzeug reads it as "0-".
EMPTY_SUFFIX_RANGE = re.compile(r"^\s*bytes\s*=\s*-\s*0+\s*$", re.IGNORECASE)


def _environ_with_range(range_header):
    environ = dict(request.environ)
    if range_header is None:
        del environ["HTTP_RANGE"]
    else:
        environ["HTTP_RANGE"] = range_header
    return environ


def _range_request_environ(length):
    """The request's environ as werkzeug should see it, which answers 416 to more than RFC 9110 says:
    - several ranges get the whole file (200), which RFC 9110 allows;
    - a Range header that cannot be parsed, or in a unit other than bytes, is ignored (200), as RFC 9110 says;
    - a suffix longer than the file means the whole file (206 of all of it), as RFC 9110 says;
    - an empty suffix range ("bytes=-0") is a 416 (None here)."""
    range_header = request.headers.get("Range")
    if range_header is None:
        return request.environ
    if EMPTY_SUFFIX_RANGE.match(range_header):
        return None
    if "," in range_header:
        return _environ_with_range(None)
    parsed = parse_range_header(range_header)
    if parsed is None or parsed.units != "bytes":
        return _environ_with_range(None)
    start, end = parsed.ranges[0]
    if start < 0 and end is None and -start > length:
        return _environ_with_range("bytes=0-")
    return request.environ


# The name a browser would save a file under: made here from its id, never taken from the upload.
EXTENSIONS = {
    "audio/mpeg": ".mp3", "audio/flac": ".flac", "audio/ogg": ".ogg", "audio/mp4": ".m4a", "audio/wav": ".wav",
    "image/jpeg": ".jpg", "image/png": ".png", "image/webp": ".webp", "image/gif": ".gif",
}


def stream_stored_file(stored_file, content_type, max_age, kind):
    """Stream a stored file; it is seekable, so a Range request reads only the chunks it needs.

    ``kind`` ("audio" or "cover") starts the file name that Content-Disposition gives it.
    """
    # werkzeug's own FileWrapper, not the server's wsgi.file_wrapper: gunicorn's cannot seek, so a Range
    # request would read and discard everything before its first byte.
    tune_stream_socket()
    response = Response(
        FileWrapper(stored_file, buffer_size=STREAM_BUFFER),
        mimetype=content_type,
        direct_passthrough=True,
    )
    response.content_length = stored_file.length
    response.headers.set("Content-Disposition", "inline",
                         filename=f"{kind}-{stored_file.file_id}{EXTENSIONS.get(content_type, '')}")
    # The type is ours, judged from the content; a browser must not guess another one.
    response.headers["X-Content-Type-Options"] = "nosniff"
    response.last_modified = stored_file.upload_date
    # A stored file never changes: its id names its bytes.
    response.set_etag(str(stored_file.file_id))
    response.cache_control.private = True
    response.cache_control.max_age = max_age
    environ = _range_request_environ(stored_file.length)
    if environ is None:
        raise RequestedRangeNotSatisfiable(length=stored_file.length)
    response = response.make_conditional(environ, accept_ranges=True, complete_length=stored_file.length)
    if response.status_code not in (200, 206):
        return response
    # After the Range handling, which seeks the file itself.
    response.response = TakingTurns(response.response)
    return meter_stream(response, kind)

"""Answers a GET for a stored file with werkzeug's conditional and Range machinery (206, 416, 304)."""
from flask import Response, request
from werkzeug.wsgi import wrap_file

STREAM_BUFFER = 64 * 1024


def stream_stored_file(grid_out, content_type, max_age):
    """Stream a GridFS file; seeking works because GridOut is seekable, so Range never reads from the start."""
    response = Response(
        wrap_file(request.environ, grid_out, buffer_size=STREAM_BUFFER),
        mimetype=content_type,
        direct_passthrough=True,
    )
    response.content_length = grid_out.length
    response.last_modified = grid_out.upload_date
    # A stored file never changes: its id names its bytes.
    response.set_etag(str(grid_out._id))
    response.cache_control.private = True
    response.cache_control.max_age = max_age
    return response.make_conditional(request, accept_ranges=True, complete_length=grid_out.length)

"""Audio and cover art for the browser, relayed from media_service chunk by chunk with Range intact."""
from flask import Response, current_app, request
from flask_login import login_required
from werkzeug.exceptions import NotFound

from common.metrics import meter_stream
from common.streaming import TakingTurns, tune_stream_socket
from operator_service.models import media
from operator_service.models.relay import SplicedBody, can_splice

RELAY_CHUNK = 256 * 1024
COVER_SIZES = ("thumb", "large")
# Response headers that carry the meaning of a partial or cached reply back to the browser.
RELAYED_RESPONSE_HEADERS = (
    "Content-Type", "Content-Length", "Content-Range", "Accept-Ranges", "ETag", "Last-Modified", "Cache-Control",
    "Content-Disposition",
)


def _relay(kind, file_id, params=None):
    tune_stream_socket()
    return relay_upstream(media.open_stored_file(kind, file_id, request.headers, params),
                          "audio" if kind == "media" else "cover")


def relay_upstream(upstream, meter_kind):
    """media_service's streamed answer, relayed to the listener with its meaning (Range, caching) intact."""
    headers = {name: upstream.headers[name] for name in RELAYED_RESPONSE_HEADERS if name in upstream.headers}
    if upstream.status_code == 304:
        upstream.close()
        return Response(status=304, headers=headers)
    client_socket = request.environ.get("gunicorn.socket") if current_app.config["RELAY_SPLICE"] else None
    # A HEAD's body must never reach the socket; gunicorn drops what is yielded, but not what is spliced.
    if request.method == "GET" and upstream.status_code in (200, 206) and can_splice(upstream, client_socket):
        body = SplicedBody(upstream, client_socket)  # closes or pools the upstream connection itself
    else:
        body = TakingTurns(upstream.iter_content(RELAY_CHUNK))
    response = Response(body, status=upstream.status_code, headers=headers, direct_passthrough=True)
    if not isinstance(body, SplicedBody):
        response.call_on_close(upstream.close)
    return meter_stream(response, meter_kind)


def relay_media(audio_id, choice=None):
    """A song's audio relayed from media_service: ``{"quality": "saver"}``, ``{"original": "1"}`` or what
    the browser plays (None)."""
    return _relay("media", audio_id, choice)


def relay_converted_audio(audio_id, params):
    """A listening app's audio in the format and bit rate it asked for (media_service's conversions)."""
    tune_stream_socket()
    return relay_upstream(media.open_converted_audio(audio_id, request.headers, params), "audio")


def relay_cover(cover_id, size=None):
    return _relay("covers", cover_id, {"size": size} if size else None)


@login_required
def audio(audio_id):
    """The song as the browser should play it; ``?quality=saver`` for the data saver."""
    quality = request.args.get("quality")
    if quality not in (None, "saver"):
        raise NotFound("Songs come in full quality, or with quality=saver.")
    return relay_media(audio_id, {"quality": quality} if quality else None)


@login_required
def cover(cover_id):
    """The original cover, or ``?size=thumb`` / ``?size=large`` made from it (lists use thumbnails)."""
    size = request.args.get("size")
    if size is not None and size not in COVER_SIZES:
        raise NotFound("Covers come as size=thumb or size=large.")
    return relay_cover(cover_id, size)

"""Audio and cover art, kept by media_service."""
from operator_service.models.backend import BackendRejected, media_backend

# Request headers the browser sends that matter for seeking and caching; the rest stay here.
FORWARDED_REQUEST_HEADERS = ("Range", "If-Range", "If-None-Match", "If-Modified-Since")


def upload_audio(stream, filename, size):
    """Send an open file to media_service as a streamed body; it is never read into memory here."""
    # requests sends an empty file object as a chunked body next to our Content-Length: 0, a request
    # servers must refuse with a bare "Bad Request"; an empty body gets media_service's own message.
    return media_backend.json(
        "POST", "/api/media", params={"filename": filename}, data=stream if size else b"",
        headers={"Content-Type": "application/octet-stream", "Content-Length": str(size)},
    )


def store_cover(stream):
    """Store an image an admin chose as a cover in media_service; its id. BackendRejected says why not."""
    return media_backend.json("POST", "/api/covers", data=stream,
                              headers={"Content-Type": "application/octet-stream"})["cover_id"]


def delete_audio(audio_id):
    try:
        media_backend.request("DELETE", f"/api/media/{audio_id}")
    except BackendRejected as rejected:
        if rejected.code != 404:
            raise


def open_stored_file(kind, file_id, browser_headers, params=None):
    """A streamed backend response for audio (``kind="media"``) or a cover (``kind="covers"``)."""
    # Stripped, and left out when blank: requests refuses a header value with surrounding whitespace.
    headers = {name: browser_headers[name].strip() for name in FORWARDED_REQUEST_HEADERS
               if browser_headers.get(name, "").strip()}
    # A 416 goes back to the browser as it is, with the Content-Range that tells the real length.
    return media_backend.request("GET", f"/api/{kind}/{file_id}", headers=headers, params=params, stream=True,
                                 pass_through=(416,))


def open_converted_audio(audio_id, browser_headers, params):
    """A streamed backend response: the stored rendition that fits ``params`` (format, kbps), or a conversion
    made while it streams."""
    headers = {name: browser_headers[name].strip() for name in FORWARDED_REQUEST_HEADERS
               if browser_headers.get(name, "").strip()}
    return media_backend.request("GET", f"/api/media/{audio_id}/converted", headers=headers, params=params,
                                 stream=True, pass_through=(416,))

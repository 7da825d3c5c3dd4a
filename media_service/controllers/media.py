"""Uploading, streaming and deleting audio, and serving cover art."""
import os
import tempfile

from flask import current_app, g, jsonify, request
from werkzeug.exceptions import BadRequest, NotFound, RequestEntityTooLarge, UnsupportedMediaType

from common.metrics import counting_upload
from common.offload import run_cpu_bound
from media_service.controllers.streaming import stream_stored_file
from media_service.middleware.roles import admins_only, people_only
from media_service.models import cover_sizes, media_store, renditions, sweeper, tag_reader

COPY_CHUNK = 1024 * 1024
MAX_FILENAME = 255


def _too_large():
    limit_mb = current_app.config["UPLOAD_MAX_BYTES"] / (1024 * 1024)
    return RequestEntityTooLarge(f"The file is larger than the {limit_mb:g} MB upload limit.")


def _spool_upload(spool, filename):
    """Copy the request body to ``spool`` in chunks, enforcing the size limit as it goes."""
    limit = current_app.config["UPLOAD_MAX_BYTES"]
    if request.content_length is not None and request.content_length > limit:
        raise _too_large()
    size = 0
    while True:
        chunk = request.stream.read(COPY_CHUNK)
        if not chunk:
            break
        size += len(chunk)
        if size > limit:
            raise _too_large()
        spool.write(chunk)
    if size == 0:
        raise BadRequest(f"{filename}: The file is empty." if filename else "The file is empty.")
    spool.flush()
    return size


@admins_only
def upload():
    """The body is the raw file; its name comes in ``?filename=``. Nothing is stored unless it is audio."""
    filename = os.path.basename(request.args.get("filename", ""))[:MAX_FILENAME]
    with counting_upload() as counted, \
            tempfile.NamedTemporaryFile(dir=current_app.config["UPLOAD_TMP_DIR"], prefix=sweeper.SPOOL_PREFIX) as spool:
        size = counted["bytes"] = _spool_upload(spool, filename)
        try:
            info = run_cpu_bound(tag_reader.read_audio, spool.name)
        except tag_reader.NotAudio as error:
            raise UnsupportedMediaType(f"{filename or 'The file'}: {error}") from None
        cover_id = None
        # The tag's own type is never trusted; a picture that is not a sane image is no cover.
        cover_type = run_cpu_bound(cover_sizes.identify, info.cover) if info.cover else None
        if cover_type:
            cover_id = media_store.save_cover(info.cover, cover_type)
            cover_sizes.store_sizes(cover_id, info.cover)
        spool.seek(0)
        audio_id = media_store.save_audio(spool, filename, info, g.caller.user_id)
    metadata = info.metadata()
    metadata["title"] = metadata["title"] or tag_reader.title_from_filename(filename) or "Untitled"
    return jsonify(audio_id=audio_id, cover_id=cover_id, size=size, filename=filename, **metadata), 201


@people_only
def stream_audio(audio_id):
    """What the browser should play (``?quality=saver`` for the data saver), or with ``?original=1`` the
    file as uploaded, byte for byte."""
    quality = request.args.get("quality")
    if quality not in (None, "saver"):
        raise BadRequest("quality must be saver, or left out.")
    try:
        if request.args.get("original") == "1":
            stored_file = media_store.open_audio(audio_id)
        else:
            stored_file = media_store.open_for_playback(audio_id, data_saver=quality == "saver")
    except renditions.RenditionPending:
        # A state of this song, not an outage: 409, which the operator passes on with its message.
        return jsonify(error="This song is still being converted for your browser; it plays in a minute or "
                             "two."), 409, {"Retry-After": "30"}
    if stored_file is None:
        raise NotFound("No such audio file.")
    content_type = stored_file.metadata.get("content_type", "application/octet-stream")
    return stream_stored_file(stored_file, content_type, current_app.config["AUDIO_CACHE_SECONDS"], "audio")


@admins_only
def delete_audio(audio_id):
    if not media_store.delete_audio(audio_id):
        raise NotFound("No such audio file.")
    return "", 204


@people_only
def cover(cover_id):
    """The cover as stored, or with ``?size=thumb`` or ``?size=large`` a copy resized to fit."""
    size = request.args.get("size")
    if size is not None and size not in cover_sizes.SIZES:
        raise BadRequest(f"size must be one of {', '.join(cover_sizes.SIZES)}.")
    stored_file = cover_sizes.open_sized(cover_id, size) if size else media_store.open_cover(cover_id)
    content_type = cover_sizes.servable_type(stored_file) if stored_file is not None else None
    if content_type is None:
        raise NotFound("No such cover.")
    response = stream_stored_file(stored_file, content_type, current_app.config["COVER_CACHE_SECONDS"], "cover")
    # A stored cover never changes (its id names its bytes), so browsers need not even revalidate it.
    response.cache_control.immutable = True
    return response


@admins_only
def upload_cover():
    """Store a cover image an admin chose (the body is the image); refused unless it is a sane image."""
    image = request.get_data(cache=False)
    if len(image) > cover_sizes.MAX_SOURCE_BYTES:
        raise RequestEntityTooLarge(f"A cover may be at most {cover_sizes.MAX_SOURCE_BYTES // 1048576} MB.")
    content_type = run_cpu_bound(cover_sizes.identify, image) if image else None
    if content_type is None:
        raise UnsupportedMediaType("That is not a JPEG, PNG, WebP or GIF image of a sensible size.")
    cover_id = media_store.save_cover(image, content_type)
    cover_sizes.store_sizes(cover_id, image)
    return jsonify(cover_id=cover_id), 201

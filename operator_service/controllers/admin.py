"""Admin pages: upload songs (tags read by media_service, catalogue entry in song_service) and delete them."""
import logging
import os

from flask import current_app, flash, redirect, render_template, url_for
from werkzeug.exceptions import BadRequest

from common import audio_formats
from common.song_metadata import UPLOADED_SONG_FIELDS
from operator_service.controllers.forms import DeleteForm, UploadForm
from operator_service.controllers.page_context import page_context
from operator_service.middleware.session_user import admin_required
from operator_service.middleware.upload_spool import takes_audio_files
from operator_service.models import catalogue, media
from operator_service.models.backend import BackendRejected

log = logging.getLogger(__name__)


def _file_size(storage):
    stream = storage.stream
    stream.seek(0, os.SEEK_END)
    size = stream.tell()
    stream.seek(0)
    return size


def _store_one(storage):
    """Store one uploaded file as a song, or raise BackendRejected; leaves nothing behind on failure."""
    filename = os.path.basename(storage.filename or "")
    size = _file_size(storage)
    limit = current_app.config["UPLOAD_MAX_BYTES"]
    if size > limit:
        raise BackendRejected(413, f"{filename}: the file is larger than the {limit / 1048576:g} MB upload limit.")
    stored = media.upload_audio(storage.stream, filename, size)
    try:
        song = catalogue.create_song({field: stored.get(field) for field in UPLOADED_SONG_FIELDS})
        # Browsers cannot play the original: it plays once media_service's worker has converted it.
        return {**song, "converting": not stored.get("browser_playable", True)}
    except Exception:
        media.delete_audio(stored["audio_id"])
        raise


def _song_reply(song):
    """What upload.js shows for a stored song."""
    return {"id": song["id"], "title": song["title"], "artist": song.get("artist"), "album": song.get("album"),
            "converting": song["converting"], "tag_repairs": song.get("tag_repairs") or [],
            "url": url_for("library.song", song_id=song["id"])}


@admin_required
@takes_audio_files()
def upload():
    form = UploadForm()
    uploaded, failures, status = [], [], 200
    if form.validate_on_submit():
        files = [f for f in form.audio_files.data if f and f.filename]
        if len(files) > current_app.config["UPLOAD_MAX_FILES"]:
            failures.append(f"Upload at most {current_app.config['UPLOAD_MAX_FILES']} files at once.")
            files = []
        for storage in files:
            try:
                uploaded.append(_store_one(storage))
            except BackendRejected as rejected:
                failures.append(rejected.description)
                status = rejected.code
        if uploaded and not failures:
            flash(f"Uploaded {len(uploaded)} song{'s' if len(uploaded) != 1 else ''}.", "success")
        if uploaded:
            status = 200  # the page lists what failed beside what was stored
    elif form.is_submitted():
        status = 400
    page_context(uploaded)
    return render_template("admin/upload.html", form=form, uploaded=uploaded, failures=failures,
                           accepted_formats=audio_formats.described(),
                           converted_formats=audio_formats.converted_described(),
                           file_picker_accept=audio_formats.file_picker_accept()), status


@admin_required
@takes_audio_files(one_file=True)
def upload_one():
    """One file, as upload.js sends each: the stored song as JSON (201), or why not. A refusal is raised, and
    the central error handler answers it as ``{"error": ...}`` with its status, since upload.js asks for JSON."""
    form = UploadForm()
    if not form.validate_on_submit():
        messages = [message for field_messages in form.errors.values() for message in field_messages]
        raise BadRequest(messages[0] if messages else "Choose a file.")
    files = [storage for storage in form.audio_files.data if storage and storage.filename]
    if len(files) != 1:
        raise BadRequest("Send one file per request." if files else "Choose a file.")
    song = _song_reply(_store_one(files[0]))
    return {"song": song}, 201, {"Location": song["url"]}


@admin_required
def delete_song(song_id):
    form = DeleteForm()
    if not form.validate_on_submit():
        flash("The form expired; please try again.", "error")
        return redirect(url_for("library.song", song_id=song_id))
    song = catalogue.delete_song(song_id)
    media.delete_audio(song["audio_id"])
    flash(f"Deleted “{song['title']}”.", "success")
    return redirect(url_for("library.home"))

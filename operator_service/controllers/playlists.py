"""Playlist pages: the listener's playlists, one playlist with its songs, and the forms that change them.

Every change is an ordinary form POST that redirects back (so it works without JavaScript); when
playlists.js sends the same POST asking for JSON, the answer is JSON instead.
"""
from functools import partial

from flask import Response, flash, redirect, render_template, request, url_for
from flask_login import login_required
from werkzeug.exceptions import BadRequest

from common.errors import wants_json
from common.ids import parse_object_id
from common.playlist_contract import NAME_LENGTH, move_from_form
from operator_service.controllers.action_replies import done, refused, return_to
from operator_service.controllers.page_context import at_once, page_context
from operator_service.controllers.playlist_forms import ImportForm, PlaylistForm
from operator_service.middleware.upload_spool import takes_one_file
from operator_service.models import catalogue, playlists
from operator_service.models.backend import BackendRejected

IMPORT_MAX_BYTES = 4 * 1024 * 1024


def _request_key():
    """The form's key for what it creates (see views.request_key); None when it has none or a forged one."""
    return parse_object_id(request.form.get("request_key"))


@login_required
def index(form=None, import_form=None, status=200):
    found = playlists.my_playlists()
    page_context(known_playlists=found)
    return render_template(
        "playlists/index.html", playlists=found,
        form=form or PlaylistForm(formdata=None), import_form=import_form or ImportForm(prefix="import", formdata=None),
    ), status


@login_required
def create():
    form = PlaylistForm()
    song_id = parse_object_id(request.form.get("song_id"))
    if not form.validate_on_submit():
        if request.form.get("next"):
            return refused(f"Give the playlist a name of 1 to {NAME_LENGTH} characters.", url_for("playlists.index"),
                           400)
        return index(form=form, status=400)
    try:
        created = playlists.create_playlist(form.name.data, form.description.data or "", form.public.data,
                                            [song_id] if song_id else [], _request_key())
    except BackendRejected as rejected:
        if rejected.code not in (400, 404, 409):
            raise
        return refused(rejected.description, url_for("playlists.index"), rejected.code)
    message = f"Created “{created['name']}”" + (" and added the song." if song_id else ".")
    return done(message, url_for("playlists.show", playlist_id=created["id"]), 201)


def _page_number():
    try:
        return max(1, int(request.args.get("page", 1)))
    except ValueError:
        return 1


def _rows(playlist, offset, page):
    """The page's songs, each carrying its entry so that its row can offer move and remove."""
    rows = []
    last = playlist["song_count"] - 1
    for index, entry in enumerate(playlist["entries"], start=offset):
        song = dict(entry["song"])
        if playlist["can_edit"]:
            song["playlist_entry"] = {
                "id": entry["entry_id"], "playlist_id": playlist["id"], "first": index == 0, "last": index == last,
                "index": index,
                "page": page if page > 1 else None,
            }
        rows.append(song)
    return rows


@login_required
def show(playlist_id, form=None, status=200):
    page = _page_number()
    offset = (page - 1) * playlists.PAGE_SIZE
    playlist = playlists.get_playlist(playlist_id, offset=offset)
    more = playlist["song_count"] > offset + playlists.PAGE_SIZE
    if form is None and playlist["can_edit"]:
        form = PlaylistForm(formdata=None, data=playlist)
    rows = _rows(playlist, offset, page)
    page_context(rows)
    return render_template(
        "playlists/show.html", playlist=playlist, songs=rows, form=form, page=page, more=more,
        share_url=url_for("playlists.show", playlist_id=playlist_id, _external=True),
    ), status


@login_required
def edit(playlist_id):
    form = PlaylistForm()
    if not form.validate_on_submit():
        return show(playlist_id, form=form, status=400)
    try:
        playlists.update_playlist(playlist_id, name=form.name.data, description=form.description.data or "",
                                  public=form.public.data)
    except BackendRejected as rejected:
        if rejected.code != 400:
            raise
        form.form_errors.append(rejected.description)
        return show(playlist_id, form=form, status=400)
    flash("Saved.", "success")
    return redirect(url_for("playlists.show", playlist_id=playlist_id))


@login_required
def delete(playlist_id):
    playlists.delete_playlist(playlist_id)
    flash("Deleted the playlist.", "success")
    return redirect(url_for("playlists.index"))


@login_required
def add_song(playlist_id):
    song_id = parse_object_id(request.form.get("song_id"))
    if song_id is None:
        raise BadRequest("song_id must be a song's id.")
    try:
        added = playlists.add_song(playlist_id, song_id, _request_key())
    except BackendRejected as rejected:
        if rejected.code not in (403, 404, 409):
            raise
        return refused(rejected.description, url_for("playlists.show", playlist_id=playlist_id), rejected.code)
    return done(f"Added to “{added['playlist']['name']}”.", url_for("playlists.show", playlist_id=playlist_id))


@login_required
def remove_entry(playlist_id, entry_id):
    back = url_for("playlists.show", playlist_id=playlist_id, page=request.args.get("page"))
    try:
        playlists.remove_entry(playlist_id, entry_id)
    except BackendRejected as rejected:
        if rejected.code != 404:
            raise
        return refused(rejected.description, back, rejected.code)
    return done("Removed from the playlist.", back)


@login_required
def move_entry(playlist_id, entry_id):
    back = url_for("playlists.show", playlist_id=playlist_id, page=request.args.get("page"))
    try:
        # song_service checks the move; a bad one is its 400, with its message, shown here as it is.
        moved = playlists.move_entry(playlist_id, entry_id, move_from_form(request.form))
    except BackendRejected as rejected:
        if rejected.code not in (400, 404, 409):
            raise
        return refused(rejected.description, back, rejected.code)
    if wants_json():
        return {"position": moved["position"]}
    return redirect(back)


@login_required
def export(playlist_id):
    # Each entry's location is this site's audio URL for the song: the audio id follows the prefix.
    prefix = url_for("player.audio", audio_id="0" * 24, _external=True).removesuffix("0" * 24)
    exported = playlists.export_m3u8(playlist_id, prefix)
    return Response(exported.content, headers={
        "Content-Type": exported.headers["Content-Type"],
        "Content-Disposition": exported.headers["Content-Disposition"],
    })


def _read_m3u8(storage):
    data = storage.stream.read(IMPORT_MAX_BYTES + 1)
    if len(data) > IMPORT_MAX_BYTES:
        raise BackendRejected(413, f"The file is larger than {IMPORT_MAX_BYTES // 1048576} MB.")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return data.decode("latin-1")  # an old .m3u, written in the system's 8-bit encoding


@login_required
@takes_one_file(lambda config: IMPORT_MAX_BYTES, "The file")
def import_file():
    form = ImportForm(prefix="import")
    if not form.validate_on_submit():
        return index(import_form=form, status=400)
    storage = form.m3u8_file.data
    file_name = (storage.filename or "").replace("\\", "/").rsplit("/", 1)[-1].rsplit(".", 1)[0]
    try:
        result = playlists.import_m3u8(_read_m3u8(storage), form.name.data or None, file_name)
    except BackendRejected as rejected:
        if rejected.code not in (400, 409, 413):
            raise
        form.m3u8_file.errors = [rejected.description]
        return index(import_form=form, status=rejected.code)
    page_context()
    return render_template("playlists/imported.html", result=result)


@login_required
def choose(song_id):
    """Pick a playlist for a song: a page without JavaScript, the "Add to playlist" menu with it."""
    song, found = at_once(partial(catalogue.get_song, song_id), playlists.my_playlists)
    if request.args.get("menu"):  # the menu's content alone, without the layout
        template = "playlists/_chooser.html"
    else:
        template = "playlists/choose.html"
        page_context(known_playlists=found)
    return render_template(template, song=song, playlists=found,
                           next_path=return_to(url_for("library.song", song_id=song_id)))

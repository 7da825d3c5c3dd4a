"""The catalogue area of the admin console, as fragments for the operator (common/admin_fragments.py):
find songs, edit one, set a field on many at once, and delete many with a confirmation. Every change goes
through the same model functions as the API, so search and the browse pages reflect it at once."""
from flask import request
from werkzeug.exceptions import NotFound

from common.admin_fragments import ids_from_form, redirect_to, render_fragment
from common.ids import parse_object_id
from song_service.errors import InvalidSong, MergeRefused
from song_service.models.catalogue import album as albums
from song_service.models.catalogue import merges
from song_service.models.catalogue import song as songs
from song_service.models.search import query as search

PAGE = 50
MAX_QUERY = 200
EDITABLE = (("title", "Title"), ("artist", "Artist"), ("album", "Album"), ("album_artist", "Album artist"),
            ("track", "Track"), ("disc", "Disc"), ("year", "Year"), ("genres", "Genres"))
# What one value may be set to on many songs at once.
BULK_FIELDS = (("album", "Album"), ("artist", "Artist"), ("album_artist", "Album artist"), ("year", "Year"),
               ("genres", "Genres"))
MAX_BULK = 500


def _parsed(field, raw):
    """A form's text as the model expects the field; what cannot be parsed goes on for it to refuse."""
    raw = raw.strip()
    if field == "genres":
        return [name.strip() for name in raw.split(",") if name.strip()]
    if field in ("track", "disc", "year"):
        return int(raw) if raw.isdigit() else (raw or None)
    return raw


def _form_payload(fields):
    return {field: _parsed(field, request.form[field]) for field, _ in fields if field in request.form}


def index(errors=(), status=200):
    query = request.args.get("q", "")[:MAX_QUERY].strip()
    found = search.search_songs(query, PAGE) if query else songs.list_recent(PAGE)[0]
    return render_fragment("admin/catalogue.html", "Catalogue", status, counts=songs.catalogue_counts(),
                           query=query, songs=found,
                           bulk_fields=BULK_FIELDS, errors=errors)


def edit(song_id, errors=(), status=200, values=None):
    song = songs.find_song(song_id)
    if song is None:
        raise NotFound("No such song.")
    return render_fragment("admin/song.html", f"Edit {song['title']}", status, song={**song, **(values or {})},
                           fields=EDITABLE, errors=errors)


def update(song_id):
    payload = _form_payload(EDITABLE)
    try:
        song = songs.update_song(song_id, payload)
    except InvalidSong as error:
        return edit(song_id, [str(error)], 400, values=payload)
    if song is None:
        raise NotFound("No such song.")
    return redirect_to("admin.edit", f"Saved “{song['title']}”.", song_id=song_id)


def bulk():
    """Set one field on the chosen songs, or ask to confirm deleting them."""
    chosen = ids_from_form("song", parse_object_id)[:MAX_BULK]
    if not chosen:
        return index(["Choose at least one song."], 400)
    if request.form.get("action") == "delete":
        found = [song for song in (songs.find_song(song_id) for song_id in chosen) if song]
        return render_fragment("admin/confirm_delete.html", "Delete songs", songs=found)
    field = request.form.get("field")
    if field not in dict(BULK_FIELDS):
        return index(["Choose the field to set."], 400)
    payload = {field: _parsed(field, request.form.get("value", ""))}
    changed = 0
    for song_id in chosen:
        try:
            if songs.update_song(song_id, payload):
                changed += 1
        except InvalidSong as error:
            return index([str(error)], 400)
    label = dict(BULK_FIELDS)[field].lower()
    return redirect_to("admin.index", f"Set the {label} of {changed} song{'s' if changed != 1 else ''}.")


def delete():
    chosen = ids_from_form("song", parse_object_id)[:MAX_BULK]
    if request.form.get("confirm") != "yes" or not chosen:
        return index(["Nothing was deleted: confirm the songs to delete."], 400)
    deleted = sum(1 for song_id in chosen if songs.delete_song(song_id))
    return redirect_to("admin.index", f"Deleted {deleted} song{'s' if deleted != 1 else ''}; their audio is removed "
                                      "by the storage sweeper.")


def merge_page(errors=(), status=200):
    """Artists and albums matching a search, to choose the one that goes and the one that stays."""
    query = request.args.get("q", "")[:MAX_QUERY].strip()
    found = search.search_all(query, 1, PAGE, PAGE) if query else {"artists": [], "albums": []}
    return render_fragment("admin/merge.html", "Merge", status, query=query, artists=found["artists"],
                           albums=found["albums"], errors=errors)


def merge(kind):
    source, target = parse_object_id(request.form.get("source")), parse_object_id(request.form.get("target"))
    if source is None or target is None:
        return merge_page(["Choose the one that goes and the one that stays."], 400)
    merge_kind = merges.merge_artists if kind == "artists" else merges.merge_albums
    try:
        gone, kept, moved = merge_kind(source, target)
    except MergeRefused as error:
        return merge_page([str(error)], 400)
    def name(item):
        return item.get("name") or item.get("title")

    return redirect_to("admin.merge_page", f"Merged “{name(gone)}” into “{name(kept)}”: {moved} "
                                           f"song{'s' if moved != 1 else ''} moved.", q=name(kept))


def album(album_id, errors=(), status=200):
    found = albums.find_album(album_id)
    if found is None:
        raise NotFound("No such album.")
    return render_fragment("admin/album.html", f"Album {found['title']}", status, album=found, errors=errors)


def album_cover(album_id):
    """The operator has stored the chosen image in media_service and sends its id (``cover_id``)."""
    cover_id = parse_object_id(request.form.get("cover_id"))
    if cover_id is None:
        return album(album_id, [request.form.get("cover_error") or "Choose an image for the cover."], 400)
    if albums.find_album(album_id) is None:
        raise NotFound("No such album.")
    count = songs.set_album_cover(album_id, cover_id)
    return redirect_to("admin.album", f"New cover for the album and its {count} song{'s' if count != 1 else ''}.",
                       album_id=album_id)

"""The playlists API. The caller always comes from the token: only the owner changes a playlist,
and others read it only when it is public."""
from urllib.parse import quote

from flask import Response, g, jsonify, request
from werkzeug.exceptions import BadRequest

from common.api import bounded_int, json_object
from common.ids import parse_object_id
from common.playlist_contract import MOVE_FIELDS
from song_service.middleware.roles import people_only
from song_service.models.library import playlist as playlists
from song_service.models.library import playlist_files

PAGE_MAX = 500


def _id(value, field):
    parsed = parse_object_id(value) if isinstance(value, str) else None
    if parsed is None:
        raise BadRequest(f"{field} must be an id.")
    return parsed


def _song_ids(body, required):
    if "song_id" in body:
        return [_id(body["song_id"], "song_id")]
    song_ids = body.get("song_ids", [] if not required else None)
    if not isinstance(song_ids, list) or (required and not song_ids):
        raise BadRequest("Give song_id, or song_ids as a list of song ids.")
    if len(song_ids) > playlists.MAX_SONGS_PER_ADD:
        raise BadRequest(f"Add at most {playlists.MAX_SONGS_PER_ADD:,} songs at once.")
    return [_id(song_id, "song_ids") for song_id in song_ids]


def _entry_ids(body):
    """The entry ids the caller chose for the songs it adds (``entry_id`` or ``entry_ids``), or None."""
    if "entry_id" in body:
        return [_id(body["entry_id"], "entry_id")]
    if "entry_ids" not in body:
        return None
    if not isinstance(body["entry_ids"], list) or len(body["entry_ids"]) > playlists.MAX_SONGS_PER_ADD:
        raise BadRequest("entry_ids must be a list of ids, one for each song.")
    entry_ids = [_id(entry_id, "entry_ids") for entry_id in body["entry_ids"]]
    if len(set(entry_ids)) != len(entry_ids):
        raise BadRequest("entry_ids must not repeat.")
    return entry_ids


@people_only
def index():
    limit = bounded_int("limit", 50, 1, playlists.MAX_PLAYLISTS_PER_OWNER)
    return jsonify(playlists=playlists.list_playlists(g.caller.user_id, limit))


@people_only
def create():
    """``playlist_id``, when the caller chooses it, makes a retried request create nothing twice."""
    body = json_object()
    song_ids = _song_ids(body, required=False)
    details = {key: body[key] for key in ("name", "description", "public") if key in body}
    playlist_id = _id(body["playlist_id"], "playlist_id") if "playlist_id" in body else None
    created = playlists.create_playlist(g.caller.user_id, g.caller.username, details, song_ids,
                                        playlist_id=playlist_id)
    return jsonify(created), 201


@people_only
def show(playlist_id):
    offset = bounded_int("offset", 0, 0, playlists.MAX_SONGS)
    limit = bounded_int("limit", 100, 1, PAGE_MAX)
    return jsonify(playlists.get_playlist(playlist_id, g.caller.user_id, offset, limit))


@people_only
def update(playlist_id):
    body = json_object()
    details = {key: body[key] for key in ("name", "description", "public") if key in body}
    if not details:
        raise BadRequest("Give a name, a description or public.")
    return jsonify(playlists.update_playlist(playlist_id, g.caller.user_id, details))


@people_only
def delete(playlist_id):
    playlists.delete_playlist(playlist_id, g.caller.user_id)
    return jsonify(id=playlist_id, deleted=True)


@people_only
def add_songs(playlist_id):
    body = json_object()
    song_ids = _song_ids(body, required=True)
    position = playlists.clean_position(body["position"]) if body.get("position") is not None else None
    entry_ids = _entry_ids(body)
    return jsonify(playlists.add_songs(playlist_id, g.caller.user_id, song_ids, position, entry_ids)), 201


@people_only
def remove_entry(playlist_id, entry_id):
    playlists.remove_entry(playlist_id, g.caller.user_id, entry_id)
    return jsonify(entry_id=entry_id, removed=True)


def _move_instruction(body, entry_id):
    given = [field for field in MOVE_FIELDS if field in body]
    if len(given) != 1:
        raise BadRequest("Say where to move the song: one of position, offset, before or after.")
    field = given[0]
    value = body[field]
    if field == "position":
        return {"position": playlists.clean_position(value)}
    if field == "offset":
        if isinstance(value, bool) or not isinstance(value, int):
            raise BadRequest("offset must be a whole number.")
        where = {"offset": max(-playlists.MAX_SONGS, min(playlists.MAX_SONGS, value))}
        if "from_position" in body:
            seen_at = playlists.clean_position(body["from_position"], "from_position")
            if seen_at >= playlists.MAX_SONGS:
                raise BadRequest("from_position is past the end of any playlist.")
            where["from_position"] = seen_at
        return where
    if field == "before" and value is None:
        return {"to_end": True}
    neighbour = _id(value, field)
    if neighbour == entry_id:
        raise BadRequest("A song cannot be moved next to itself.")
    return {field: neighbour}


@people_only
def move_entry(playlist_id, entry_id):
    where = _move_instruction(json_object(), entry_id)
    position = playlists.move_entry(playlist_id, g.caller.user_id, entry_id, **where)
    return jsonify(entry_id=entry_id, position=position)


@people_only
def export(playlist_id):
    prefix = request.args.get("location_prefix", "audio/")[:500]
    playlist, text = playlist_files.export_m3u8(playlist_id, g.caller.user_id, prefix)
    response = Response(text, mimetype="audio/x-mpegurl")
    response.charset = "utf-8"
    response.headers["Content-Disposition"] = _attachment(playlist["name"] + ".m3u8")
    return response


def _attachment(filename):
    """A download named ``filename``: plain ASCII for old clients, the real name in UTF-8 for the rest."""
    ascii_name = "".join(ch if ch.isascii() and (ch.isalnum() or ch in " .-_") else "_" for ch in filename)
    return f"attachment; filename=\"{ascii_name}\"; filename*=UTF-8''{quote(filename)}"


@people_only
def import_file():
    body = json_object()
    text = body.get("m3u8")
    if not isinstance(text, str):
        raise BadRequest("m3u8 must be the text of an M3U8 file.")
    name, file_name = body.get("name"), body.get("file_name")
    if any(value is not None and not isinstance(value, str) for value in (name, file_name)):
        raise BadRequest("name and file_name must be text.")
    result = playlist_files.import_m3u8(g.caller.user_id, g.caller.username, text, name, file_name)
    return jsonify(result), 201

"""Playlists: the same playlists as the web player's, with the same owner rules (song_service checks
them) and the same guarantee that no edit is lost (each change is one request to song_service, sent
again unchanged if its answer is lost)."""
from flask_login import current_user

from operator_service.models import playlists
from operator_service.models.backend import BackendRejected
from operator_service.subsonic import entities, ids, listing, params
from operator_service.subsonic.protocol import GENERIC, NOT_AUTHORIZED, SubsonicError, missing, not_found, respond

PAGE = playlists.PAGE_SIZE
MAX_SONGS = 10_000


def _playlist_call(call):
    try:
        return call()
    except BackendRejected as rejected:
        if rejected.code == 404:
            raise not_found("Playlist") from None
        if rejected.code == 403:
            raise SubsonicError(NOT_AUTHORIZED, rejected.description) from None
        if rejected.code in (400, 409, 413):
            raise SubsonicError(GENERIC, rejected.description) from None
        raise


def _whole(playlist_id):
    """The playlist with every entry, read a page at a time."""
    first = _playlist_call(lambda: playlists.get_playlist(playlist_id, 0, PAGE))
    entries = list(first["entries"])
    offset = PAGE
    while offset < min(first.get("song_count") or 0, MAX_SONGS):
        page = _playlist_call(lambda: playlists.get_playlist(playlist_id, offset, PAGE))
        if not page["entries"]:
            break
        entries.extend(page["entries"])
        offset += PAGE
    first["entries"] = entries
    return first


def _summary(document):
    owner = document.get("owner_name") or current_user.username
    shaped = entities.playlist({**document, "duration": document.get("total_duration")}, owner)
    shaped["coverArt"] = ids.make(ids.COVER, (document.get("covers") or [None])[0])
    return shaped


def _with_songs(playlist_id):
    document = _whole(playlist_id)
    shaped = _summary(document)
    shaped["entry"] = listing.songs([entry["song"] for entry in document["entries"]])
    shaped["songCount"] = len(shaped["entry"])
    return shaped


def get_playlists():
    username = params.text("username")
    if username and username.casefold() != current_user.username.casefold():
        # Each person's playlists are their own; nobody, admins included, lists another's here.
        raise SubsonicError(NOT_AUTHORIZED, "You may only list your own playlists.")
    documents = playlists.my_playlists()
    return respond({"playlists": {"playlist": [_summary(document) for document in documents]}})


def get_playlist():
    playlist_id = params.object_id("id", ids.PLAYLIST)
    return respond({"playlist": _with_songs(playlist_id)})


def _song_ids(name):
    return [ids.parse(value, ids.SONG) for value in params.repeated(name, MAX_SONGS)]


def create_playlist():
    """A new playlist, or with ``playlistId`` the same playlist with its songs replaced by these."""
    playlist_id = params.text("playlistId")
    name = params.text("name")
    song_ids = _song_ids("songId")
    if playlist_id:
        playlist_id = ids.parse(playlist_id, ids.PLAYLIST)
        current = _whole(playlist_id)
        if not current.get("can_edit", True):
            raise SubsonicError(NOT_AUTHORIZED, "Only the playlist's owner may change it.")
        if name:
            _playlist_call(lambda: playlists.update_playlist(playlist_id, name=name))
        _replace_songs(playlist_id, current["entries"], song_ids)
        return respond({"playlist": _with_songs(playlist_id)})
    if not name:
        raise missing("name or playlistId")
    first, rest = song_ids[:playlists.SONGS_PER_ADD], song_ids[playlists.SONGS_PER_ADD:]
    created = _playlist_call(lambda: playlists.create_playlist(name, song_ids=first))
    if rest:
        _playlist_call(lambda: playlists.add_songs(created["id"], rest))
    return respond({"playlist": _with_songs(created["id"])})


def _replace_songs(playlist_id, entries, song_ids):
    for entry in entries:
        _playlist_call(lambda entry=entry: playlists.remove_entry(playlist_id, entry["entry_id"]))
    if song_ids:
        _playlist_call(lambda: playlists.add_songs(playlist_id, song_ids))


def update_playlist():
    playlist_id = params.object_id("playlistId", ids.PLAYLIST)
    details = {}
    name, comment, public = params.text("name"), params.text("comment"), params.text("public")
    if name is not None:
        details["name"] = name
    if comment is not None:
        details["description"] = comment
    if public is not None:
        details["public"] = params.boolean("public")
    to_add = _song_ids("songIdToAdd")
    to_remove = []
    for value in params.repeated("songIndexToRemove", MAX_SONGS):
        try:
            to_remove.append(int(value))
        except ValueError:
            raise SubsonicError(GENERIC, "songIndexToRemove must be a position in the playlist.") from None
    current = _whole(playlist_id) if to_remove or not (details or to_add) else None
    if current is not None and not current.get("can_edit", True):
        raise SubsonicError(NOT_AUTHORIZED, "Only the playlist's owner may change it.")
    if current is not None:
        entries = current["entries"]
        if any(not 0 <= index < len(entries) for index in to_remove):
            raise SubsonicError(GENERIC, f"songIndexToRemove must be from 0 to {len(entries) - 1}.")
        # By entry id, not by position: an edit made meanwhile elsewhere moves positions, never entries.
        for index in sorted(set(to_remove)):
            _playlist_call(lambda index=index: playlists.remove_entry(playlist_id, entries[index]["entry_id"]))
    if details:
        _playlist_call(lambda: playlists.update_playlist(playlist_id, **details))
    if to_add:
        _playlist_call(lambda: playlists.add_songs(playlist_id, to_add))
    return respond()


def delete_playlist():
    playlist_id = params.object_id("id", ids.PLAYLIST)
    _playlist_call(lambda: playlists.delete_playlist(playlist_id))
    return respond()

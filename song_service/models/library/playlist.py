"""Playlists: an ordered list of songs owned by one listener, private unless made public.

Every change to a playlist's songs is one atomic update of its document ($push with $position,
$pull, or an update pipeline for moves), so two tabs editing the same playlist never lose an edit.
Each entry has an id of its own, so that a song can appear twice and an edit names exactly one entry,
and keeps its song's duration (which no edit changes), so the total needs no look at the songs.
"""
from datetime import datetime, timezone

from bson import ObjectId
from pymongo.errors import DuplicateKeyError

from common.playlist_contract import DESCRIPTION_LENGTH, NAME_LENGTH
from song_service.errors import (
    EntryNotFound,
    InvalidPlaylist,
    NotAllowed,
    PlaylistChanged,
    PlaylistFull,
    PlaylistNotFound,
    SongNotFound,
)
from song_service.extensions import mongo
from song_service.models.catalogue import song_lookup

MAX_SONGS = 10_000
MAX_NAME_LENGTH = NAME_LENGTH
MAX_DESCRIPTION_LENGTH = DESCRIPTION_LENGTH
MAX_PLAYLISTS_PER_OWNER = 1_000
MAX_SONGS_PER_ADD = 1_000
# The first songs, whose covers make the playlist's picture.
COVER_SOURCES = 100
SUMMARY_FIELDS = ("name", "description", "public", "owner_id", "owner_name", "created_at", "updated_at")


def _playlists():
    return mongo.durable_db.playlists


def _now():
    return datetime.now(timezone.utc)


# ---- validation ---------------------------------------------------------------------------------

def _name(value):
    if not isinstance(value, str):
        raise InvalidPlaylist("name must be text.")
    name = " ".join(value.split())
    if not 1 <= len(name) <= MAX_NAME_LENGTH:
        raise InvalidPlaylist(f"The name must be 1 to {MAX_NAME_LENGTH} characters.")
    return name


def _description(value):
    if value is None:
        return ""
    if not isinstance(value, str):
        raise InvalidPlaylist("description must be text.")
    description = value.replace("\r\n", "\n").strip()
    if len(description) > MAX_DESCRIPTION_LENGTH:
        raise InvalidPlaylist(f"The description must be at most {MAX_DESCRIPTION_LENGTH} characters.")
    return description


def _public(value):
    if not isinstance(value, bool):
        raise InvalidPlaylist("public must be true or false.")
    return value


def clean_details(payload, partial=False):
    cleaners = {"name": _name, "description": _description, "public": _public}
    if not partial:
        payload = {"description": "", "public": False, **payload}
        if "name" not in payload:
            raise InvalidPlaylist("A playlist needs a name.")
    return {key: clean(payload[key]) for key, clean in cleaners.items() if key in payload}


def clean_position(value, field="position"):
    if isinstance(value, bool) or not isinstance(value, int) or value < 0:
        raise InvalidPlaylist(f"{field} must be a whole number from 0.")
    return min(value, MAX_SONGS)  # past the end of any playlist is its end


# ---- shapes -------------------------------------------------------------------------------------

def summary(document, user_id=None):
    playlist = {"id": str(document["_id"]), **{key: document.get(key) for key in SUMMARY_FIELDS}}
    count = document.get("song_count")
    playlist["song_count"] = len(document.get("songs", [])) if count is None else count
    if user_id is not None:
        playlist["can_edit"] = document["owner_id"] == user_id
    return playlist


def _entries(song_ids, durations, now, entry_ids=None):
    entry_ids = entry_ids or [ObjectId() for _ in song_ids]
    return [{"entry_id": entry_id, "song_id": song_id, "duration": durations[song_id], "added_at": now}
            for entry_id, song_id in zip(entry_ids, song_ids)]


def _public_entry(entry, song):
    return {"entry_id": str(entry["entry_id"]), "added_at": entry["added_at"], "song": song}


# ---- access -------------------------------------------------------------------------------------

def _load(playlist_id, projection=None):
    document = _playlists().find_one({"_id": playlist_id}, projection)
    if document is None:
        raise PlaylistNotFound("No such playlist.")
    return document


def _readable(playlist_id, user_id, projection=None):
    document = _load(playlist_id, projection)
    if document["owner_id"] != user_id and not document.get("public"):
        # The same answer as for no playlist at all: someone else's private playlist is not to be seen,
        # not even whether it exists.
        raise PlaylistNotFound("No such playlist.")
    return document


def _require_owner(playlist_id, user_id):
    # The owner never changes, so checking it before the update cannot race; the update's own
    # filter names the owner as well, so a write can never touch someone else's playlist.
    document = _load(playlist_id, {"owner_id": 1, "name": 1, "public": 1})
    if document["owner_id"] != user_id:
        if not document.get("public"):
            raise PlaylistNotFound("No such playlist.")  # as for reading it: its existence is not told
        raise NotAllowed("Only the owner can change this playlist.")
    return document


def _owned(playlist_id, user_id, **conditions):
    return {"_id": playlist_id, "owner_id": user_id, **conditions}


def _durations(song_ids):
    """The songs' durations; SongNotFound names the first song that does not exist."""
    durations = song_lookup.song_durations(song_ids)
    missing = [song_id for song_id in dict.fromkeys(song_ids) if song_id not in durations]
    if missing:
        raise SongNotFound(f"No such song: {missing[0]}.")
    return durations


def _drop_vanished_songs(playlist_id, song_ids):
    """A song deleted while it was being added must not stay behind as a dangling entry."""
    gone = set(song_ids) - song_lookup.existing_song_ids(song_ids)
    if gone:
        _playlists().update_one({"_id": playlist_id}, {"$pull": {"songs": {"song_id": {"$in": list(gone)}}}})


# ---- playlists ----------------------------------------------------------------------------------

def create_playlist(owner_id, owner_name, payload, song_ids=(), durations=None, playlist_id=None):
    """A new playlist, holding ``song_ids`` in order (``durations`` when the caller already knows them).

    With ``playlist_id`` chosen by the caller, the same request sent again (a retry after a timeout)
    gives back the playlist it created the first time instead of a second one.
    """
    details = clean_details(payload)
    if len(song_ids) > MAX_SONGS:
        raise PlaylistFull(f"A playlist holds at most {MAX_SONGS:,} songs.")
    durations = _durations(song_ids) if durations is None else durations
    if _playlists().count_documents({"owner_id": owner_id}) >= MAX_PLAYLISTS_PER_OWNER:
        raise PlaylistFull(f"You can have at most {MAX_PLAYLISTS_PER_OWNER:,} playlists.")
    now = _now()
    document = {
        **details, "owner_id": owner_id, "owner_name": owner_name,
        "songs": _entries(song_ids, durations, now), "created_at": now, "updated_at": now,
    }
    if playlist_id is not None:
        document["_id"] = playlist_id
    try:
        document["_id"] = _playlists().insert_one(document).inserted_id
    except DuplicateKeyError:
        existing = _playlists().find_one({"_id": playlist_id})
        if existing is None or existing["owner_id"] != owner_id:
            raise PlaylistChanged("That playlist id is already taken.") from None
        return summary(existing, owner_id)  # created by an earlier try of this same request
    if song_ids:
        _drop_vanished_songs(document["_id"], song_ids)
    return summary(document, owner_id)


def list_playlists(owner_id, limit):
    """The owner's playlists, most recently changed first, without their songs."""
    projection = {key: 1 for key in SUMMARY_FIELDS}
    pipeline = [
        {"$match": {"owner_id": owner_id}},  # alone in the first stage, so the owner index serves it
        {"$sort": {"updated_at": -1, "_id": -1}},
        {"$limit": limit},
        {"$project": {**projection, "song_count": {"$size": "$songs"}}},
    ]
    return [summary(document) for document in _playlists().aggregate(pipeline)]


def get_playlist(playlist_id, user_id, offset=0, limit=100):
    """A playlist with one window of its songs, its total duration and the covers for its picture.

    Only the window's songs and the first few (for the covers) are read, whatever the playlist's size.
    """
    document = _readable(playlist_id, user_id)
    entries = document["songs"]
    window = entries[offset:offset + limit]
    songs = song_lookup.songs_by_id(e["song_id"] for e in entries[:COVER_SOURCES] + window)
    covers = []
    for entry in entries[:COVER_SOURCES]:
        cover_id = songs.get(entry["song_id"], {}).get("cover_id")
        if cover_id and cover_id not in covers:
            covers.append(cover_id)
            if len(covers) == 4:
                break
    playlist = summary(document, user_id)
    playlist.update(
        total_duration=sum(entry.get("duration") or 0 for entry in entries),
        covers=covers,
        offset=offset,
        # An entry whose song is being deleted right now is skipped, never shown as a hole.
        entries=[_public_entry(entry, songs[entry["song_id"]]) for entry in window if entry["song_id"] in songs],
    )
    return playlist


def playlist_songs(playlist_id, user_id):
    """The playlist's summary and all its songs in order, for an export."""
    document = _readable(playlist_id, user_id)
    songs = song_lookup.songs_by_id(entry["song_id"] for entry in document["songs"])
    return summary(document, user_id), [songs[e["song_id"]] for e in document["songs"] if e["song_id"] in songs]


def _summary(playlist_id, user_id):
    pipeline = [
        {"$match": {"_id": playlist_id}},
        {"$project": {**{key: 1 for key in SUMMARY_FIELDS}, "song_count": {"$size": "$songs"}}},
    ]
    documents = list(_playlists().aggregate(pipeline))
    if not documents:
        raise PlaylistNotFound("No such playlist.")
    return summary(documents[0], user_id)


def update_playlist(playlist_id, user_id, payload):
    changes = clean_details(payload, partial=True)
    _require_owner(playlist_id, user_id)
    result = _playlists().update_one(_owned(playlist_id, user_id), {"$set": {**changes, "updated_at": _now()}})
    if result.matched_count == 0:
        raise PlaylistNotFound("No such playlist.")
    return _summary(playlist_id, user_id)


def delete_playlist(playlist_id, user_id):
    _require_owner(playlist_id, user_id)
    if _playlists().delete_one(_owned(playlist_id, user_id)).deleted_count == 0:
        raise PlaylistNotFound("No such playlist.")


# ---- songs in a playlist ------------------------------------------------------------------------

def add_songs(playlist_id, user_id, song_ids, position=None, entry_ids=None):
    """Insert songs at ``position`` (the end by default); all of them, or none when one is missing.

    With ``entry_ids`` chosen by the caller, one per song, the same request sent again (a retry after a
    timeout) finds its entries already there and adds nothing.
    """
    playlist = _require_owner(playlist_id, user_id)
    if len(song_ids) > MAX_SONGS:
        raise PlaylistFull(f"A playlist holds at most {MAX_SONGS:,} songs.")
    if entry_ids is not None and len(entry_ids) != len(song_ids):
        raise InvalidPlaylist("Give one entry id for each song.")
    now = _now()
    entries = _entries(song_ids, _durations(song_ids), now, entry_ids)
    push = {"$each": entries}
    if position is not None:
        push["$position"] = position
    # The playlist has room only while the entry that would pass the limit does not exist yet.
    conditions = {f"songs.{MAX_SONGS - len(entries)}": {"$exists": False}}
    if entry_ids:
        conditions["songs.entry_id"] = {"$nin": entry_ids}
    result = _playlists().update_one(
        _owned(playlist_id, user_id, **conditions), {"$push": {"songs": push}, "$set": {"updated_at": now}}
    )
    if result.matched_count == 0:
        if entry_ids and _has_entries(playlist_id, entry_ids):
            return _added(playlist, playlist_id, entries)  # added by an earlier try of this request
        _load(playlist_id, {"_id": 1})
        if entry_ids and _playlists().count_documents({"_id": playlist_id, "songs.entry_id": {"$in": entry_ids}}):
            raise PlaylistChanged("Some of these entry ids are already in the playlist.")
        raise PlaylistFull(f"A playlist holds at most {MAX_SONGS:,} songs.")
    _drop_vanished_songs(playlist_id, song_ids)
    return _added(playlist, playlist_id, entries)


def _has_entries(playlist_id, entry_ids):
    return _playlists().count_documents({"_id": playlist_id, "songs.entry_id": {"$all": entry_ids}}) > 0


def _added(playlist, playlist_id, entries):
    return {
        "playlist": {"id": str(playlist_id), "name": playlist["name"]},
        "entries": [{"entry_id": str(entry["entry_id"]), "song_id": str(entry["song_id"])} for entry in entries],
    }


def remove_entry(playlist_id, user_id, entry_id):
    _require_owner(playlist_id, user_id)
    result = _playlists().update_one(
        _owned(playlist_id, user_id, **{"songs.entry_id": entry_id}),
        {"$pull": {"songs": {"entry_id": entry_id}}, "$set": {"updated_at": _now()}},
    )
    if result.matched_count == 0:
        _load(playlist_id, {"_id": 1})
        raise EntryNotFound("That song is no longer in this playlist.")


def _entry_ids(array):
    return {"$map": {"input": array, "as": "entry", "in": "$$entry.entry_id"}}


def _move_target(position=None, offset=None, before=None, after=None, to_end=False):
    """Where the entry goes, as an index into the other entries ($$rest); -1 when its neighbour is gone."""
    rest_size = {"$size": "$$rest"}
    if to_end:
        return rest_size
    if position is not None:
        return {"$min": [position, rest_size]}
    if offset is not None:
        return {"$min": [{"$max": [{"$add": ["$$current", offset]}, 0]}, rest_size]}
    neighbour = before if before is not None else after
    index = {"$indexOfArray": [_entry_ids("$$rest"), neighbour]}
    if before is not None:
        return index
    return {"$let": {"vars": {"index": index},
                     "in": {"$cond": [{"$lt": ["$$index", 0]}, -1, {"$add": ["$$index", 1]}]}}}


def move_entry(playlist_id, user_id, entry_id, from_position=None, **where):
    """Move one entry with an update pipeline, so that the database computes the new order from the
    current one and concurrent moves compose.

    ``where`` is one of ``position=i``, ``offset=±n``, ``before=<entry id>``, ``after=<entry id>`` or
    ``to_end=True``. Returns the entry's index afterwards.

    Every kind but ``offset`` gives the same order when sent twice. An offset move names the index the
    caller saw the entry at (``from_position``); it moves only an entry still there, so a retried "Move
    up" moves once, and a replay is answered as done.
    """
    _require_owner(playlist_id, user_id)
    at_seen_place = {} if from_position is None else {f"songs.{from_position}.entry_id": entry_id}
    others = {"$filter": {"input": "$songs", "as": "entry", "cond": {"$ne": ["$$entry.entry_id", entry_id]}}}
    itself = {"$filter": {"input": "$songs", "as": "entry", "cond": {"$eq": ["$$entry.entry_id", entry_id]}}}
    gone = {"$lt": ["$move_target", 0]}  # the neighbour it was to go next to has been removed
    pipeline = [
        {"$set": {"move_target": {"$let": {
            "vars": {"rest": others, "current": {"$indexOfArray": [_entry_ids("$songs"), entry_id]}},
            "in": _move_target(**where),
        }}}},
        {"$set": {
            "songs": {"$cond": [gone, "$songs", {"$let": {"vars": {"rest": others, "moved": itself}, "in": {
                "$concatArrays": [
                    {"$slice": ["$$rest", "$move_target"]},
                    "$$moved",
                    {"$slice": ["$$rest", "$move_target", {"$max": [{"$size": "$$rest"}, 1]}]},
                ],
            }}}]},
            "updated_at": {"$cond": [gone, "$updated_at", {"$literal": _now()}]},
        }},
        {"$unset": "move_target"},
    ]
    # update_one rather than find_one_and_update: SecantusDB's findAndModify scans the whole collection.
    result = _playlists().update_one(
        _owned(playlist_id, user_id, **{"songs.entry_id": entry_id}, **at_seen_place), pipeline)
    if result.matched_count == 0:
        order = [entry["entry_id"] for entry in _load(playlist_id, {"songs.entry_id": 1})["songs"]]
        if entry_id not in order:
            raise EntryNotFound("That song is no longer in this playlist.")
        replayed_at = max(0, min(len(order) - 1, from_position + where.get("offset", 0)))
        if order.index(entry_id) == replayed_at:
            return replayed_at  # moved by an earlier try of this same request
        raise PlaylistChanged("The playlist changed meanwhile; reload it to see its order.")
    if result.modified_count == 0:
        raise PlaylistChanged("The playlist changed meanwhile: the song it was dropped next to is gone.")
    order = [entry["entry_id"] for entry in _load(playlist_id, {"songs.entry_id": 1})["songs"]]
    return order.index(entry_id) if entry_id in order else None


def remove_song_everywhere(song_id):
    """A song left the catalogue: take it out of every playlist (the multikey index finds them)."""
    _playlists().update_many({"songs.song_id": song_id}, {"$pull": {"songs": {"song_id": song_id}}})

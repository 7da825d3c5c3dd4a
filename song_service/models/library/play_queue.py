"""Each listener's play queue, saved by one player and resumed on another: one document per listener, keyed
by the listener's id, so a save is one replace and needs no index of its own."""
from datetime import datetime, timezone

from song_service.extensions import mongo
from song_service.models.catalogue import song_lookup

MAX_SONGS = 1_000
MAX_CLIENT_LENGTH = 64


def _queues():
    return mongo.db.play_queues


def _shown(document):
    """The queue as the API answers it; songs deleted since it was saved are left out of ``songs`` only, so that
    ``current_index`` still points into ``song_ids``."""
    if document is None or not document.get("song_ids"):
        return {"song_ids": [], "songs": [], "current_index": None, "position_ms": 0,
                "changed_at": document.get("changed_at") if document else None,
                "changed_by": document.get("changed_by") if document else None}
    song_ids = document["song_ids"]
    songs = song_lookup.songs_by_id(song_ids)
    return {"song_ids": song_ids, "songs": [songs[song_id] for song_id in song_ids if song_id in songs],
            "current_index": document.get("current_index"), "position_ms": document.get("position_ms", 0),
            "changed_at": document.get("changed_at"), "changed_by": document.get("changed_by")}


def play_queue(user_id):
    return _shown(_queues().find_one({"_id": user_id}))


def save(user_id, song_ids, current_index, position_ms, changed_by):
    """Replace the listener's queue (an empty ``song_ids`` clears it); the caller has checked the values."""
    if not song_ids:
        _queues().delete_one({"_id": user_id})
        return _shown(None)
    # To the millisecond, as BSON stores it, so that this answer and later reads agree.
    now = datetime.now(timezone.utc)
    changed_at = now.replace(microsecond=now.microsecond // 1000 * 1000)
    document = {"song_ids": list(song_ids), "current_index": current_index, "position_ms": position_ms,
                "changed_at": changed_at, "changed_by": changed_by}
    _queues().replace_one({"_id": user_id}, document, upsert=True)
    return _shown({"_id": user_id, **document})

"""Liked songs: one document per listener and song, newest first by the like's own id."""
from datetime import datetime, timezone

from bson import ObjectId
from pymongo.errors import DuplicateKeyError

from common.browse_contract import MAX_LIKED_LOOKUP
from song_service.errors import SongNotFound
from song_service.extensions import mongo
from song_service.models.catalogue import song_lookup

MAX_LOOKUP = MAX_LIKED_LOOKUP


def _likes():
    return mongo.db.likes


def like(user_id, song_id):
    """Idempotent: liking a liked song keeps its place in the list."""
    if not song_lookup.existing_song_ids([song_id]):
        raise SongNotFound("No such song.")
    try:
        # The unique (user_id, song_id) index makes a double click, or two tabs, one like.
        _likes().update_one(
            {"user_id": user_id, "song_id": song_id},
            {"$setOnInsert": {"liked_at": datetime.now(timezone.utc)}},
            upsert=True,
        )
    except DuplicateKeyError:
        pass
    if not song_lookup.existing_song_ids([song_id]):
        # Deleted while we were liking it: leave nothing behind.
        forget_song(song_id)
        raise SongNotFound("No such song.")


def unlike(user_id, song_id):
    _likes().delete_one({"user_id": user_id, "song_id": song_id})


def liked_among(user_id, song_ids):
    """Which of these songs the listener likes: ``{song_id: liked_at}``."""
    query = {"user_id": user_id, "song_id": {"$in": list(dict.fromkeys(song_ids))[:MAX_LOOKUP]}}
    return {document["song_id"]: document["liked_at"]
            for document in _likes().find(query, {"song_id": 1, "liked_at": 1})}


def liked_at(user_id, song_id):
    """When the listener liked the song, or None."""
    document = _likes().find_one({"user_id": user_id, "song_id": song_id}, {"liked_at": 1})
    return document["liked_at"] if document else None


def count_liked(user_id):
    return _likes().count_documents({"user_id": user_id})


def liked_songs(user_id, limit, before=None):
    """A page of liked songs, newest like first; ``before`` is the last like id of the previous page."""
    query = {"user_id": user_id}
    if isinstance(before, ObjectId):
        query["_id"] = {"$lt": before}
    likes = list(_likes().find(query).sort("_id", -1).limit(limit))
    songs = song_lookup.songs_by_id(like["song_id"] for like in likes)
    page = [
        {**songs[like["song_id"]], "liked_at": like["liked_at"]}
        for like in likes if like["song_id"] in songs
    ]
    next_before = str(likes[-1]["_id"]) if len(likes) == limit else None
    return page, next_before


def forget_song(song_id):
    """A song left the catalogue: it is no longer anyone's liked song."""
    _likes().delete_many({"song_id": song_id})

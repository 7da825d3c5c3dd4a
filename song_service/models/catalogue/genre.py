"""Genres: one document per name with its song count; a song may have several."""
from datetime import datetime, timezone

from bson import ObjectId
from pymongo import ASCENDING

from song_service.extensions import mongo
from song_service.models.catalogue import counted_documents
from song_service.models.catalogue import keys as catalogue_keys

PUBLIC_FIELDS = {"name": 1, "song_count": 1, "sort_key": 1}


def _genres():
    return mongo.db.genres


def public_genre(document):
    return {"id": str(document["_id"]), "name": document["name"], "song_count": document.get("song_count", 0)}


def new_genre(name, genre_id=None):
    genre_id = genre_id or ObjectId()
    return {
        "_id": genre_id, "name": name, "key": catalogue_keys.identity_key(name),
        "sort_key": catalogue_keys.sort_key(name, genre_id), "song_count": 0,
        "created_at": datetime.now(timezone.utc),
    }


def add_song(names):
    """The ids of the named genres (created if new), each counting one more song."""
    ids = []
    for name in names:
        _before, genre_id = counted_documents.add_to(
            _genres(), {"key": catalogue_keys.identity_key(name)}, {"song_count": 1}, lambda: new_genre(name),
        )
        if genre_id not in ids:
            ids.append(genre_id)
    return ids


def remove_song(genre_ids):
    for genre_id in genre_ids:
        counted_documents.subtract_from(_genres(), genre_id, {"song_count": -1}, ("song_count",))


def find_genre(genre_id):
    document = _genres().find_one({"_id": genre_id}, PUBLIC_FIELDS)
    return public_genre(document) if document else None


def page(after, limit):
    """Genres in name order after the sort key ``after``: ``(genres, next_after)``."""
    cursor = _genres().find({"sort_key": {"$gt": after or ""}}, PUBLIC_FIELDS)
    documents = list(cursor.sort("sort_key", ASCENDING).limit(limit + 1))
    next_after = documents[limit - 1]["sort_key"] if len(documents) > limit else None
    return [public_genre(d) for d in documents[:limit]], next_after


def genre_id_named(name):
    """The id of the genre called ``name`` (spelt any way its identity key allows), or None."""
    document = _genres().find_one({"key": catalogue_keys.identity_key(name)}, {"_id": 1})
    return document["_id"] if document else None

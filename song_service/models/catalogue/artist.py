"""Artists: one document per name, with song and album counts kept as songs come and go."""
from datetime import datetime, timezone

from bson import ObjectId

from song_service.extensions import mongo
from song_service.models.catalogue import bounded_reads, counted_documents
from song_service.models.catalogue import keys as catalogue_keys

PUBLIC_FIELDS = {"name": 1, "song_count": 1, "album_count": 1, "cover_id": 1, "sort_key": 1}


def _artists():
    return mongo.db.artists


def public_artist(document):
    return {
        "id": str(document["_id"]), "name": document["name"], "song_count": document.get("song_count", 0),
        "album_count": document.get("album_count", 0), "cover_id": document.get("cover_id"),
    }


def new_artist(name, artist_id=None):
    artist_id = artist_id or ObjectId()
    return {
        "_id": artist_id, "name": name, "key": catalogue_keys.identity_key(name),
        "sort_key": catalogue_keys.sort_key(name, artist_id), "song_count": 0, "album_count": 0, "cover_id": None,
        "created_at": datetime.now(timezone.utc),
    }


def add(name, songs=0, albums=0):
    """The id of the artist called ``name`` (created if new), after adding to its counts."""
    increments = {"song_count": songs, "album_count": albums}
    _before, artist_id = counted_documents.add_to(
        _artists(), {"key": catalogue_keys.identity_key(name)}, increments, lambda: new_artist(name),
    )
    return artist_id


def subtract(artist_id, songs=0, albums=0):
    counted_documents.subtract_from(
        _artists(), artist_id, {"song_count": -songs, "album_count": -albums}, ("song_count", "album_count"),
    )


def give_cover(artist_id, cover_id):
    """An artist shows the cover of an album of theirs; the first one it gets stays."""
    artist = _artists().find_one({"_id": artist_id}, {"cover_id": 1})
    if artist is not None and not artist.get("cover_id"):
        _artists().update_one({"_id": artist_id}, {"$set": {"cover_id": cover_id}})


def find_artist(artist_id):
    document = _artists().find_one({"_id": artist_id}, PUBLIC_FIELDS)
    return public_artist(document) if document else None


def artist_id_named(name):
    """The id of the artist whose name has the same identity key as ``name`` (the unique_artist index), or None."""
    document = _artists().find_one({"key": catalogue_keys.identity_key(name)}, {"_id": 1})
    return document["_id"] if document else None


def page(letter, after, limit):
    """Artists under ``letter`` in name order after the sort key ``after``: ``(artists, next_after)``."""
    documents, next_after = bounded_reads.by_initial(_artists(), letter, after, limit, PUBLIC_FIELDS)
    return [public_artist(d) for d in documents], next_after

"""Stars and ratings a listener puts on albums, artists and songs: one document per listener, kind and target.

A star on a song is the song's like (``like.py``), so Liked Songs and a Subsonic client's starred songs are one
list; a song's rating lives here like the others'. Nothing is removed when a target goes (a song deleted, an
album or artist merged away): reads check that the targets still exist, and drop what they find dangling so
that later pages are not short.
"""
from datetime import datetime, timezone

from pymongo import DESCENDING
from pymongo.errors import DuplicateKeyError

from song_service.errors import NotInCatalogue, SongNotFound
from song_service.extensions import mongo
from song_service.models.catalogue import album as albums
from song_service.models.catalogue import artist as artists
from song_service.models.catalogue import song_lookup
from song_service.models.library import like as likes

KINDS = ("song", "album", "artist")
MAX_RATING = 5
MAX_LOOKUP = 1_000
# Lower than any star: the starred list is a range on starred_at, so that only starred documents are read.
_EVER = datetime(1970, 1, 1, tzinfo=timezone.utc)
# Dangling annotations dropped per page read before it gives up and answers a short page.
_REPAIR_ROUNDS = 3
_COLLECTIONS = {"album": "albums", "artist": "artists"}
_PUBLIC = {"album": (albums.PUBLIC_FIELDS, albums.public_album),
           "artist": (artists.PUBLIC_FIELDS, artists.public_artist)}
_BATCH = song_lookup.BATCH


def _annotations():
    return mongo.db.annotations


def _targets(kind, ids, projection):
    """``{id: document}`` of the albums or artists among ``ids`` that exist, read in small $in batches."""
    wanted, found = list(dict.fromkeys(ids)), {}
    for start in range(0, len(wanted), _BATCH):
        for document in mongo.db[_COLLECTIONS[kind]].find({"_id": {"$in": wanted[start:start + _BATCH]}}, projection):
            found[document["_id"]] = document
    return found


def existing(kind, ids):
    """The subset of ``ids`` naming a song, album or artist that exists."""
    if kind == "song":
        return song_lookup.existing_song_ids(ids)
    return set(_targets(kind, ids, {"_id": 1}))


def annotate(user_id, kind, target_id, starred=None, rating=None):
    """Set the star (True/False) and/or the rating (0 clears it) of one target; None leaves either as it is.

    SongNotFound (a 404) when the target does not exist. Returns ``(starred_at, rating)`` as they are now.
    """
    if not existing(kind, [target_id]):
        raise (SongNotFound if kind == "song" else NotInCatalogue)(f"No such {kind}.")
    key = {"user_id": user_id, "kind": kind, "target_id": target_id}
    update = {}
    if kind == "song" and starred is not None:
        (likes.like if starred else likes.unlike)(user_id, target_id)
    elif starred is not None:
        # $min keeps the first star's time, so that starring twice does not move it up the list.
        update = {"$min": {"starred_at": datetime.now(timezone.utc)}} if starred else {"$unset": {"starred_at": ""}}
    if rating is not None:
        update.setdefault("$set" if rating else "$unset", {})["rating"] = rating if rating else ""
    if update:
        try:
            _annotations().update_one(key, update, upsert=True)
        except DuplicateKeyError:
            _annotations().update_one(key, update)  # the same listener, twice at once: the unique key let one in
        _annotations().delete_one({**key, "starred_at": {"$exists": False}, "rating": {"$exists": False}})
    return _state(user_id, kind, [target_id]).get(target_id, (None, 0))


def _state(user_id, kind, target_ids):
    """``{target_id: (starred_at or None, rating)}`` for the targets given that carry either."""
    wanted = list(dict.fromkeys(target_ids))[:MAX_LOOKUP]
    query = {"user_id": user_id, "kind": kind, "target_id": {"$in": wanted}}
    found = {document["target_id"]: (document.get("starred_at"), document.get("rating") or 0)
             for document in _annotations().find(query, {"target_id": 1, "starred_at": 1, "rating": 1})}
    if kind == "song":
        for song_id, liked_at in likes.liked_among(user_id, wanted).items():
            found[song_id] = (liked_at, found.get(song_id, (None, 0))[1])
    return found


def lookup(user_id, kind, target_ids):
    """``{target_id: (starred_at or None, rating)}`` of the targets that exist and carry a star or a rating."""
    found = _state(user_id, kind, target_ids)
    alive = existing(kind, list(found))
    return {target_id: state for target_id, state in found.items() if target_id in alive}


def _page(user_id, kind, condition, sort, offset, limit):
    """One page of the listener's annotations of albums or artists, with their targets still there."""
    fields, public = _PUBLIC[kind]
    query = {"user_id": user_id, "kind": kind, **condition}
    for _round in range(_REPAIR_ROUNDS):
        annotations = list(_annotations().find(query).sort(sort).skip(offset).limit(limit))
        targets = _targets(kind, [annotation["target_id"] for annotation in annotations], fields)
        dangling = [annotation["_id"] for annotation in annotations if annotation["target_id"] not in targets]
        if not dangling:
            break
        _annotations().delete_many({"_id": {"$in": dangling}})
    return [(public(targets[a["target_id"]]), a) for a in annotations if a["target_id"] in targets]


def starred(user_id, kind, offset, limit):
    """Starred albums or artists, newest star first, each with ``starred_at``."""
    sort = [("starred_at", DESCENDING), ("_id", DESCENDING)]
    page = _page(user_id, kind, {"starred_at": {"$gte": _EVER}}, sort, offset, limit)
    return [{**target, "starred_at": annotation["starred_at"]} for target, annotation in page]


def rated(user_id, kind, offset, limit):
    """Rated albums or artists, highest rating first (most recently annotated first within a rating)."""
    sort = [("rating", DESCENDING), ("_id", DESCENDING)]
    page = _page(user_id, kind, {"rating": {"$gte": 1}}, sort, offset, limit)
    return [{**target, "rating": annotation["rating"]} for target, annotation in page]

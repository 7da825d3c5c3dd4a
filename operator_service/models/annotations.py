"""Stars and ratings of songs, albums and artists, kept by song_service under the caller's token. A song's
star is its like: the same Liked Songs in the web player and in every app."""
from operator_service.models.backend import song_backend

LOOKUP_MAX = 1_000


def annotate(kind, target_id, starred=None, rating=None):
    body = {key: value for key, value in (("starred", starred), ("rating", rating)) if value is not None}
    return song_backend.json("PUT", f"/api/annotations/{kind}/{target_id}", json=body)


def lookup(kind, target_ids):
    """``{id: {"starred_at", "rating"}}`` for the ids the caller starred or rated."""
    found = {}
    target_ids = list(dict.fromkeys(target_ids))
    for start in range(0, len(target_ids), LOOKUP_MAX):
        chunk = target_ids[start:start + LOOKUP_MAX]
        found.update(song_backend.json("POST", "/api/annotations/lookup",
                                       json={"kind": kind, "ids": chunk})["annotations"])
    return found


def starred(kind, limit=500, offset=0):
    """The caller's starred albums or artists (``kind``), newest star first."""
    body = song_backend.json("GET", "/api/annotations/starred", params={"kind": kind, "limit": limit,
                                                                        "offset": offset})
    return body["albums" if kind == "album" else "artists"]


def highest_rated_albums(limit, offset=0):
    return song_backend.json("GET", "/api/annotations/rated", params={"kind": "album", "limit": limit,
                                                                      "offset": offset})["albums"]

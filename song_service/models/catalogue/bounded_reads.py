"""Index reads whose cost is bounded in advance, on any MongoDB-protocol server.

SecantusDB, the development database, fetches every document an index lookup matches before it sorts and
applies a limit: ``find({"artist_id": x}).sort("play_count", -1).limit(10)`` costs as much as all of the
artist's songs, and a range on ``_id`` is a collection scan. So these browse lists read in windows:
- ``newest_first`` pages by ``seq`` (a counter given at creation) in windows of a few pages' width;
- ``top_played`` reads play-count bands from the top down.
Each query is one indexed equality or range; on MongoDB they are as cheap as the plain forms.
"""
import math

from pymongo import ASCENDING, DESCENDING

from song_service.models.catalogue.keys import letter_range

MAX_SEQ_WINDOW = 8192
# Lower edges of the play-count bands, highest first; a band is [edge, previous edge).
PLAY_BANDS = (4 ** 9, 4 ** 7, 4 ** 5, 4 ** 3, 16, 4, 1)


def newest_first(collection, match, upper, limit, density=1.0, projection=None):
    """Documents of ``match`` with ``seq`` below ``upper``, highest first: ``(page, more_follow)``.

    ``density`` is the expected share of seq numbers that belong to ``match`` (1 for all songs, less for a
    genre), so that the first window usually holds the page; gaps left by deletions widen the next one.
    """
    want = limit + 1
    found = []
    width = min(MAX_SEQ_WINDOW, max(want, math.ceil(want / max(density, 1e-6) * 1.25)))
    while len(found) < want and upper > 1:
        lower = max(1, upper - width)
        cursor = collection.find({**match, "seq": {"$gte": lower, "$lt": upper}}, projection)
        found.extend(cursor.sort("seq", DESCENDING))
        upper = lower
        width = min(width * 2, MAX_SEQ_WINDOW)
    return found[:limit], len(found) > limit


def top_played(collection, match, limit, projection=None, unplayed=True):
    """The ``limit`` most played documents of ``match``, then (unless ``unplayed=False``) unplayed ones, newest first.

    The bands need an index led by ``play_count``, or by the fields of ``match`` then ``play_count``.
    """
    found, upper = [], None
    for lower in PLAY_BANDS:
        band = {"$gte": lower} if upper is None else {"$gte": lower, "$lt": upper}
        in_band = sorted(collection.find({**match, "play_count": band}, projection),
                         key=lambda document: document["_id"], reverse=True)
        found.extend(sorted(in_band, key=lambda document: -document.get("play_count", 0)))  # ties: newest first
        if len(found) >= limit:
            return found[:limit]
        upper = lower
    if unplayed:
        cursor = collection.find({**match, "play_count": 0}, projection)
        found.extend(cursor.sort("_id", DESCENDING).limit(limit - len(found)))
    return found[:limit]


def by_initial(collection, letter, after, limit, projection=None):
    """Documents under one initial in ``sort_key`` order after ``after``: ``(documents, next_after)``.

    The range stays within the letter, so the match set is one initial's, never the collection's.
    """
    lower, upper = letter_range(letter)
    start = {"$gt": after} if after and lower <= after < upper else {"$gte": lower}
    cursor = collection.find({"sort_key": {**start, "$lt": upper}}, projection)
    documents = list(cursor.sort("sort_key", ASCENDING).limit(limit + 1))
    next_after = documents[limit - 1]["sort_key"] if len(documents) > limit else None
    return documents[:limit], next_after

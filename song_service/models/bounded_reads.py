"""Index reads whose cost is bounded in advance, on any MongoDB-protocol server.

SecantusDB, the development database, fetches every document an index lookup matches before it sorts and
applies a limit: ``find({"artist_id": x}).sort("play_count", -1).limit(10)`` costs as much as all of the
artist's songs, and a range on ``_id`` is a collection scan. So no query here leaves its match set open:
- ``newest_first`` pages by ``seq`` (a counter given at creation) in windows of a few pages' width;
- ``sampled`` reads a large match set a slice of sample buckets at a time, and stops when it has enough;
- ``top_played`` reads play-count bands from the top down, and samples the unplayed songs, which tie.
Each query is one indexed equality or range; on MongoDB they are as cheap as the plain forms.
"""
import math

from pymongo import ASCENDING, DESCENDING

from song_service.models.catalogue_keys import SAMPLE_BUCKETS, letter_range

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


def first_buckets(collection, match, buckets=1, projection=None):
    """The documents of ``match`` in the first sample buckets: 1/1024 of them each, an estimate of their number."""
    return list(collection.find({**match, "bucket": {"$gte": 0, "$lt": buckets}}, projection))


def sampled(collection, match, want, keep=None, budget=1500, projection=None, head=None, head_buckets=1):
    """Documents of ``match`` that pass ``keep``, read a slice of sample buckets at a time.

    Reading stops once ``want`` are kept or about ``budget`` documents were read, so a match set of any
    size costs at most the budget: what comes back is then a uniform sample of the matches. The first
    slice is ``head_buckets`` wide (wider for small collections); ``head`` is its documents, when the
    caller has read them already.
    """
    head = first_buckets(collection, match, head_buckets, projection) if head is None else head
    kept = [document for document in head if keep is None or keep(document)]
    read, start = len(head), head_buckets
    width = _next_width(start, read, len(kept), want, budget)
    while start < SAMPLE_BUCKETS and len(kept) < want and read < budget:
        end = min(SAMPLE_BUCKETS, start + width)
        batch = list(collection.find({**match, "bucket": {"$gte": start, "$lt": end}}, projection))
        read += len(batch)
        kept.extend(document for document in batch if keep is None or keep(document))
        start = end
        width = _next_width(start, read, len(kept), want, budget)
    return kept


def _next_width(done, read, kept, want, budget):
    """How many buckets the next slice should span, from the yield of the buckets read so far."""
    remaining = SAMPLE_BUCKETS - done
    if read == 0:
        width = done * 16  # nothing matched yet: the matches are few, widen fast
    elif kept == 0:
        width = remaining
    else:
        width = math.ceil((want - kept) / (kept / done) * 1.25)
    if read:
        width = min(width, max(1, int((budget - read) / (read / done))))
    # An estimate from few documents is rough: never read more than 16 times the buckets read so far.
    return max(1, min(width, remaining, done * 16))


def top_played(collection, match, limit, projection=None, unplayed=True):
    """The ``limit`` most played documents of ``match``; among unplayed ones, which tie, any will do.

    With ``unplayed=False`` only played ones count (the bands need an index led by ``play_count``, or by
    the fields of ``match`` then ``play_count``; the unplayed sample also needs ``bucket`` after it).
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
        found.extend(sampled(collection, {**match, "play_count": 0}, limit - len(found), projection=projection))
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

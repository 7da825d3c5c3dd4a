"""Search across songs, artists and albums: each query word must start a word of the metadata, in any order.

Ranking, for songs: an exact title first, then songs whose title has a word starting with every query
word, then matches through the other fields (artist, album artist, album, genre, year); ties go to the
higher play count. Artists and albums rank the same way on their name, ties going to the larger one.

It stays index-driven at any catalogue size. Candidates are read through the prefix index for one query
word with ``bounded_reads.sampled``, the other words narrow them, and the bounded candidate set is ranked
here. The leading word is the rarest, found by reading each word's first sample bucket (1/1024 of its
songs); that order serves artists and albums too.
While the leading word matches fewer documents than the read budget, every match is a candidate and the
ranking is exact. Beyond that (one or two typed letters in a large catalogue) the candidates are a uniform
sample of the matches, so play count breaks ties within the sample; exact title matches are looked up on
their own index and never missed.
"""
from song_service.extensions import mongo
from song_service.models import bounded_reads, catalogue_keys, search_terms
from song_service.models.album import public_album
from song_service.models.artist import public_artist
from song_service.models.song import public_song

# Candidates to rank beyond the results asked for; and at most about this many documents read per
# collection and query (one read through the prefix index costs ~0.2 ms on SecantusDB).
EXTRA_CANDIDATES = 10
EXTRA_ENTITY_CANDIDATES = 4
# Artists and albums are about a tenth as many as songs: their first read can take a wider slice.
ENTITY_HEAD_BUCKETS = 16
READ_BUDGET = 150
ENTITY_READ_BUDGET = 60


def _has_every(words):
    def keep(document):
        prefixes = set(document.get("search_prefixes") or ())
        return all(word in prefixes for word in words)

    return keep


class _Query:
    """What one search asks for: its words, rarest first, and the forms an exact title takes."""

    def __init__(self, text):
        self.words = search_terms.query_words(text)
        self.phrase = catalogue_keys.exact_keys((text or "")[:search_terms.MAX_QUERY_LENGTH])
        self.song_heads = {}
        if len(self.words) > 1:
            self.song_heads = {word: bounded_reads.first_buckets(mongo.db.songs, {"search_prefixes": word})
                               for word in self.words}
            self.words.sort(key=lambda word: len(self.song_heads[word]))  # stable: the longest among equals

    def candidates(self, collection, want, head=None, head_buckets=1, budget=None):
        """Documents with every word, read through the rarest word's prefix index entries."""
        leader, others = self.words[0], self.words[1:]
        # Without other words to check, the prefixes need not come back.
        projection = {"search_prefixes": 0} if not others else None
        return bounded_reads.sampled(collection, {"search_prefixes": leader}, want,
                                     keep=_has_every(others) if others else None, budget=budget or READ_BUDGET,
                                     projection=projection, head=head, head_buckets=head_buckets)


def _starts_words(text, wanted):
    """Whether every query word starts some word of ``text``."""
    text_words = search_terms.words(text or "")
    return all(any(word.startswith(w) for word in text_words) for w in wanted)


def _tier(exact, text, wanted):
    if exact:
        return 0
    return 1 if _starts_words(text, wanted) else 2


def _song_rank(document, query):
    exact = document.get("title_key") in query.phrase
    return (_tier(exact, document.get("title"), query.words), -(document.get("play_count") or 0),
            search_terms.fold(document.get("title") or ""), str(document["_id"]))


def _named_rank(name, document, query):
    exact = any(key in query.phrase for key in catalogue_keys.exact_keys(name or ""))
    return (_tier(exact, name, query.words), -(document.get("song_count") or 0), document.get("sort_key") or "")


def _songs(query, limit):
    songs = mongo.db.songs
    head = query.song_heads.get(query.words[0])
    found = {d["_id"]: d for d in query.candidates(songs, limit + EXTRA_CANDIDATES, head)}
    # Exact titles have an index of their own, so sampling a common word never loses them.
    for document in songs.find({"title_key": {"$in": query.phrase}}):
        if _has_every(query.words)(document):
            found.setdefault(document["_id"], document)
    ranked = sorted(found.values(), key=lambda d: _song_rank(d, query))
    return [public_song(d) for d in ranked[:limit]]


def _artists(query, limit):
    found = query.candidates(mongo.db.artists, limit + EXTRA_ENTITY_CANDIDATES, head_buckets=ENTITY_HEAD_BUCKETS,
                             budget=ENTITY_READ_BUDGET)
    ranked = sorted(found, key=lambda d: _named_rank(d["name"], d, query))
    return [public_artist(d) for d in ranked[:limit]]


def _albums(query, limit):
    found = query.candidates(mongo.db.albums, limit + EXTRA_ENTITY_CANDIDATES, head_buckets=ENTITY_HEAD_BUCKETS,
                             budget=ENTITY_READ_BUDGET)
    ranked = sorted(found, key=lambda d: _named_rank(d["title"], d, query))
    return [public_album(d) for d in ranked[:limit]]


def search_songs(query, limit):
    parsed = _Query(query)
    return _songs(parsed, limit) if parsed.words else []


def search_all(query, song_limit, artist_limit, album_limit):
    """Grouped results: ``{"songs": [...], "artists": [...], "albums": [...]}``."""
    parsed = _Query(query)
    if not parsed.words:
        return {"songs": [], "artists": [], "albums": []}
    return {"songs": _songs(parsed, song_limit), "artists": _artists(parsed, artist_limit),
            "albums": _albums(parsed, album_limit)}

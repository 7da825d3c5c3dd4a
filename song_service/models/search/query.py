"""Searches as the API asks for them: the query parsed once, each kind ranked by this process's replica."""
from common.metrics import timing_search
from song_service.models.catalogue import keys as catalogue_keys
from song_service.models.search import terms as search_terms
from song_service.models.search.replica import current_replica

# The deepest hit a search reaches through offsets (a phone app paging search3): reading a ranking costs as much
# as its length, and nobody pages a search further than this.
MAX_RANKED = 1_000


class _Query:
    def __init__(self, text):
        text = (text or "")[:search_terms.MAX_QUERY_LENGTH]
        self.words = search_terms.query_words(text)
        self.phrase_keys = catalogue_keys.exact_keys(text)

    def ranked(self, kind, limit):
        return current_replica().ranked(kind, self.words, self.phrase_keys, limit)


def search_songs(query, limit):
    with timing_search("songs"):
        parsed = _Query(query)
        return parsed.ranked("song", limit) if parsed.words else []


def _window(parsed, kind, limit, offset):
    """Hits ``offset`` to ``offset + limit`` of the ranking: the ranking is read from the top, so a window ends
    at MAX_RANKED at the latest, and one starting there is empty."""
    end = min(offset + limit, MAX_RANKED)
    return parsed.ranked(kind, end)[offset:end] if end > offset else []


def search_all(query, song_limit, artist_limit, album_limit, song_offset=0, artist_offset=0, album_offset=0):
    """Grouped results: ``{"songs": [...], "artists": [...], "albums": [...]}``, each group from its offset."""
    with timing_search("all"):
        parsed = _Query(query)
        if not parsed.words:
            return {"songs": [], "artists": [], "albums": []}
        return {"songs": _window(parsed, "song", song_limit, song_offset),
                "artists": _window(parsed, "artist", artist_limit, artist_offset),
                "albums": _window(parsed, "album", album_limit, album_offset)}

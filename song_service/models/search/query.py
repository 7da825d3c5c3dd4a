"""Searches as the API asks for them: the query parsed once, each kind ranked by this process's replica."""
from common.metrics import timing_search
from song_service.models.catalogue import keys as catalogue_keys
from song_service.models.search import terms as search_terms
from song_service.models.search.replica import current_replica


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


def search_all(query, song_limit, artist_limit, album_limit):
    """Grouped results: ``{"songs": [...], "artists": [...], "albums": [...]}``."""
    with timing_search("all"):
        parsed = _Query(query)
        if not parsed.words:
            return {"songs": [], "artists": [], "albums": []}
        return {"songs": parsed.ranked("song", song_limit), "artists": parsed.ranked("artist", artist_limit),
                "albums": parsed.ranked("album", album_limit)}

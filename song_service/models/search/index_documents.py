"""What the search index holds for each song, artist and album, read from MongoDB (the source of truth)."""
import functools

from song_service.extensions import mongo
from song_service.models.catalogue import keys as catalogue_keys
from song_service.models.catalogue.album import PUBLIC_FIELDS as ALBUM_FIELDS
from song_service.models.catalogue.album import public_album
from song_service.models.catalogue.artist import PUBLIC_FIELDS as ARTIST_FIELDS
from song_service.models.catalogue.artist import public_artist
from song_service.models.catalogue.song import HIDDEN as SONG_FIELDS
from song_service.models.catalogue.song import public_song
from song_service.models.search import terms as search_terms
from song_service.models.search.engine import IndexEntry, rank_key

# SecantusDB answers an $in in time that grows faster than its list (see catalogue/song_lookup); MongoDB does not mind.
BATCH = 25
# Documents read per round trip when the whole catalogue is read.
SCAN_BATCH = 2000


@functools.lru_cache(maxsize=100_000)
def _words_of(text):
    """Cached: artists, albums, genres and years repeat across songs, and folding dominates a build."""
    return tuple(search_terms.words(text))


def _entry(kind, document, name, other_texts, count, shown):
    name_words = _words_of(name)
    all_words = dict.fromkeys(name_words)
    for text in other_texts:
        if text is not None and text != "":
            all_words.update(dict.fromkeys(_words_of(str(text))))
    exact_keys = catalogue_keys.exact_keys(name)
    return IndexEntry(
        kind=kind, document_id=str(document["_id"]), exact_keys=exact_keys, name_words=list(name_words),
        all_words=list(all_words), rank=rank_key(count, exact_keys[0] if exact_keys else "", document["_id"]),
        shown=shown,
    )


def song_entry(document):
    texts = (document.get("artist"), document.get("album_artist"), document.get("album"),
             *(document.get("genres") or ()), document.get("year"))
    return _entry("song", document, document.get("title") or "", texts, document.get("play_count"),
                  public_song(document))


def artist_entry(document):
    return _entry("artist", document, document.get("name") or "", (), document.get("song_count"),
                  public_artist(document))


def album_entry(document):
    return _entry("album", document, document.get("title") or "", (document.get("artist"),),
                  document.get("song_count"), public_album(document))


_SOURCES = {
    "song": ("songs", SONG_FIELDS, song_entry),
    "artist": ("artists", ARTIST_FIELDS, artist_entry),
    "album": ("albums", ALBUM_FIELDS, album_entry),
}


def every_entry():
    """The whole catalogue, as index entries."""
    for collection, projection, make in _SOURCES.values():
        for document in mongo.db[collection].find({}, projection, batch_size=SCAN_BATCH):
            yield make(document)


def current_entries(kind, document_ids):
    """``{id: entry}`` for the documents of ``kind`` that still exist; deleted ones are absent."""
    collection, projection, make = _SOURCES[kind]
    wanted = list(dict.fromkeys(document_ids))
    found = {}
    for start in range(0, len(wanted), BATCH):
        for document in mongo.db[collection].find({"_id": {"$in": wanted[start:start + BATCH]}}, projection):
            found[document["_id"]] = make(document)
    return found

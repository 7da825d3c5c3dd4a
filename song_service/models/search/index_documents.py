"""What the search index holds for each song, artist and album, read from MongoDB (the source of truth)."""
from song_service.extensions import mongo
from song_service.models import catalogue_keys, search_terms
from song_service.models.album import PUBLIC_FIELDS as ALBUM_FIELDS
from song_service.models.album import public_album
from song_service.models.artist import PUBLIC_FIELDS as ARTIST_FIELDS
from song_service.models.artist import public_artist
from song_service.models.search.engine import IndexEntry, rank_key
from song_service.models.song import HIDDEN as SONG_FIELDS
from song_service.models.song import public_song

# SecantusDB answers an $in in time that grows faster than its list (see song_lookup); MongoDB does not mind.
BATCH = 25
# Documents read per round trip when the whole catalogue is read.
SCAN_BATCH = 2000


def _words(*texts):
    found = []
    for text in texts:
        if text is not None and text != "":
            found.extend(search_terms.words(str(text)))
    return list(dict.fromkeys(found))


def _entry(kind, document, name, other_texts, count, shown):
    return IndexEntry(
        kind=kind, document_id=str(document["_id"]), exact_keys=catalogue_keys.exact_keys(name),
        name_words=_words(name), all_words=_words(name, *other_texts),
        rank=rank_key(count, catalogue_keys.exact_key(name), document["_id"]), shown=shown,
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

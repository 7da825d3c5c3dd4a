"""Songs in the catalogue: validation, storage and the newest-first list (search is in ``search``)."""
from datetime import datetime, timezone

from bson import ObjectId
from pymongo import ReturnDocument
from pymongo.errors import DuplicateKeyError

from common.ids import parse_object_id
from common.song_metadata import DISC_NUMBERS, MAX_DURATION_SECONDS, MAX_GENRES, TEXT_LIMIT, TRACK_NUMBERS, YEARS
from song_service.errors import AudioTaken, InvalidSong
from song_service.extensions import mongo
from song_service.models.catalogue import bounded_reads, counters
from song_service.models.catalogue import keys as catalogue_keys
from song_service.models.catalogue import links as catalogue_links
from song_service.models.catalogue.lyrics import clean_lyrics
from song_service.models.search import change_log

UNKNOWN_ARTIST = "Unknown Artist"
UNKNOWN_ALBUM = "Unknown Album"
# What media_service repaired in the file's tags, shown to admins: a few sentences at most.
MAX_TAG_REPAIRS = 20
EDITABLE_FIELDS = ("title", "artist", "album_artist", "album", "genres", "year", "track", "disc")
# Never part of what the API returns. "title_key" is derived for playlist imports; "lyrics" are read one song
# at a time (models/catalogue/lyrics.py), as a page of songs would otherwise carry every song's words.
# "search_prefixes" and "bucket" were derived for search by earlier versions, and may still be on their songs.
INTERNAL_FIELDS = ("title_key", "lyrics", "search_prefixes", "bucket")
HIDDEN = {field: 0 for field in INTERNAL_FIELDS}


def _songs():
    return mongo.durable_db.songs


def _text(value, field, default=None, required=False):
    if value is None or (isinstance(value, str) and not value.strip()):
        if required:
            raise InvalidSong(f"{field} is required.")
        return default
    if not isinstance(value, str):
        raise InvalidSong(f"{field} must be text.")
    value = " ".join(value.split())
    if len(value) > TEXT_LIMIT:
        raise InvalidSong(f"{field} must be at most {TEXT_LIMIT} characters.")
    return value


def _number(value, field, minimum, maximum, kind=int):
    if value is None or value == "":
        return None
    if isinstance(value, bool):
        raise InvalidSong(f"{field} must be a number.")
    try:
        number = kind(value)
    except (TypeError, ValueError):
        raise InvalidSong(f"{field} must be a number.") from None
    if not minimum <= number <= maximum:
        raise InvalidSong(f"{field} must be between {minimum} and {maximum}.")
    return number


def _genres(value):
    if value is None:
        return []
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list) or len(value) > MAX_GENRES:
        raise InvalidSong(f"genres must be a list of at most {MAX_GENRES} names.")
    # One spelling per genre, as the genres collection tells them apart: then each name has its own id in
    # genre_ids, in the same order (links.link), and the two lists stay parallel.
    cleaned, seen = [], set()
    for genre in value:
        name = _text(genre, "genre")
        if name and catalogue_keys.identity_key(name) not in seen:
            seen.add(catalogue_keys.identity_key(name))
            cleaned.append(name)
    return cleaned


def _tag_repairs(value):
    if value is None:
        return []
    if not isinstance(value, list) or len(value) > MAX_TAG_REPAIRS:
        raise InvalidSong(f"tag_repairs must be a list of at most {MAX_TAG_REPAIRS} sentences.")
    return [_text(sentence, "tag_repairs", required=True) for sentence in value]


def _object_id(value, field, required=False):
    if value is None and not required:
        return None
    parsed = parse_object_id(value)
    if parsed is None:
        raise InvalidSong(f"{field} must be an id.")
    return parsed


def clean_metadata(payload, partial=False):
    """The editable metadata of a payload, validated; ``partial`` keeps only the fields present."""
    cleaners = {
        "title": lambda v: _text(v, "title", required=True),
        "artist": lambda v: _text(v, "artist", UNKNOWN_ARTIST),
        "album_artist": lambda v: _text(v, "album_artist"),
        "album": lambda v: _text(v, "album", UNKNOWN_ALBUM),
        "genres": _genres,
        "year": lambda v: _number(v, "year", *YEARS),
        "track": lambda v: _number(v, "track", *TRACK_NUMBERS),
        "disc": lambda v: _number(v, "disc", *DISC_NUMBERS),
    }
    return {
        field: clean(payload.get(field))
        for field, clean in cleaners.items()
        if not partial or field in payload
    }


def with_title_key(song):
    """The title as playlist imports compare it (``m3u8.normalized``), so they can look songs up by title."""
    song["title_key"] = catalogue_keys.exact_key(song.get("title") or "")
    return song


def record_change(*songs):
    """Tell the search index which songs, and through them which artists and albums, changed."""
    change_log.record(
        songs=[song["_id"] for song in songs],
        artists=[song.get(field) for song in songs for field in ("artist_id", "album_artist_id")],
        albums=[song.get("album_id") for song in songs],
    )


def public_song(document):
    song = {key: value for key, value in document.items() if key not in INTERNAL_FIELDS}
    song["id"] = str(song.pop("_id"))
    song["genres"] = _named_genres(song.get("genres") or [], song.pop("genre_ids", None) or [])
    return song


def _named_genres(names, genre_ids):
    """``[{"id", "name"}]``: each genre with its id, so that nobody pairs two lists again. Songs stored before
    names were kept one per genre may spell one genre twice ("Rock", "rock"), with one id for both: ids are in
    the order of the names' first distinct keys, so they are paired by key, and the first spelling is kept."""
    keys = list(dict.fromkeys(catalogue_keys.identity_key(name) for name in names))
    ids_by_key = dict(zip(keys, genre_ids)) if len(keys) == len(genre_ids) else {}
    genres, seen = [], set()
    for name in names:
        key = catalogue_keys.identity_key(name)
        if key not in seen:
            seen.add(key)
            genre_id = ids_by_key.get(key)
            genres.append({"id": str(genre_id) if genre_id else None, "name": name})
    return genres


def create_song(payload, uploaded_by):
    song = clean_metadata(payload)
    song.update(
        audio_id=_object_id(payload.get("audio_id"), "audio_id", required=True),
        cover_id=_object_id(payload.get("cover_id"), "cover_id"),
        content_type=_text(payload.get("content_type"), "content_type", "application/octet-stream"),
        duration=_number(payload.get("duration"), "duration", 0, MAX_DURATION_SECONDS, float) or 0.0,
        bitrate=_number(payload.get("bitrate"), "bitrate", 0, 100_000_000),
        sample_rate=_number(payload.get("sample_rate"), "sample_rate", 0, 1_000_000),
        size=_number(payload.get("size"), "size", 0, 1 << 40),
        filename=_text(payload.get("filename"), "filename"),
        tag_repairs=_tag_repairs(payload.get("tag_repairs")),
        lyrics=clean_lyrics(payload.get("lyrics")),
        play_count=0,
        uploaded_by=uploaded_by,
        created_at=datetime.now(timezone.utc),
    )
    song["_id"] = ObjectId()
    song.update(seq=counters.reserve("songs"))
    song.update(catalogue_links.link(song))
    try:
        _songs().insert_one(with_title_key(song))
    except DuplicateKeyError:
        catalogue_links.unlink(song)
        raise AudioTaken("That audio file already belongs to a song.") from None
    except Exception:
        catalogue_links.unlink(song)
        raise
    record_change(song)
    return public_song(song)


def find_song(song_id):
    document = _songs().find_one({"_id": song_id}, HIDDEN)
    return public_song(document) if document else None


def list_recent(limit, before=None):
    """Newest first; ``before`` is the ``seq`` of the last song of the previous page (keyset paging)."""
    upper = before if isinstance(before, int) and before > 0 else counters.current("songs") + 1
    page, more = bounded_reads.newest_first(_songs(), {}, upper, limit, projection=HIDDEN)
    return [public_song(d) for d in page], (page[-1]["seq"] if more else None)


def update_song(song_id, payload):
    changes = clean_metadata(payload, partial=True)
    if not changes:
        return find_song(song_id)
    current = _songs().find_one({"_id": song_id}, HIDDEN)
    if current is None:
        return None
    merged = with_title_key({**current, **changes})
    changes.update(title_key=merged["title_key"])
    if catalogue_links.links_change(current, changes):
        catalogue_links.unlink(current)
        changes.update(catalogue_links.link(merged))
    document = _songs().find_one_and_update(
        {"_id": song_id}, {"$set": changes}, projection=HIDDEN, return_document=ReturnDocument.AFTER,
    )
    # The artists and albums it left changed too (their counts, or they are gone).
    record_change(current, *([document] if document else []))
    return public_song(document) if document else None


def delete_song(song_id):
    """Remove a song and return what it was, so that the caller can remove its media."""
    document = _songs().find_one_and_delete({"_id": song_id}, projection=HIDDEN)
    if document is None:
        return None
    catalogue_links.unlink(document)
    record_change(document)
    return public_song(document)


def catalogue_counts():
    """How many songs, artists, albums and genres there are, from the collections' metadata (no scan)."""
    return {name: mongo.db[name].estimated_document_count() for name in ("songs", "artists", "albums", "genres")}


def set_album_cover(album_id, cover_id):
    """Give an album, and every song on it, the cover ``cover_id``: how many songs show it now."""
    changed = [document for document in _songs().find({"album_id": album_id}, {"_id": 1, "artist_id": 1,
                                                                               "album_artist_id": 1, "album_id": 1})]
    mongo.db.albums.update_one({"_id": album_id}, {"$set": {"cover_id": cover_id}})
    _songs().update_many({"album_id": album_id}, {"$set": {"cover_id": cover_id}})
    if changed:
        record_change(*changed)
    return len(changed)

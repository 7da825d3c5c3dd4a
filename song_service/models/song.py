"""Songs in the catalogue: validation, storage, listing and search."""
from datetime import datetime, timezone

from bson import ObjectId
from pymongo import DESCENDING, ReturnDocument

from common.ids import parse_object_id
from song_service.extensions import mongo
from song_service.models import search_terms

UNKNOWN_ARTIST = "Unknown Artist"
UNKNOWN_ALBUM = "Unknown Album"
TEXT_LIMIT = 300
MAX_GENRES = 10
EDITABLE_FIELDS = ("title", "artist", "album_artist", "album", "genres", "year", "track", "disc")
# Fields that feed search: a change to any of them re-derives the prefixes.
SEARCHABLE_FIELDS = ("title", "artist", "album_artist", "album", "genres", "year")


class InvalidSong(ValueError):
    pass


def _songs():
    return mongo.db.songs


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
    cleaned = []
    for genre in value:
        name = _text(genre, "genre")
        if name and name.casefold() not in {g.casefold() for g in cleaned}:
            cleaned.append(name)
    return cleaned


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
        "year": lambda v: _number(v, "year", 1, 9999),
        "track": lambda v: _number(v, "track", 0, 9999),
        "disc": lambda v: _number(v, "disc", 0, 999),
    }
    return {
        field: clean(payload.get(field))
        for field, clean in cleaners.items()
        if not partial or field in payload
    }


def _with_search_prefixes(song):
    song["search_prefixes"] = search_terms.search_prefixes(
        song.get("title"), song.get("artist"), song.get("album_artist"), song.get("album"),
        *song.get("genres", []), song.get("year") or "",
    )
    return song


def public_song(document):
    song = {key: value for key, value in document.items() if key != "search_prefixes"}
    song["id"] = str(song.pop("_id"))
    return song


def create_song(payload, uploaded_by):
    song = clean_metadata(payload)
    song.update(
        audio_id=_object_id(payload.get("audio_id"), "audio_id", required=True),
        cover_id=_object_id(payload.get("cover_id"), "cover_id"),
        content_type=_text(payload.get("content_type"), "content_type", "application/octet-stream"),
        duration=_number(payload.get("duration"), "duration", 0, 86400, float) or 0.0,
        bitrate=_number(payload.get("bitrate"), "bitrate", 0, 100_000_000),
        sample_rate=_number(payload.get("sample_rate"), "sample_rate", 0, 1_000_000),
        size=_number(payload.get("size"), "size", 0, 1 << 40),
        filename=_text(payload.get("filename"), "filename"),
        play_count=0,
        uploaded_by=uploaded_by,
        created_at=datetime.now(timezone.utc),
    )
    song["_id"] = _songs().insert_one(_with_search_prefixes(song)).inserted_id
    return public_song(song)


def find_song(song_id):
    document = _songs().find_one({"_id": song_id}, {"search_prefixes": 0})
    return public_song(document) if document else None


def list_recent(limit, before=None):
    """Newest first; ``before`` is the last id of the previous page (keyset paging)."""
    query = {"_id": {"$lt": before}} if isinstance(before, ObjectId) else {}
    cursor = _songs().find(query, {"search_prefixes": 0}).sort("_id", DESCENDING).limit(limit)
    return [public_song(d) for d in cursor]


def search(query, limit):
    """Songs whose metadata has a word starting with each word of the query, in any order."""
    wanted = search_terms.query_words(query)
    if not wanted:
        return []
    # The leading $match names one prefix, so the planner can use the multikey index for it;
    # the others narrow that set down.
    pipeline = [{"$match": {"search_prefixes": wanted[0]}}]
    if len(wanted) > 1:
        pipeline.append({"$match": {"search_prefixes": {"$all": wanted[1:]}}})
    pipeline += [
        {"$sort": {"play_count": -1, "_id": -1}},
        {"$limit": limit},
        {"$project": {"search_prefixes": 0}},
    ]
    return [public_song(d) for d in _songs().aggregate(pipeline)]


def update_song(song_id, payload):
    changes = clean_metadata(payload, partial=True)
    if not changes:
        return find_song(song_id)
    current = _songs().find_one({"_id": song_id}, {"search_prefixes": 0})
    if current is None:
        return None
    merged = _with_search_prefixes({**current, **changes})
    changes["search_prefixes"] = merged["search_prefixes"]
    document = _songs().find_one_and_update(
        {"_id": song_id}, {"$set": changes}, projection={"search_prefixes": 0},
        return_document=ReturnDocument.AFTER,
    )
    return public_song(document) if document else None


def delete_song(song_id):
    """Remove a song and return what it was, so that the caller can remove its media."""
    document = _songs().find_one_and_delete({"_id": song_id}, projection={"search_prefixes": 0})
    return public_song(document) if document else None

"""A song's lyrics: validated when the song is created, kept on its document but never in its public JSON
(a page of songs would carry every song's words), and read one song at a time, by id or by artist and title."""
import unicodedata

from bson import ObjectId
from pymongo import ASCENDING

from common.song_metadata import (
    MAX_DURATION_SECONDS,
    MAX_LYRICS_CHARACTERS,
    MAX_LYRICS_LINES,
    MAX_LYRICS_VERSIONS,
)
from song_service.errors import InvalidSong
from song_service.extensions import mongo
from song_service.models.catalogue import artist as artists
from song_service.models.catalogue import keys as catalogue_keys

LYRICS_FIELDS = {"title": 1, "artist": 1, "lyrics": 1}
LATEST_START_MS = MAX_DURATION_SECONDS * 1000
TITLE_INDEX = "exact_title"  # models/indexes.py


def _songs():
    return mongo.db.songs


def _line(line, synced):
    if not isinstance(line, dict) or not isinstance(line.get("text"), str):
        raise InvalidSong("Each line of lyrics must be an object with its text.")
    if any(unicodedata.category(ch) == "Cc" for ch in line["text"]):
        raise InvalidSong("A line of lyrics must not hold control characters or line breaks.")
    start = line.get("start_ms")
    if synced:
        if isinstance(start, bool) or not isinstance(start, int) or not 0 <= start <= LATEST_START_MS:
            raise InvalidSong("Each line of synced lyrics must have start_ms, a number of milliseconds into the "
                              "song.")
    elif start is not None:
        raise InvalidSong("Lines of unsynced lyrics have no start_ms.")
    return {"start_ms": start, "text": line["text"]}


def _version(version):
    if not isinstance(version, dict) or not isinstance(version.get("lines"), list):
        raise InvalidSong("Each version of lyrics must be an object with its lines.")
    lang, synced = version.get("lang"), version.get("synced")
    if not isinstance(lang, str) or len(lang) != 3 or not lang.isascii() or not lang.isalpha() or not lang.islower():
        raise InvalidSong("lang of lyrics must be a three-letter ISO 639-2 code such as eng, or und.")
    if not isinstance(synced, bool):
        raise InvalidSong("synced of lyrics must be true or false.")
    return {"lang": lang, "synced": synced, "lines": [_line(line, synced) for line in version["lines"]]}


def clean_lyrics(value):
    """The lyrics of a new song, validated against common/song_metadata.py's limits; none is an empty list."""
    if value is None:
        return []
    if not isinstance(value, list) or len(value) > MAX_LYRICS_VERSIONS:
        raise InvalidSong(f"lyrics must be a list of at most {MAX_LYRICS_VERSIONS} versions.")
    versions = [_version(version) for version in value]
    lines = [line["text"] for version in versions for line in version["lines"]]
    if len(lines) > MAX_LYRICS_LINES:
        raise InvalidSong(f"lyrics may have at most {MAX_LYRICS_LINES:,} lines in all.")
    if sum(map(len, lines)) > MAX_LYRICS_CHARACTERS:
        raise InvalidSong(f"lyrics may have at most {MAX_LYRICS_CHARACTERS:,} characters in all.")
    return versions


def _shown(document):
    return {"song_id": str(document["_id"]), "title": document.get("title"), "artist": document.get("artist"),
            "lyrics": document.get("lyrics") or []}


def song_lyrics(song_id: ObjectId):
    """``{"song_id", "title", "artist", "lyrics"}``, with an empty list for a song without words; None when
    there is no such song."""
    document = _songs().find_one({"_id": song_id}, LYRICS_FIELDS)
    return _shown(document) if document else None


def lyrics_by_artist_and_title(artist, title):
    """The first song (the earliest added) of ``title`` by ``artist``, both matched as the catalogue tells
    names apart, that has lyrics; None when there is none."""
    title_key = catalogue_keys.exact_key(title)
    artist_id = artists.artist_id_named(artist)
    # A title of no words ("!!!") has an empty key, which every such title shares: no match, rather than a guess.
    if not title_key or artist_id is None:
        return None
    # The songs of this title, from the exact_title index, then the artist's with words among them. Hinted:
    # SecantusDB (the dev database) scans the whole collection when two indexes could each serve a part.
    # Sorted in memory, which is cheap: one artist records one title a few times at most.
    query = {"title_key": title_key, "artist_id": artist_id, "lyrics.0": {"$exists": True}}
    found = _songs().find(query, LYRICS_FIELDS).hint(TITLE_INDEX).sort("seq", ASCENDING).limit(1)
    return next((_shown(document) for document in found), None)

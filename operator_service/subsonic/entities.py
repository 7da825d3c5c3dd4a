"""The catalogue as the protocol shows it: songs (``Child``), albums, artists, genres and playlists, from
song_service's JSON, with the field types real apps depend on (ids strings, numbers integers, dates ISO
8601 in UTC, ``suffix`` and ``contentType`` always set)."""
import mimetypes
import os
from datetime import datetime, timezone

from operator_service.subsonic import ids

# What a file's type is called when its name does not say (uploads keep their name, so this is rare).
_SUFFIXES = {
    "audio/mpeg": "mp3", "audio/mp3": "mp3", "audio/flac": "flac", "audio/x-flac": "flac", "audio/ogg": "ogg",
    "audio/opus": "opus", "audio/mp4": "m4a", "audio/x-m4a": "m4a", "audio/aac": "aac", "audio/wav": "wav",
    "audio/x-wav": "wav", "audio/aiff": "aiff", "audio/x-aiff": "aiff", "audio/x-ms-wma": "wma",
    "audio/x-ape": "ape", "audio/x-wavpack": "wv", "audio/webm": "webm",
}
_IGNORED_ARTICLES = "The El La Los Las Le Les"


def iso(value):
    """An ISO 8601 instant in UTC from song_service's JSON (an RFC 1123 date or ISO text), or None."""
    if not value:
        return None
    parsed = _parse_date(value)
    if parsed is None:
        return None
    return parsed.astimezone(timezone.utc).isoformat(timespec="milliseconds").replace("+00:00", "Z")


def _parse_date(value):
    if isinstance(value, datetime):
        return value if value.tzinfo else value.replace(tzinfo=timezone.utc)
    text = str(value)
    try:
        parsed = datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        try:
            parsed = datetime.strptime(text, "%a, %d %b %Y %H:%M:%S %Z")
        except ValueError:
            return None
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=timezone.utc)


def _int(value, default=None):
    if value is None or isinstance(value, bool):
        return default
    try:
        return int(round(float(value)))
    except (TypeError, ValueError, OverflowError):
        return default


def suffix_of(song):
    name = song.get("filename") or ""
    extension = os.path.splitext(name)[1].lower().lstrip(".")
    if extension and extension.isalnum() and len(extension) <= 5:
        return extension
    content_type = (song.get("content_type") or "").split(";")[0].strip().lower()
    guessed = mimetypes.guess_extension(content_type) if content_type else None
    return _SUFFIXES.get(content_type) or (guessed.lstrip(".") if guessed else "bin")


def content_type_of(song):
    content_type = (song.get("content_type") or "").split(";")[0].strip()
    return content_type or "application/octet-stream"


def _artist_ref(artist_id, name):
    return {"id": ids.make(ids.ARTIST, artist_id), "name": name} if name else None


def song(document, annotation=None, starred_at=None):
    """A song as a ``Child``; ``annotation`` the caller's rating, ``starred_at`` when they liked it."""
    annotation = annotation or {}
    genres = [genre["name"] for genre in document.get("genres") or [] if genre.get("name")]
    album_artist = document.get("album_artist") or document.get("artist")
    album_artist_id = document.get("album_artist_id") or document.get("artist_id")
    suffix = suffix_of(document)
    title = document.get("title") or ""
    track = _int(document.get("track"))
    path_name = f"{track:02d} - {title}" if track else title
    return {
        "id": document["id"],
        "parent": ids.make(ids.ALBUM, document.get("album_id")),
        "isDir": False,
        "title": title,
        "album": document.get("album"),
        "artist": document.get("artist"),
        "track": track,
        "year": _int(document.get("year")),
        "genre": genres[0] if genres else None,
        "coverArt": ids.make(ids.COVER, document.get("cover_id")),
        "size": _int(document.get("size"), 0),
        "contentType": content_type_of(document),
        "suffix": suffix,
        "duration": _int(document.get("duration"), 0),
        "bitRate": _int((document.get("bitrate") or 0) / 1000, 0),
        # A path some apps show and key their caches by; it names no file on the server.
        "path": f"{album_artist or 'Unknown Artist'}/{document.get('album') or 'Unknown Album'}/{path_name}.{suffix}",
        "isVideo": False,
        "playCount": _int(document.get("play_count"), 0),
        "discNumber": _int(document.get("disc")),
        "created": iso(document.get("created_at")),
        "albumId": ids.make(ids.ALBUM, document.get("album_id")),
        "artistId": ids.make(ids.ARTIST, document.get("artist_id")),
        "type": "music",
        "mediaType": "song",
        "starred": iso(starred_at),
        "userRating": annotation.get("rating") or None,
        "samplingRate": _int(document.get("sample_rate")),
        "genres": [{"name": name} for name in genres],
        "artists": [ref for ref in [_artist_ref(document.get("artist_id"), document.get("artist"))] if ref],
        "displayArtist": document.get("artist") or "",
        "albumArtists": [ref for ref in [_artist_ref(album_artist_id, album_artist)] if ref],
        "displayAlbumArtist": album_artist or "",
        "sortName": "",
        "musicBrainzId": "",
        "bpm": 0,
        "comment": "",
        "replayGain": {},
    }


def album(document, annotation=None):
    annotation = annotation or {}
    return {
        "id": ids.make(ids.ALBUM, document["id"]),
        "name": document.get("title") or "",
        "title": document.get("title") or "",
        "album": document.get("title") or "",
        "artist": document.get("artist") or "",
        "artistId": ids.make(ids.ARTIST, document.get("artist_id")),
        "coverArt": ids.make(ids.COVER, document.get("cover_id")),
        "songCount": _int(document.get("song_count"), 0),
        "duration": _int(document.get("duration"), 0),
        "playCount": _int(document.get("play_count"), 0),
        "created": iso(document.get("created_at")) or "1970-01-01T00:00:00.000Z",
        "year": _int(document.get("year")),
        "starred": iso(annotation.get("starred_at")),
        "userRating": annotation.get("rating") or None,
        "isDir": True,
        "parent": ids.make(ids.ARTIST, document.get("artist_id")),
        "mediaType": "album",
        "artists": [ref for ref in [_artist_ref(document.get("artist_id"), document.get("artist"))] if ref],
        "displayArtist": document.get("artist") or "",
        "genres": [],
        "sortName": "",
        "musicBrainzId": "",
        "isCompilation": False,
    }


def album_as_child(document, annotation=None):
    """An album as an entry of a directory (getMusicDirectory, getAlbumList, search2)."""
    entry = album(document, annotation)
    return {key: entry[key] for key in ("id", "parent", "isDir", "title", "album", "artist", "artistId", "coverArt",
                                        "year", "created", "starred", "userRating", "playCount", "songCount",
                                        "duration", "mediaType") if key in entry}


def artist(document, annotation=None):
    annotation = annotation or {}
    return {
        "id": ids.make(ids.ARTIST, document["id"]),
        "name": document.get("name") or "",
        "coverArt": ids.make(ids.COVER, document.get("cover_id")),
        "albumCount": _int(document.get("album_count"), 0),
        "starred": iso(annotation.get("starred_at")),
        "userRating": annotation.get("rating") or None,
        "musicBrainzId": "",
        "sortName": "",
        "roles": [],
    }


def index_letter(name):
    """The letter an artist is listed under: articles and anything but a Latin letter put aside."""
    words = (name or "").split()
    if len(words) > 1 and words[0] in _IGNORED_ARTICLES.split():
        words = words[1:]
    first = (" ".join(words) or "#")[0].upper()
    return first if "A" <= first <= "Z" else "#"


def artist_index(artist_documents, annotations=None):
    """Artists grouped by letter, as getArtists and getIndexes list them."""
    annotations = annotations or {}
    groups = {}
    for document in artist_documents:
        shaped = artist(document, annotations.get(document["id"]))
        groups.setdefault(index_letter(document.get("name")), []).append(shaped)
    ordered = sorted(groups, key=lambda letter: (letter == "#", letter))
    return {"ignoredArticles": _IGNORED_ARTICLES,
            "index": [{"name": letter, "artist": groups[letter]} for letter in ordered]}


def genre(document, album_count=None):
    return {"songCount": _int(document.get("song_count"), 0), "albumCount": album_count or 0,
            "value": document.get("name") or ""}


def playlist(document, owner):
    songs = document.get("songs")
    return {
        "id": ids.make(ids.PLAYLIST, document["id"]),
        "name": document.get("name") or "",
        "comment": document.get("description") or "",
        "owner": owner,
        "public": bool(document.get("public")),
        "songCount": _int(document.get("song_count"), len(songs) if isinstance(songs, list) else 0),
        "duration": _int(document.get("duration"), 0),
        "created": iso(document.get("created_at")) or "1970-01-01T00:00:00.000Z",
        "changed": iso(document.get("updated_at") or document.get("created_at")) or "1970-01-01T00:00:00.000Z",
        "coverArt": ids.make(ids.COVER, document.get("cover_id")),
        "readonly": False,
    }

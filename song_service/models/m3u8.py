"""Playlists as extended M3U (UTF-8, ``.m3u8``) text, and entries read back from such a file.

Export writes ``#EXTINF:<seconds>,<artist> - <title>`` and ``#EXTALB:<album>`` before each location;
import matches entries to songs by artist and title, ignoring case, accents and punctuation.
"""
import math
import re
from dataclasses import dataclass
from urllib.parse import unquote

from song_service.models import search_terms

MAX_TEXT_LENGTH = 4 * 1024 * 1024
_LINE_BREAKS = re.compile(r"[\r\n\x00]+")
_SEPARATOR = " - "


def _one_line(text):
    return _LINE_BREAKS.sub(" ", str(text or "")).strip()


def render(name, songs, location_prefix=""):
    """The text of an M3U8 file for ``songs`` in playlist order."""
    lines = ["#EXTM3U", f"#PLAYLIST:{_one_line(name)}"]
    for song in songs:
        duration = song.get("duration")
        seconds = int(round(duration)) if duration else -1
        lines.append(f"#EXTINF:{seconds},{_one_line(song.get('artist'))}{_SEPARATOR}{_one_line(song.get('title'))}")
        if song.get("album"):
            lines.append(f"#EXTALB:{_one_line(song['album'])}")
        lines.append(f"{_one_line(location_prefix)}{song['audio_id']}")
    return "\n".join(lines) + "\n"


@dataclass
class Entry:
    """One song of an M3U8 file, as the file describes it."""

    line: int
    display: str = ""
    artist: str = ""
    album: str = ""
    duration: float = None
    location: str = ""

    @property
    def label(self):
        return self.display or self.location


@dataclass
class ParsedPlaylist:
    name: str
    entries: list


def _duration(text):
    token = (text.split() or [""])[0]  # "#EXTINF:-1 tvg-id=..." carries attributes after the number
    try:
        value = float(token)
    except ValueError:
        return None
    return value if math.isfinite(value) and value > 0 else None


def parse(text):
    """Entries in file order; lines that are neither directives nor locations are ignored."""
    name, entries, pending = "", [], None
    for number, raw in enumerate(text.lstrip("\ufeff").splitlines(), start=1):
        line = raw.strip()
        if not line:
            continue
        if line.startswith("#EXTINF:"):
            duration, _, display = line[len("#EXTINF:"):].partition(",")
            pending = Entry(line=number, display=display.strip(), duration=_duration(duration))
        elif line.startswith("#PLAYLIST:"):
            name = line[len("#PLAYLIST:"):].strip()
        elif line.startswith(("#EXTALB:", "#EXTART:")):
            pending = pending or Entry(line=number)
            if line.startswith("#EXTALB:"):
                pending.album = line[len("#EXTALB:"):].strip()
            else:
                pending.artist = line[len("#EXTART:"):].strip()
        elif line.startswith("#"):
            continue
        else:
            entry = pending or Entry(line=number)
            entry.location = line
            entries.append(entry)
            pending = None
    return ParsedPlaylist(name=name, entries=entries)


def normalized(text):
    """The form in which titles and artists are compared: "AC/DC" and "ac dc" are the same."""
    return " ".join(search_terms.words(text or "", run_together=False))


def _file_stem(location):
    tail = unquote(re.split(r"[/\\]", location.split("?", 1)[0].rstrip("/\\"))[-1])
    return tail.rsplit(".", 1)[0] if "." in tail else tail


def artist_title_pairs(entry):
    """Every reading of an entry as (artist, title): "A - B - C" may be "A" and "B - C" or "A - B" and "C"."""
    text = entry.display or _file_stem(entry.location)
    pairs = []
    if entry.artist:
        pairs.append((entry.artist, text))
    start = text.find(_SEPARATOR)
    while start != -1:
        pairs.append((text[:start], text[start + len(_SEPARATOR):]))
        start = text.find(_SEPARATOR, start + 1)
    pairs.append(("", text))  # a title alone, accepted only when it names a single song
    return [(normalized(artist), normalized(title)) for artist, title in pairs if normalized(title)]


def lookup_prefixes(entry):
    """Search prefixes under which this entry's song must be stored: for each reading of the entry,
    the longest of its words (all of them are words of the song's title, artist or album artist)."""
    prefixes = set()
    for artist, title in artist_title_pairs(entry):
        words = search_terms.query_words(f"{artist} {title}")
        if words:
            prefixes.add(words[0])
    return prefixes


def _closeness(entry, song):
    """Smaller is better: same album first, then the nearest duration, then the oldest song."""
    same_album = bool(entry.album) and normalized(entry.album) == normalized(song.get("album"))
    gap = abs((song.get("duration") or 0) - entry.duration) if entry.duration else 0
    return (not same_album, gap, song["_id"])


def index_by_title(songs):
    """``{normalized title: [song, ...]}``, so that matching an entry looks at its namesakes only."""
    by_title = {}
    for song in songs:
        by_title.setdefault(normalized(song.get("title")), []).append(song)
    return by_title


def match(entry, by_title):
    """The song an entry names, from ``index_by_title`` of the candidate songs, or None."""
    for artist, title in artist_title_pairs(entry):
        found = by_title.get(title, [])
        if artist:
            found = [s for s in found if artist in (normalized(s.get("artist")), normalized(s.get("album_artist")))]
        elif len({normalized(s.get("artist")) for s in found}) > 1:
            found = []  # a bare title shared by several artists is ambiguous
        if found:
            return min(found, key=lambda song: _closeness(entry, song))
    return None

"""Playlists as extended M3U (UTF-8, ``.m3u8``) text, and entries read back from such a file.

Export writes ``#EXTINF:<seconds>,<artist> - <title>`` and ``#EXTALB:<album>`` before each location;
import matches entries to songs by artist and title, ignoring case, accents and punctuation.
"""
import math
import re
import time
from dataclasses import dataclass
from urllib.parse import unquote

from song_service.errors import UnreadableFile
from song_service.models.catalogue import keys as catalogue_keys

MAX_TEXT_LENGTH = 4 * 1024 * 1024
# A playlist holds at most 10,000 songs, each two or three lines; a real entry fits a few hundred characters.
MAX_LINES = 40_000
MAX_LINE_LENGTH = 4096
# "A - B - C - D" is read as artist and title split at each " - " in turn; the first few are enough for
# any real entry ("Artist - Album - Title"), and bound the work an entry costs.
MAX_READINGS = 8
# Reading and matching stop after this long, well before the operator stops waiting (30 s), so that an
# import either finishes or stores nothing.
MAX_READ_SECONDS = 10
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


class ReadingBudget:
    """The wall-clock time an import may spend reading and matching its file."""

    def __init__(self, seconds=None):
        self.deadline = time.monotonic() + (MAX_READ_SECONDS if seconds is None else seconds)

    def check(self):
        if time.monotonic() > self.deadline:
            raise UnreadableFile("The file takes too long to read; split it into smaller playlists.")


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


def parse(text, budget=None):
    """Entries in file order; lines that are neither directives nor locations are ignored."""
    name, entries, pending = "", [], None
    lines = text.lstrip("\ufeff").splitlines()
    if len(lines) > MAX_LINES:
        raise UnreadableFile(f"The file has more than {MAX_LINES:,} lines.")
    for number, raw in enumerate(lines, start=1):
        if len(raw) > MAX_LINE_LENGTH:
            raise UnreadableFile(f"Line {number:,} is longer than {MAX_LINE_LENGTH:,} characters.")
        if budget is not None and number % 1000 == 0:
            budget.check()
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
    """The form in which titles and artists are compared: "AC/DC" and "ac dc" are the same (a song's title_key)."""
    return catalogue_keys.exact_key(text or "")


def _file_stem(location):
    tail = unquote(re.split(r"[/\\]", location.split("?", 1)[0].rstrip("/\\"))[-1])
    return tail.rsplit(".", 1)[0] if "." in tail else tail


def artist_title_pairs(entry):
    """Every reading of an entry as (artist, title): "A - B - C" may be "A" and "B - C" or "A - B" and "C".

    At most MAX_READINGS splits are tried, each normalised once, so an entry costs time in proportion to
    its length however many " - " it holds.
    """
    text = entry.display or _file_stem(entry.location)
    pairs = []
    if entry.artist:
        pairs.append((entry.artist, text))
    parts = text.split(_SEPARATOR, MAX_READINGS)
    for split_at in range(1, len(parts)):
        pairs.append((_SEPARATOR.join(parts[:split_at]), _SEPARATOR.join(parts[split_at:])))
    pairs.append(("", text))  # a title alone, accepted only when it names a single song
    readings = [(normalized(artist), normalized(title)) for artist, title in pairs]
    return [(artist, title) for artist, title in readings if title]


def lookup_titles(entry):
    """The titles, normalised, that this entry's song may have: one for each reading of the entry."""
    return {title for _artist, title in artist_title_pairs(entry)}


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

"""Lyrics in a file's tags, in the shape song_service stores (common/song_metadata.py): ID3's unsynced (USLT)
and synced (SYLT) frames, and the plain text other formats keep, read as synced when it is LRC
(``[01:02.50] words``). Like every tag, lyrics never decide whether a file is accepted: what cannot be read
is left out, and what is too long is cut to the limits."""
import functools
import logging
import re
import unicodedata

from common.song_metadata import (
    MAX_DURATION_SECONDS,
    MAX_LYRICS_CHARACTERS,
    MAX_LYRICS_LINES,
    MAX_LYRICS_VERSIONS,
    UNKNOWN_LANGUAGE,
)

log = logging.getLogger(__name__)

# SYLT's time stamp formats: 1 counts MPEG frames, which would need the stream's frame length; only 2 is used.
SYLT_MILLISECONDS = 2
# SYLT's content types that are words to show: 0 "other" (what taggers write when they do not say), 1 lyrics,
# 2 text transcription. The rest are movements, events, chords, trivia, URLs and images.
SYLT_WORDS = (0, 1, 2)
LATEST_START_MS = MAX_DURATION_SECONDS * 1000
_LANGUAGE = re.compile(r"[a-z]{3}")
_LRC_STAMP = re.compile(r"\[(\d{1,3}):(\d{1,2})(?:[.:](\d{1,3}))?\]")
_LRC_LINE = re.compile(r"\s*((?:\[\d{1,3}:\d{1,2}(?:[.:]\d{1,3})?\]\s*)+)(.*)")
# LRC's header ([ar:Artist], [offset:+250]); never a line of the song.
_LRC_HEADER = re.compile(r"\s*\[([A-Za-z#]+):([^\]]*)\]\s*")
# Enhanced LRC times each word (<01:02.50>); the line's own start is all a client shows.
_LRC_WORD_STAMP = re.compile(r"<\d{1,3}:\d{1,2}(?:[.:]\d{1,3})?>")


def _never_fails(read):
    """Lyrics never cost a song its upload: tags that cannot be read as lyrics are left out."""
    @functools.wraps(read)
    def guarded(*args):
        try:
            return _fit(list(read(*args)))
        except (AttributeError, TypeError, ValueError, KeyError, IndexError, UnicodeError) as error:
            log.info("lyrics left out, unreadable: %s", error)
            return []
    return guarded


def _language(code):
    code = str(code or "").strip().lower()
    # ID3 writes "XXX" for a language it does not know.
    return code if _LANGUAGE.fullmatch(code) and code != "xxx" else UNKNOWN_LANGUAGE


def _clean_line(text):
    """One line of words: control characters (a tab, a stray NUL) become spaces, and runs of spaces one."""
    text = "".join(" " if unicodedata.category(ch) == "Cc" else ch for ch in unicodedata.normalize("NFC", text))
    return " ".join(text.split())


def _synced(lang, lines):
    """A synced version from ``(start_ms, text)`` pairs, in time order; starts past any recording are dropped."""
    kept = [{"start_ms": max(0, int(start)), "text": _clean_line(text)} for start, text in lines
            if int(start) <= LATEST_START_MS]
    return {"lang": lang, "synced": True, "lines": sorted(kept, key=lambda line: line["start_ms"])}


def _unsynced(lang, rows):
    """An unsynced version: stanzas keep one blank line between them, and none at either end."""
    lines = []
    for text in map(_clean_line, rows):
        if text or (lines and lines[-1]):
            lines.append(text)
    while lines and not lines[-1]:
        lines.pop()
    return {"lang": lang, "synced": False, "lines": [{"start_ms": None, "text": text} for text in lines]}


def _stamp_ms(stamp):
    minutes, seconds, fraction = stamp.groups()
    # "[01:02.5]" is 500 ms, "[01:02.50]" too, "[01:02.500]" as well.
    return (int(minutes) * 60 + int(seconds)) * 1000 + int((fraction or "0").ljust(3, "0"))


def _lrc_offset(rows):
    """LRC's [offset:+250] makes every line show 250 ms sooner."""
    for row in rows:
        header = _LRC_HEADER.fullmatch(row)
        if header and header.group(1).lower() == "offset":
            try:
                return int(header.group(2).strip())
            except ValueError:
                return 0
    return 0


def _lrc(lang, rows):
    offset, lines = _lrc_offset(rows), []
    for row in rows:
        timed = _LRC_LINE.fullmatch(row)
        if timed:
            text = _LRC_WORD_STAMP.sub("", timed.group(2))
            # "[00:12.00][00:48.00] chorus": one line that is sung twice.
            lines += [(_stamp_ms(stamp) - offset, text) for stamp in _LRC_STAMP.finditer(timed.group(1))]
    return _synced(lang, lines)


def from_text(text, lang=UNKNOWN_LANGUAGE):
    """A version from lyrics kept as text: synced when most of its lines are LRC's timed ones."""
    rows = str(text).splitlines()
    timed = sum(1 for row in rows if _LRC_LINE.fullmatch(row))
    untimed = sum(1 for row in rows if row.strip() and not _LRC_LINE.fullmatch(row)
                  and not _LRC_HEADER.fullmatch(row))
    return _lrc(lang, rows) if timed and timed >= untimed else _unsynced(lang, rows)


def _sylt(frame):
    """SYLT keeps ``(text, start)`` pairs of lines, or of syllables, when a pair that starts a line starts
    with a newline: then each line is its syllables joined, from the start of the first."""
    pairs = [(str(text), int(start)) for text, start in frame.text]
    by_syllable = any(text.startswith(("\n", "\r")) for text, _ in pairs)
    lines = []
    for text, start in pairs:
        if not by_syllable or not lines or text.startswith(("\n", "\r")):
            lines.append([start, text])
        else:
            lines[-1][1] += text
    return _synced(_language(frame.lang), lines)


def _fit(versions):
    """Versions with words in them, synced ones first (apps show the first), each once, within the limits
    taken together; a version that runs past them is cut, and the ones after it left out."""
    unique = []
    for version in versions:
        if version not in unique and any(line["text"] for line in version["lines"]):
            unique.append(version)
    kept, lines_left, characters_left = [], MAX_LYRICS_LINES, MAX_LYRICS_CHARACTERS
    for version in sorted(unique, key=lambda version: not version["synced"])[:MAX_LYRICS_VERSIONS]:
        lines = []
        for line in version["lines"][:lines_left]:
            if len(line["text"]) > characters_left:
                break
            characters_left -= len(line["text"])
            lines.append(line)
        lines_left -= len(lines)
        if any(line["text"] for line in lines):
            kept.append({**version, "lines": lines})
        if len(lines) < len(version["lines"]):
            break
    return kept


@_never_fails
def from_id3(tags):
    # SYLT first: when USLT holds LRC too, the frame made for synced words is the version apps show.
    for frame in tags.getall("SYLT"):
        if frame.format == SYLT_MILLISECONDS and frame.type in SYLT_WORDS:
            yield _sylt(frame)
    for frame in tags.getall("USLT"):
        yield from_text(frame.text, _language(frame.lang))


@_never_fails
def from_texts(texts):
    """Lyrics from formats that keep them as text without a language: Vorbis comments, MP4, APE, ASF."""
    for text in texts:
        yield from_text(text)


@_never_fails
def from_ffmpeg(tags):
    """ffmpeg names lyrics "lyrics", or "lyrics-eng" when the tag gives a language."""
    for key, text in tags.items():
        if key == "lyrics" or key == "unsyncedlyrics":
            yield from_text(text)
        elif key.startswith("lyrics-"):
            yield from_text(text, _language(key[len("lyrics-"):]))

"""Tags as other people's software wrote them, made fit to store: a bad value is repaired or dropped, never
a reason to refuse the song. Each change is described, so an admin can see what was done to the file's tags.

- Text is normalised to NFC, control characters become spaces, runs of spaces one, and anything over
  ``TEXT_LIMIT`` characters is cut with an ellipsis.
- A year is the first run of four digits when it is a plausible year ("2004-05-01" is 2004); "0", "abc"
  or "99999" mean no year. A track or disc is its leading number ("3/12" is 3); "x/y" means none.
"""
import re
import unicodedata

from common.song_metadata import DISC_NUMBERS, MAX_GENRES, TEXT_LIMIT, TRACK_NUMBERS, YEARS

TEXT_FIELDS = ("title", "artist", "album_artist", "album")
_YEAR = re.compile(r"(?<!\d)(\d{4})(?!\d)")
# How tags normally hold them, which is no repair: a timestamp ("2004-05-01T10:00") and "track/total".
_PLAIN_DATE = re.compile(r"\d{4}(-\d{2}(-\d{2}([T ][\d:.]+Z?)?)?)?")
_PLAIN_NUMBER = re.compile(r"\d+(\s*/\s*\d*)?")
_LEADING_NUMBER = re.compile(r"\s*(\d+)")
ELLIPSIS = "…"


def clean_text(value):
    """``(text or None, what was changed or None)``."""
    if value is None:
        return None, None
    original = str(value)
    text = unicodedata.normalize("NFC", original)
    had_controls = any(unicodedata.category(ch) == "Cc" and not ch.isspace() for ch in text)
    text = "".join(" " if unicodedata.category(ch) == "Cc" else ch for ch in text)
    text = " ".join(text.split())
    changes = ["control characters removed"] if had_controls else []
    if len(text) > TEXT_LIMIT:
        changes.append(f"shortened from {len(text):,} characters")
        text = text[:TEXT_LIMIT - 1].rstrip() + ELLIPSIS
    return text or None, "; ".join(changes) or None


def _shown(value, limit=40):
    text = " ".join(str(value).split())
    return text if len(text) <= limit else text[:limit - 1] + ELLIPSIS


def _number(value, find, bounds, plain, refusal):
    """``(number or None, what was changed or None)``: the number ``find`` sees in ``value``, within ``bounds``;
    a value written as ``plain`` is no repair."""
    if value is None or str(value).strip() == "":
        return None, None
    text = str(value).strip()
    found = find(text)
    if found and bounds[0] <= int(found.group(1)) <= bounds[1]:
        number = int(found.group(1))
        return number, None if plain.fullmatch(text) else f"read as {number} from “{_shown(text)}”"
    return None, f"“{_shown(text)}” dropped: {refusal}"


def year_from(value):
    return _number(value, _YEAR.search, YEARS, _PLAIN_DATE, "not a year")


def number_from(value, bounds):
    """A track or disc number."""
    return _number(value, _LEADING_NUMBER.match, bounds, _PLAIN_NUMBER,
                   f"not a number from {bounds[0]} to {bounds[1]}")


def repair(raw):
    """``(metadata, repairs)`` from the tags as read: every value fit to store, and a sentence per change."""
    metadata, repairs = {}, []

    def note(field, change):
        if change:
            repairs.append(f"{field.replace('_', ' ')}: {change}")

    for field in TEXT_FIELDS:
        metadata[field], change = clean_text(raw.get(field))
        note(field, change)
    genres = []
    for name in raw.get("genres") or []:
        cleaned, change = clean_text(name)
        note("genre", change)
        if cleaned and cleaned.casefold() not in {genre.casefold() for genre in genres}:
            genres.append(cleaned)
    if len(genres) > MAX_GENRES:
        note("genres", f"{len(genres)} given, the first {MAX_GENRES} kept")
        genres = genres[:MAX_GENRES]
    metadata["genres"] = genres
    metadata["year"], change = year_from(raw.get("year"))
    note("year", change)
    metadata["track"], change = number_from(raw.get("track"), TRACK_NUMBERS)
    note("track", change)
    metadata["disc"], change = number_from(raw.get("disc"), DISC_NUMBERS)
    note("disc", change)
    return metadata, repairs

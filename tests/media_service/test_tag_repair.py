"""Messy tags are repaired or dropped, one sentence per change; none is a reason to refuse a song."""
import pytest

from media_service.models.tag_repair import ELLIPSIS, clean_text, number_from, repair, year_from


@pytest.mark.parametrize("raw, year, repaired", [
    ("2004", 2004, False),
    ("2004-05-01", 2004, False),            # ID3v2.4's timestamp
    ("2004-05-01T10:30:00", 2004, False),
    ("ca. 1995", 1995, True),
    ("0", None, True),
    ("abc", None, True),
    ("99999", None, True),
    ("", None, False),
    (None, None, False),
])
def test_years(raw, year, repaired):
    value, change = year_from(raw)
    assert value == year and bool(change) == repaired


@pytest.mark.parametrize("raw, number, repaired", [
    ("3", 3, False), ("3/12", 3, False), ("03 / 12", 3, False), ("x/y", None, True), ("-1", None, True),
    ("12345", None, True), ("7th", 7, True), (None, None, False),
])
def test_track_numbers(raw, number, repaired):
    value, change = number_from(raw, (0, 9999))
    assert value == number and bool(change) == repaired


def test_text_is_nfc_without_control_characters_and_cut_with_an_ellipsis():
    decomposed = "Bjo\u0308rk"
    assert clean_text(decomposed) == ("Björk", None)
    assert clean_text("Line\x00one\x1b[31m\ttwo\n") == ("Line one [31m two", "control characters removed")
    long_title, change = clean_text("la " * 5000)
    assert len(long_title) == 300 and long_title.endswith(ELLIPSIS)
    assert change == "shortened from 14,999 characters"
    assert clean_text("   ") == (None, None)


def test_every_change_is_described_and_nothing_is_refused():
    metadata, repairs = repair({
        "title": "T" * 10_000, "artist": "Björk\x07", "album": None, "album_artist": "",
        "genres": ["Rock", "rock", *[f"Genre {n}" for n in range(12)]],
        "year": "99999", "track": "x/y", "disc": "1/2",
    })
    assert metadata["title"].endswith(ELLIPSIS) and len(metadata["title"]) == 300
    assert metadata["artist"] == "Björk"
    assert metadata["album"] is None and metadata["album_artist"] is None
    assert metadata["genres"] == ["Rock", *[f"Genre {n}" for n in range(9)]]
    assert (metadata["year"], metadata["track"], metadata["disc"]) == (None, None, 1)
    assert repairs == [
        "title: shortened from 10,000 characters",
        "artist: control characters removed",
        "genres: 13 given, the first 10 kept",
        "year: “99999” dropped: not a year",
        "track: “x/y” dropped: not a number from 0 to 9999",
    ]

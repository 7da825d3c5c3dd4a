"""Smoke tests for the audio_factory helper: every format encodes, tags and reads back."""

import mutagen
import pytest

try:  # works whether or not tests/ is a package
    from audio_factory import FORMATS, make_audio, make_cover_jpeg, make_cover_png
except ImportError:  # pragma: no cover
    from tests.audio_factory import FORMATS, make_audio, make_cover_jpeg, make_cover_png


def _title(audio, fmt):
    tags = audio.tags
    if fmt in ("mp3", "wav"):
        return str(tags["TIT2"])
    if fmt == "m4a":
        return tags["\xa9nam"][0]
    return tags["title"][0]


@pytest.mark.parametrize("fmt", FORMATS)
def test_make_audio_roundtrip(tmp_path, fmt):
    path = make_audio(
        tmp_path / f"song.{fmt}",
        fmt,
        seconds=1.5,
        title="Test Title",
        artist="Test Artist",
        album="Test Album",
        album_artist="Various",
        genres=["Rock", "Pop"],
        year=2021,
        track=(3, 12),
        disc=(1, 2),
        cover=make_cover_png() if fmt != "m4a" else make_cover_jpeg(),
    )
    assert path.exists() and path.suffix == f".{fmt}"

    audio = mutagen.File(path)
    assert audio is not None
    assert abs(audio.info.length - 1.5) < 0.2
    assert audio.tags is not None
    assert _title(audio, fmt) == "Test Title"


@pytest.mark.parametrize("fmt", FORMATS)
def test_make_audio_without_tags(tmp_path, fmt):
    audio = mutagen.File(make_audio(tmp_path / f"bare.{fmt}", fmt, seconds=0.5))
    assert audio is not None
    assert abs(audio.info.length - 0.5) < 0.2
    assert not audio.tags


def test_mp3_id3v23(tmp_path):
    from mutagen.id3 import ID3

    path = make_audio(tmp_path / "v23.mp3", title="Old", year=1999, id3_version=3)
    assert ID3(path).version[:2] == (2, 3)
    assert b"TYER" in path.read_bytes()[:200]

"""Tags and technical details read from each supported format, by content rather than file name."""
import shutil

import pytest
from audio_factory import FORMATS, make_audio, make_cover_png

from media_service.models.tag_reader import NotAudio, read_audio, title_from_filename

EXPECTED_TYPES = {"mp3": "audio/mpeg", "flac": "audio/flac", "ogg": "audio/ogg", "opus": "audio/ogg",
                  "m4a": "audio/mp4", "wav": "audio/wav"}


@pytest.mark.parametrize("fmt", FORMATS)
def test_every_format_gives_its_tags_and_cover(tmp_path, fmt):
    cover = make_cover_png()
    path = make_audio(
        tmp_path / f"song.{fmt}", fmt, seconds=1.5, title="Hyperballad", artist="Björk", album_artist="Björk",
        album="Post", genres=["Electronic", "Art Pop"], year=1995, track=(4, 11), disc=(2, 2), cover=cover,
    )
    # No extension: the kind must come from the bytes.
    anonymous = tmp_path / "upload-blob"
    shutil.copy(path, anonymous)
    info = read_audio(str(anonymous))
    assert info.content_type == EXPECTED_TYPES[fmt]
    assert (info.title, info.artist, info.album, info.album_artist) == ("Hyperballad", "Björk", "Post", "Björk")
    assert info.year == 1995 and info.track == 4 and info.disc == 2
    assert info.genres == ["Electronic", "Art Pop"]
    assert info.duration == pytest.approx(1.5, abs=0.2)
    assert info.sample_rate == (48000 if fmt == "opus" else 44100)
    assert info.bitrate and 32_000 <= info.bitrate <= 1_500_000
    assert info.cover == cover


@pytest.mark.parametrize("fmt", ["mp3", "wav"])
def test_id3v23_is_read_too(tmp_path, fmt):
    path = make_audio(tmp_path / f"old.{fmt}", fmt, seconds=1, title="Old", album_artist="Various Artists",
                      year=2001, genres=["Rock", "Pop"], track="2/9", disc="1/2", id3_version=3)
    info = read_audio(str(path))
    assert (info.title, info.album_artist, info.year, info.track, info.disc) == ("Old", "Various Artists", 2001, 2, 1)
    assert info.genres == ["Rock", "Pop"]  # ID3v2.3 joins several values with "/"


def test_untagged_file_leaves_tags_empty(tmp_path):
    info = read_audio(str(make_audio(tmp_path / "bare.mp3", "mp3", seconds=1)))
    assert info.title is None and info.artist is None and info.bitrate == 128000


def test_images_and_garbage_are_not_audio(tmp_path):
    png = tmp_path / "cover.mp3"
    png.write_bytes(make_cover_png(size=(300, 300)))
    text = tmp_path / "notes.mp3"
    text.write_text("just some words " * 1000)
    for path in (png, text):
        with pytest.raises(NotAudio):
            read_audio(str(path))


def test_title_from_filename():
    assert title_from_filename("/x/My_Great Song.mp3") == "My Great Song"
    assert title_from_filename("") is None

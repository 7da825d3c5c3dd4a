"""Lyrics read from each kind of tag at upload: ID3's USLT and SYLT, LRC or plain text elsewhere, within the
limits, and never a reason to refuse a file."""
import mutagen
import pytest
from audio_factory import ENCODED_FORMATS, encode_audio, make_audio
from mutagen.apev2 import APEv2
from mutagen.asf import ASF
from mutagen.flac import FLAC
from mutagen.id3 import SYLT, USLT
from mutagen.mp4 import MP4
from mutagen.oggopus import OggOpus
from mutagen.oggvorbis import OggVorbis

from common.song_metadata import MAX_LYRICS_CHARACTERS, MAX_LYRICS_LINES
from media_service.app import create_app
from media_service.models import lyrics_tags
from media_service.models.tag_reader import read_audio

LRC = "[ar:The Band]\n[offset:+100]\n[00:01.50]First <00:01.80>line\n\n[00:04.00][00:09.5]Chorus\n[00:02.25]Second\n"
PLAIN = "\n\nVerse one\twith a tab\x07\n\n\n\nVerse two\n\n"
ENCODED = {encoded.label: encoded for encoded in ENCODED_FORMATS}


def unsynced(lang, *texts):
    return {"lang": lang, "synced": False, "lines": [{"start_ms": None, "text": text} for text in texts]}


def synced(lang, *lines):
    return {"lang": lang, "synced": True, "lines": [{"start_ms": start, "text": text} for start, text in lines]}


# LRC's offset (+100 ms) shows every line sooner; a line with two stamps is sung twice; word stamps go.
FROM_LRC = synced("und", (1400, "First line"), (2150, "Second"), (3900, "Chorus"), (9400, "Chorus"))
FROM_PLAIN = unsynced("und", "Verse one with a tab", "", "Verse two")


def tagged_id3(path, *frames):
    """``path`` (an MP3, or a WAV with its ID3 chunk) with ``frames`` added to its tags."""
    audio = mutagen.File(path)
    if audio.tags is None:
        audio.add_tags()
    for frame in frames:
        audio.tags.add(frame)
    audio.save()
    return str(path)


@pytest.mark.parametrize("fmt", ["mp3", "wav"])
def test_id3_unsynced_and_synced_lyrics_keep_their_language(tmp_path, fmt):
    path = tagged_id3(
        make_audio(tmp_path / f"song.{fmt}", fmt, seconds=1, title="Song"),
        USLT(encoding=3, lang="eng", desc="", text=PLAIN),
        SYLT(encoding=3, lang="deu", format=2, type=1, desc="", text=[("Zwei", 2500), ("Eins", 1000)]),
        # Stamped in MPEG frames, which this reader does not convert: left out.
        SYLT(encoding=3, lang="fra", format=1, type=1, desc="frames", text=[("Un", 40)]),
    )
    lyrics = read_audio(path).lyrics
    # Synced first, as apps show the first version; lines in time order.
    assert lyrics == [synced("deu", (1000, "Eins"), (2500, "Zwei")), {**FROM_PLAIN, "lang": "eng"}]


def test_sylt_syllables_are_joined_into_lines_and_lrc_in_uslt_is_synced(tmp_path):
    syllables = [("\nHel", 1000), ("lo ", 1200), ("world", 1400), ("\nBye", 3000)]
    path = tagged_id3(
        make_audio(tmp_path / "karaoke.mp3", "mp3", seconds=1),
        SYLT(encoding=3, lang="XXX", format=2, type=1, desc="", text=syllables),
        USLT(encoding=3, lang="\x00\x00\x00", desc="", text=LRC),
    )
    lyrics = read_audio(path).lyrics
    assert lyrics == [synced("und", (1000, "Hello world"), (3000, "Bye")), FROM_LRC]


@pytest.mark.parametrize("fmt, tags_of", [("flac", FLAC), ("ogg", OggVorbis), ("opus", OggOpus)])
def test_vorbis_comments_lrc_is_synced_and_plain_text_is_not(tmp_path, fmt, tags_of):
    path = make_audio(tmp_path / f"song.{fmt}", fmt, seconds=1, title="Song")
    audio = tags_of(path)
    audio["LYRICS"] = LRC
    audio["UNSYNCEDLYRICS"] = PLAIN
    audio.save()
    assert read_audio(str(path)).lyrics == [FROM_LRC, FROM_PLAIN]


def test_mp4_lyrics(tmp_path):
    path = make_audio(tmp_path / "song.m4a", "m4a", seconds=1, title="Song")
    audio = MP4(path)
    audio["\xa9lyr"] = [PLAIN]
    audio.save()
    assert read_audio(str(path)).lyrics == [FROM_PLAIN]


def test_ape_lyrics(tmp_path):
    path = encode_audio(tmp_path / "song.wv", ENCODED["wavpack"], seconds=1)
    tags = APEv2()
    tags["Title"], tags["Lyrics"] = "Song", LRC
    tags.save(path)
    info = read_audio(str(path))
    assert info.title == "Song" and info.lyrics == [FROM_LRC]


def test_asf_lyrics(tmp_path):
    path = encode_audio(tmp_path / "song.wma", ENCODED["wma"], seconds=1)
    audio = ASF(path)
    audio["Title"], audio["WM/Lyrics"] = ["Song"], [PLAIN]
    audio.save()
    info = read_audio(str(path))
    assert info.title == "Song" and info.lyrics == [FROM_PLAIN]


def test_ffmpeg_names_lyrics_with_their_language():
    tags = {"title": "Song", "lyrics-eng": "Words", "lyrics": "Other words", "lyrics-": "x"}
    assert lyrics_tags.from_ffmpeg(tags) == [unsynced("eng", "Words"), unsynced("und", "Other words"),
                                             unsynced("und", "x")]


def test_a_few_bracketed_lines_are_not_lrc():
    text = "[00:01.00] spoken intro\nVerse one\nVerse two\n[Chorus]\nLa la"
    assert lyrics_tags.from_text(text)["synced"] is False


def test_the_same_words_twice_are_kept_once_and_empty_lyrics_not_at_all(tmp_path):
    path = make_audio(tmp_path / "song.flac", "flac", seconds=1)
    audio = FLAC(path)
    audio["LYRICS"] = [PLAIN, PLAIN, "\n \n\t\n"]
    audio.save()
    assert read_audio(str(path)).lyrics == [FROM_PLAIN]


def test_long_lyrics_are_cut_to_the_limits_taken_together(tmp_path):
    path = make_audio(tmp_path / "long.flac", "flac", seconds=1)
    audio = FLAC(path)
    many_lines = "\n".join(f"[{n // 60:02}:{n % 60:02}.00]Line {n}" for n in range(MAX_LYRICS_LINES + 500))
    audio["LYRICS"] = [many_lines, "Never reached"]
    audio.save()
    lyrics = read_audio(str(path)).lyrics
    assert len(lyrics) == 1 and len(lyrics[0]["lines"]) == MAX_LYRICS_LINES
    assert lyrics[0]["lines"][-1] == {"start_ms": (MAX_LYRICS_LINES - 1) * 1000, "text": f"Line {MAX_LYRICS_LINES - 1}"}

    audio["LYRICS"] = ["\n".join("x" * 999 for _ in range(150)), "Never reached either"]
    audio.save()
    lyrics = read_audio(str(path)).lyrics
    assert len(lyrics) == 1 and len(lyrics[0]["lines"]) == MAX_LYRICS_CHARACTERS // 999


def test_lyrics_that_cannot_be_read_leave_the_rest_of_the_tags(tmp_path, monkeypatch):
    def unreadable(*args):
        raise ValueError("garbled frame")

    monkeypatch.setattr(lyrics_tags, "from_text", unreadable)
    path = tagged_id3(make_audio(tmp_path / "song.mp3", "mp3", seconds=1, title="Still here"),
                      USLT(encoding=3, lang="eng", desc="", text="Words"))
    info = read_audio(path)
    assert info.title == "Still here" and info.lyrics == []


@pytest.fixture
def client(make_service_app, tmp_path):
    return make_service_app(create_app, UPLOAD_TMP_DIR=str(tmp_path)).test_client()


def test_the_upload_answer_carries_the_lyrics(client, token_for, tmp_path):
    path = tagged_id3(make_audio(tmp_path / "song.mp3", "mp3", seconds=1, title="Song"),
                      USLT(encoding=3, lang="eng", desc="", text="Words"))
    with open(path, "rb") as body:
        response = client.post("/api/media", query_string={"filename": "song.mp3"}, data=body,
                               content_type="application/octet-stream", headers=token_for("admin"))
    assert response.status_code == 201 and response.json["lyrics"] == [unsynced("eng", "Words")]

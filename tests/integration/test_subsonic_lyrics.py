"""Lyrics through the Subsonic API, against the four services under gunicorn: words tagged in the uploaded
files (ID3 SYLT and USLT, a FLAC's LRC and plain text) come back from getLyricsBySongId (the OpenSubsonic
songLyrics extension) and from the classic getLyrics, in JSON and in XML."""
from xml.etree import ElementTree

import mutagen
import pytest
import requests
from audio_factory import make_audio
from bson import ObjectId
from mutagen.id3 import SYLT, USLT
from subsonic_site import PASSWORD, make_credential
from web_session import WebSession

pytestmark = pytest.mark.stack
STACK_ENVIRONMENT = {"LOGIN_ATTEMPTS_PER_ADDRESS": "1000"}
NAMESPACE = {"s": "http://subsonic.org/restapi"}
SYNCED_LINES = [("Neon lights", 500), ("Falling rain", 1250)]
VERSE = "Neon lights\n\nFalling rain"
LRC = "[ti:Morning Light]\n[00:00.20]Wake up\n[00:01.10]Morning light"
PLAIN = "Sun comes up\nOver the hill"


def _tag(path, add):
    audio = mutagen.File(path)
    add(audio)
    audio.save()
    return path


def _id3_lyrics(audio):
    audio.tags.add(SYLT(encoding=3, lang="eng", format=2, type=1, desc="", text=SYNCED_LINES))
    audio.tags.add(USLT(encoding=3, lang="eng", desc="", text=VERSE))


def _flac_lyrics(audio):
    audio["LYRICS"] = LRC


def _flac_plain_lyrics(audio):
    audio["UNSYNCEDLYRICS"] = PLAIN


@pytest.fixture(scope="module")
def site(stack, tmp_path_factory):
    """An admin who uploaded four songs, three with words; a listener with an API key and an app password."""
    folder = tmp_path_factory.mktemp("subsonic-lyrics")
    base = stack.url("operator_service")
    admin = WebSession(base)
    assert admin.sign_up("curator").ok
    files = (
        ("neon.mp3", dict(title="Neon Rain", artist="The Band"), _id3_lyrics, "audio/mpeg"),
        ("morning.flac", dict(title="Morning Light", artist="Ada Quartet"), _flac_lyrics, "audio/flac"),
        ("sunrise.flac", dict(title="Sunrise", artist="Ada Quartet"), _flac_plain_lyrics, "audio/flac"),
        ("quiet.mp3", dict(title="Quiet", artist="The Band"), None, "audio/mpeg"),
    )
    for number, (name, tags, add_lyrics, content_type) in enumerate(files):
        path = make_audio(folder / name, name.rsplit(".", 1)[1], seconds=1.5, frequency=300 + 50 * number, **tags)
        if add_lyrics:
            _tag(path, add_lyrics)
        with open(path, "rb") as body:
            assert admin.submit("/admin/upload", files={"audio_files": (name, body, content_type)}).ok
    listener = WebSession(base)
    assert listener.sign_up("lena", PASSWORD).ok
    return {"base": base, "username": "lena", "api_key": make_credential(listener, "api_key", "Pixel"),
            "app_password": make_credential(listener, "app_password", "Car")}


@pytest.fixture(scope="module")
def song_ids(sonic):
    found = sonic.search3("", artistCount=0, albumCount=0, songCount=50)["searchResult3"]["song"]
    return {song["title"]: song["id"] for song in found}


def rest(site, method, **params):
    params = {"v": "1.16.1", "c": "test", "apiKey": site["api_key"], **params}
    return requests.get(f"{site['base']}/rest/{method}", params=params, timeout=30)


def test_the_server_says_it_has_song_lyrics(opensonic):
    assert any(extension.name == "songLyrics" and 1 in extension.versions
               for extension in opensonic.get_open_subsonic_extensions())


def test_synced_and_unsynced_lyrics_of_an_mp3_by_song_id(opensonic, song_ids):
    synced, unsynced = opensonic.get_lyrics_by_song_id(song_ids["Neon Rain"])
    assert (synced.synced, synced.lang, synced.offset) == (True, "eng", 0)
    assert (synced.display_artist, synced.display_title) == ("The Band", "Neon Rain")
    assert [(line.start, line.value) for line in synced.line] == [(500, "Neon lights"), (1250, "Falling rain")]
    assert (unsynced.synced, unsynced.lang) == (False, "eng")
    assert [(line.start, line.value) for line in unsynced.line] == \
        [(None, "Neon lights"), (None, ""), (None, "Falling rain")]


def test_lrc_in_a_flac_is_synced_and_plain_text_is_not(opensonic, song_ids):
    (lrc,) = opensonic.get_lyrics_by_song_id(song_ids["Morning Light"])
    assert (lrc.synced, lrc.lang) == (True, "und")
    assert [(line.start, line.value) for line in lrc.line] == [(200, "Wake up"), (1100, "Morning light")]
    (plain,) = opensonic.get_lyrics_by_song_id(song_ids["Sunrise"])
    assert plain.synced is False and [line.value for line in plain.line] == ["Sun comes up", "Over the hill"]


def test_a_song_without_words_has_an_empty_list_and_an_unknown_song_is_error_70(site, opensonic, song_ids):
    assert opensonic.get_lyrics_by_song_id(song_ids["Quiet"]) == []
    for unknown in (str(ObjectId()), "al-" + str(ObjectId()), "nonsense"):
        body = rest(site, "getLyricsBySongId", f="json", id=unknown).json()["subsonic-response"]
        assert body["status"] == "failed" and body["error"]["code"] == 70, body
    body = rest(site, "getLyricsBySongId", f="json").json()["subsonic-response"]
    assert body["status"] == "failed" and body["error"]["code"] == 10


def test_get_lyrics_finds_the_words_by_artist_and_title(sonic):
    lyrics = sonic.getLyrics(artist="the band", title="NEON RAIN")["lyrics"]
    # The unsynced version's text, with its blank line between the stanzas.
    assert lyrics == {"artist": "The Band", "title": "Neon Rain", "value": VERSE}
    assert sonic.getLyrics(artist="Ada Quartet", title="Morning Light")["lyrics"]["value"] == "Wake up\nMorning light"


def test_get_lyrics_without_a_match_is_empty_not_an_error(sonic):
    for artist, title in (("The Band", "Quiet"), ("Nobody", "Neon Rain"), (None, "Neon Rain"), (None, None)):
        assert sonic.getLyrics(artist=artist, title=title)["lyrics"] == {"value": ""}


def test_lyrics_in_xml_are_element_text(site, song_ids):
    response = rest(site, "getLyrics", artist="Ada Quartet", title="Sunrise")
    root = ElementTree.fromstring(response.content)
    assert root.get("status") == "ok"
    lyrics = root.find("s:lyrics", NAMESPACE)
    assert (lyrics.get("artist"), lyrics.get("title"), lyrics.text) == ("Ada Quartet", "Sunrise", PLAIN)
    empty = ElementTree.fromstring(rest(site, "getLyrics", artist="x", title="y").content).find("s:lyrics", NAMESPACE)
    assert empty is not None and not empty.text and not empty.attrib

    root = ElementTree.fromstring(rest(site, "getLyricsBySongId", id=song_ids["Neon Rain"]).content)
    versions = root.findall("s:lyricsList/s:structuredLyrics", NAMESPACE)
    assert [version.get("synced") for version in versions] == ["true", "false"]
    lines = versions[0].findall("s:line", NAMESPACE)
    assert [(line.get("start"), line.text) for line in lines] == [("500", "Neon lights"), ("1250", "Falling rain")]
    assert all(line.get("start") is None for line in versions[1].findall("s:line", NAMESPACE))

"""Lyrics: validated when a song is created, kept out of the song's public JSON, and read by song id or by
artist and title."""
import pytest
from bson import ObjectId

from common.song_metadata import MAX_LYRICS_CHARACTERS, MAX_LYRICS_LINES

SYNCED = {"lang": "eng", "synced": True, "lines": [{"start_ms": 1000, "text": "First"},
                                                   {"start_ms": 2500, "text": "Second"}]}
UNSYNCED = {"lang": "und", "synced": False, "lines": [{"start_ms": None, "text": "Verse"},
                                                      {"start_ms": None, "text": ""},
                                                      {"start_ms": None, "text": "Chorus"}]}


def lyrics_of(client, headers, song_id):
    return client.get(f"/api/songs/{song_id}/lyrics", headers=headers)


def by_name(client, headers, **names):
    return client.get("/api/songs/lyrics", query_string=names, headers=headers)


def test_lyrics_are_kept_but_not_in_the_songs_json(client, token_for, add_song):
    listener = token_for("listener")
    song = add_song("Jóga", artist="Björk", lyrics=[SYNCED, UNSYNCED])
    assert "lyrics" not in song
    assert "lyrics" not in client.get(f"/api/songs/{song['id']}", headers=listener).json
    assert all("lyrics" not in listed for listed in client.get("/api/songs", headers=listener).json["songs"])
    found = client.get("/api/songs/search", query_string={"q": "joga"}, headers=listener).json["songs"]
    assert [listed["id"] for listed in found] == [song["id"]] and "lyrics" not in found[0]
    response = lyrics_of(client, listener, song["id"])
    assert response.status_code == 200
    assert response.json == {"song_id": song["id"], "title": "Jóga", "artist": "Björk", "lyrics": [SYNCED, UNSYNCED]}


def test_a_song_without_lyrics_has_an_empty_list_and_an_unknown_song_none(client, token_for, add_song):
    listener = token_for("listener")
    song = add_song("Quiet")
    assert lyrics_of(client, listener, song["id"]).json["lyrics"] == []
    assert lyrics_of(client, listener, ObjectId()).status_code == 404
    assert lyrics_of(client, {}, song["id"]).status_code == 401


def version(synced=False, **fields):
    line = {"start_ms": 0 if synced else None, "text": "words"}
    return {"lang": "eng", "synced": synced, "lines": [line], **fields}


@pytest.mark.parametrize("lyrics, message", [
    ("words", "lyrics must be a list"),
    ([version()] * 11, "at most 10 versions"),
    (["words"], "Each version of lyrics"),
    ([version(lines="words")], "Each version of lyrics"),
    ([version(lang="english")], "three-letter"),
    ([version(lang="EN1")], "three-letter"),
    ([version(synced="yes")], "synced of lyrics must be true or false"),
    ([version(lines=["words"])], "Each line of lyrics"),
    ([version(lines=[{"start_ms": None, "text": 3}])], "Each line of lyrics"),
    ([version(lines=[{"start_ms": None, "text": "a\nb"}])], "control characters"),
    ([version(synced=True, lines=[{"text": "no start"}])], "start_ms"),
    ([version(synced=True, lines=[{"start_ms": -1, "text": "x"}])], "start_ms"),
    ([version(synced=True, lines=[{"start_ms": True, "text": "x"}])], "start_ms"),
    ([version(lines=[{"start_ms": 5, "text": "x"}])], "unsynced lyrics have no start_ms"),
    ([version(lines=[{"start_ms": None, "text": "x"}] * (MAX_LYRICS_LINES + 1))], "2,000 lines"),
    ([version(lines=[{"start_ms": None, "text": "x" * 1000}] * (MAX_LYRICS_CHARACTERS // 1000 + 1))],
     "100,000 characters"),
])
def test_bad_lyrics_are_a_400_that_says_why_and_store_nothing(client, token_for, lyrics, message):
    payload = {"title": "Song", "audio_id": str(ObjectId()), "lyrics": lyrics}
    response = client.post("/api/songs", json=payload, headers=token_for("admin"))
    assert response.status_code == 400 and message in response.json["error"], response.json
    assert client.get("/api/songs", headers=token_for("listener")).json["songs"] == []


def test_lyrics_by_artist_and_title_match_as_the_catalogue_names_them(client, token_for, add_song):
    listener = token_for("listener")
    add_song("Hyperballad", artist="Björk")  # the first of that title, but without words
    with_words = add_song("Hyperballad", artist="Björk", lyrics=[UNSYNCED])
    add_song("Hyperballad", artist="Björk", lyrics=[SYNCED])  # added later: not the first
    add_song("Hyperballad", artist="Someone Else", lyrics=[SYNCED])
    response = by_name(client, listener, artist="  BJORK ", title="hyperballad")
    assert response.status_code == 200
    assert response.json == {"song_id": with_words["id"], "title": "Hyperballad", "artist": "Björk",
                             "lyrics": [UNSYNCED]}
    assert by_name(client, listener, artist="Björk", title="Joga").status_code == 404
    assert by_name(client, listener, artist="Nobody", title="Hyperballad").status_code == 404
    assert by_name(client, listener, artist="Björk", title="!!!").status_code == 404
    for names in ({"artist": "Björk"}, {"title": "Hyperballad"}, {"artist": " ", "title": "Hyperballad"}):
        response = by_name(client, listener, **names)
        assert response.status_code == 400 and "required" in response.json["error"]


def test_the_lookup_by_artist_and_title_walks_the_title_index(app, add_song):
    from song_service.extensions import mongo

    add_song("Hyperballad", artist="Björk", lyrics=[UNSYNCED])
    query = {"title_key": "hyperballad", "artist_id": ObjectId(), "lyrics.0": {"$exists": True}}
    with app.app_context():
        plan = str(mongo.db.songs.find(query).hint("exact_title").sort("seq", 1).limit(1).explain())
    assert "'indexName': 'exact_title'" in plan and "IXSCAN" in plan and "COLLSCAN" not in plan

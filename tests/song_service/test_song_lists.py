"""song_service: random songs (optionally of a genre and years) and a genre's songs, newest first."""
import pytest


@pytest.fixture
def songs(add_song):
    spec = [("Old rock", 1970, ["Rock"]), ("Pop hit", 1999, ["Pop"]), ("New rock", 2010, ["rock", "Indie"]),
            ("Undated", None, [])]
    return [add_song(title, year=year, genres=genres)["id"] for title, year, genres in spec]


def titles(client, headers, path, **params):
    response = client.get(f"/api/song-lists/{path}", query_string=params, headers=headers)
    assert response.status_code == 200, response.json
    return [song["title"] for song in response.json["songs"]]


def test_random_songs_with_and_without_filters(client, alice, songs):
    assert sorted(titles(client, alice, "random")) == ["New rock", "Old rock", "Pop hit", "Undated"]
    assert len(titles(client, alice, "random", size=2)) == 2
    assert sorted(titles(client, alice, "random", genre="ROCK")) == ["New rock", "Old rock"]
    assert titles(client, alice, "random", genre="rock", from_year=2000) == ["New rock"]
    assert sorted(titles(client, alice, "random", from_year=1960, to_year=2000)) == ["Old rock", "Pop hit"]
    assert titles(client, alice, "random", to_year=1980) == ["Old rock"]
    assert titles(client, alice, "random", genre="Polka") == []


def test_songs_by_genre_newest_first(client, alice, songs):
    assert titles(client, alice, "by-genre", genre="rock") == ["New rock", "Old rock"]
    assert titles(client, alice, "by-genre", genre="Rock", size=1, offset=1) == ["Old rock"]
    assert titles(client, alice, "by-genre", genre="Polka") == []


@pytest.mark.parametrize("path, params, message", [
    ("by-genre", {}, "genre"), ("by-genre", {"genre": "  "}, "genre"), ("random", {"from_year": "x"}, "from_year"),
    ("random", {"to_year": "0"}, "to_year"), ("random", {"from_year": "²"}, "from_year"),
])
def test_bad_parameters_are_400(client, alice, path, params, message):
    response = client.get(f"/api/song-lists/{path}", query_string=params, headers=alice)
    assert response.status_code == 400 and message in response.json["error"]


def test_song_lists_need_a_listener(client, token_for):
    assert client.get("/api/song-lists/random").status_code == 401
    assert client.get("/api/song-lists/random", headers=token_for("service")).status_code == 403

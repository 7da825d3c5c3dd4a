"""song_service: an artist's page by id or by name, with as many top songs as asked for."""
import pytest


@pytest.fixture
def beatles(add_song):
    return [add_song(f"Song {n}", artist="The Beatles", album="Abbey Road") for n in range(12)]


def test_an_artist_by_name_is_the_same_page_as_by_id(client, alice, beatles):
    by_id = client.get(f"/api/artists/{beatles[0]['artist_id']}", headers=alice).json
    by_name = client.get("/api/artists/by-name", query_string={"name": "the  BEATLES"}, headers=alice)
    assert by_name.status_code == 200 and by_name.json == by_id
    assert by_id["artist"]["name"] == "The Beatles" and len(by_id["top_songs"]) == 10


def test_top_sets_how_many_top_songs_come_back(client, alice, beatles):
    artist_id = beatles[0]["artist_id"]

    def top(path, **params):
        return client.get(path, query_string=params, headers=alice).json["top_songs"]

    assert len(top(f"/api/artists/{artist_id}", top=3)) == 3
    assert len(top(f"/api/artists/{artist_id}", top=500)) == 12  # clamped to 100, and there are 12
    assert len(top(f"/api/artists/{artist_id}", top="x")) == 10
    assert len(top("/api/artists/by-name", name="The Beatles", top=1)) == 1


def test_unknown_and_missing_names(client, alice, beatles):
    assert client.get("/api/artists/by-name", query_string={"name": "Nobody"}, headers=alice).status_code == 404
    response = client.get("/api/artists/by-name", query_string={"name": " "}, headers=alice)
    assert response.status_code == 400 and "name" in response.json["error"]
    assert client.get("/api/artists/by-name", query_string={"name": "The Beatles"}).status_code == 401

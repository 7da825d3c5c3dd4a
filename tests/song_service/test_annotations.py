"""song_service: stars and ratings of songs, albums and artists, each listener's own; a song's star is its like."""
import pytest
from bson import ObjectId


@pytest.fixture
def catalogue(add_song):
    """Three songs on two albums by two artists: ``{"songs": [...], "albums": [...], "artists": [...]}``."""
    songs = [add_song("One", artist="Abba", album="Gold"), add_song("Two", artist="Abba", album="Gold"),
             add_song("Three", artist="Blur", album="Parklife")]
    return {"songs": [s["id"] for s in songs], "albums": [songs[0]["album_id"], songs[2]["album_id"]],
            "artists": [songs[0]["artist_id"], songs[2]["artist_id"]]}


def annotate(client, headers, kind, target_id, **body):
    return client.put(f"/api/annotations/{kind}/{target_id}", json=body, headers=headers)


def lookup(client, headers, kind, ids):
    response = client.post("/api/annotations/lookup", json={"kind": kind, "ids": ids}, headers=headers)
    assert response.status_code == 200, response.json
    return response.json["annotations"]


def listed(client, headers, path, kind, **params):
    response = client.get(f"/api/annotations/{path}", query_string={"kind": kind, **params}, headers=headers)
    assert response.status_code == 200, response.json
    return response.json[kind + "s"]


def test_star_and_rate_an_album_idempotently(client, alice, bob, catalogue):
    album_id = catalogue["albums"][0]
    first = annotate(client, alice, "album", album_id, starred=True).json
    assert first["kind"] == "album" and first["id"] == album_id and first["starred_at"] and first["rating"] == 0
    again = annotate(client, alice, "album", album_id, starred=True, rating=4).json
    assert again["starred_at"] == first["starred_at"] and again["rating"] == 4
    assert lookup(client, alice, "album", catalogue["albums"]) == {
        album_id: {"starred_at": first["starred_at"], "rating": 4}}
    assert lookup(client, bob, "album", catalogue["albums"]) == {}
    assert annotate(client, alice, "album", album_id, rating=0).json["rating"] == 0
    cleared = annotate(client, alice, "album", album_id, starred=False).json
    assert cleared["starred_at"] is None and cleared["rating"] == 0
    assert lookup(client, alice, "album", catalogue["albums"]) == {}


def test_a_songs_star_is_its_like(client, alice, catalogue):
    song_id = catalogue["songs"][1]
    starred = annotate(client, alice, "song", song_id, starred=True, rating=5).json
    assert starred["starred_at"] and starred["rating"] == 5
    likes = client.get("/api/likes", headers=alice).json["songs"]
    assert [song["id"] for song in likes] == [song_id]
    client.delete(f"/api/likes/{song_id}", headers=alice)
    assert lookup(client, alice, "song", catalogue["songs"]) == {song_id: {"starred_at": None, "rating": 5}}
    client.put(f"/api/likes/{catalogue['songs'][0]}", headers=alice)
    assert lookup(client, alice, "song", catalogue["songs"])[catalogue["songs"][0]]["starred_at"]


def test_starred_lists_newest_star_first_and_skip_what_is_gone(client, alice, bob, catalogue, token_for):
    for artist_id in catalogue["artists"]:
        annotate(client, alice, "artist", artist_id, starred=True)
    for album_id in catalogue["albums"]:
        annotate(client, alice, "album", album_id, starred=True)
    artists = listed(client, alice, "starred", "artist")
    assert [a["name"] for a in artists] == ["Blur", "Abba"] and artists[0]["starred_at"]
    assert [a["title"] for a in listed(client, alice, "starred", "album")] == ["Parklife", "Gold"]
    assert [a["title"] for a in listed(client, alice, "starred", "album", limit=1, offset=1)] == ["Gold"]
    assert listed(client, bob, "starred", "album") == []
    # Blur's only song goes, and with it the album and the artist: they leave the lists.
    client.delete(f"/api/songs/{catalogue['songs'][2]}", headers=token_for("admin"))
    assert [a["name"] for a in listed(client, alice, "starred", "artist")] == ["Abba"]
    assert [a["title"] for a in listed(client, alice, "starred", "album", limit=1)] == ["Gold"]
    assert lookup(client, alice, "album", catalogue["albums"]).keys() == {catalogue["albums"][0]}


def test_rated_albums_highest_first(client, alice, catalogue):
    annotate(client, alice, "album", catalogue["albums"][0], rating=2)
    annotate(client, alice, "album", catalogue["albums"][1], rating=5)
    rated = listed(client, alice, "rated", "album")
    assert [(a["title"], a["rating"]) for a in rated] == [("Parklife", 5), ("Gold", 2)]


@pytest.mark.parametrize("body", [{}, {"starred": "yes"}, {"rating": 6}, {"rating": -1}, {"rating": True},
                                  {"rating": 2.5}, {"starred": None}])
def test_bad_annotations_are_400(client, alice, catalogue, body):
    response = annotate(client, alice, "album", catalogue["albums"][0], **body)
    assert response.status_code == 400 and response.json["error"]


def test_missing_targets_and_wrong_kinds(client, alice, catalogue, token_for):
    for kind in ("song", "album", "artist"):
        assert annotate(client, alice, kind, ObjectId(), starred=True).status_code == 404
    assert annotate(client, alice, "album", catalogue["songs"][0], starred=True).status_code == 404
    assert annotate(client, alice, "playlist", catalogue["albums"][0], starred=True).status_code == 404
    assert annotate(client, alice, "album", "nope", starred=True).status_code == 404
    assert annotate(client, token_for("service"), "album", catalogue["albums"][0], starred=True).status_code == 403
    post = client.post
    for body in ({"kind": "genre", "ids": []}, {"kind": "album", "ids": ["x"]}, {"kind": "album", "ids": "x"},
                 {"kind": "album", "ids": [catalogue["albums"][0]] * 1001}, {"kind": "album", "ids": [1]}):
        assert post("/api/annotations/lookup", json=body, headers=alice).status_code == 400, body
    for path, kind in (("starred", "song"), ("starred", None), ("rated", "genre")):
        response = client.get(f"/api/annotations/{path}", query_string={"kind": kind} if kind else {}, headers=alice)
        assert response.status_code == 400 and "kind" in response.json["error"]


def test_annotation_queries_use_indexes(explain, alice_id, catalogue):
    user = {"user_id": alice_id, "kind": "album"}
    for query, sort in (({**user, "target_id": {"$in": [ObjectId()]}}, None),
                        ({**user, "starred_at": {"$gte": ObjectId().generation_time}}, {"starred_at": -1, "_id": -1}),
                        ({**user, "rating": {"$gte": 1}}, {"rating": -1, "_id": -1})):
        plan = explain("annotations", query, sort)
        assert "IXSCAN" in plan and "COLLSCAN" not in plan, query

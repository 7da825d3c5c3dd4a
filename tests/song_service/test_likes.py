"""song_service: liked songs, one list per listener, newest first, gone with the song."""
import pytest
from bson import ObjectId


@pytest.fixture
def songs(client, token_for):
    ids = []
    for n in range(4):
        payload = {"title": f"Song {n}", "artist": "Band", "audio_id": str(ObjectId()), "duration": 10}
        ids.append(client.post("/api/songs", json=payload, headers=token_for("admin")).json["id"])
    return ids


def liked_titles(client, headers, **params):
    response = client.get("/api/likes", query_string=params, headers=headers)
    assert response.status_code == 200
    return [song["title"] for song in response.json["songs"]]


def test_like_unlike_newest_first_and_idempotent(client, alice, bob, songs):
    for song_id in (songs[0], songs[2], songs[1]):
        assert client.put(f"/api/likes/{song_id}", headers=alice).json["liked"] is True
    assert client.put(f"/api/likes/{songs[0]}", headers=alice).status_code == 200  # keeps its place
    assert liked_titles(client, alice) == ["Song 1", "Song 2", "Song 0"]
    assert client.get("/api/likes", headers=alice).json["count"] == 3
    assert liked_titles(client, bob) == []
    assert client.delete(f"/api/likes/{songs[2]}", headers=alice).json["liked"] is False
    assert client.delete(f"/api/likes/{songs[2]}", headers=alice).status_code == 200
    assert liked_titles(client, alice) == ["Song 1", "Song 0"]
    client.put(f"/api/likes/{songs[2]}", headers=alice)
    assert liked_titles(client, alice)[0] == "Song 2"  # liked again: newest again


def test_lookup_tells_which_songs_are_liked(client, alice, bob, songs):
    client.put(f"/api/likes/{songs[1]}", headers=alice)
    client.put(f"/api/likes/{songs[3]}", headers=bob)
    response = client.post("/api/likes/lookup", json={"song_ids": songs}, headers=alice)
    assert response.json["liked"] == [songs[1]]
    liked_at = client.get("/api/likes", headers=alice).json["songs"][0]["liked_at"]
    assert response.json["liked_at"] == {songs[1]: liked_at}
    assert client.post("/api/likes/lookup", json={"song_ids": ["x"]}, headers=alice).status_code == 400
    assert client.post("/api/likes/lookup", json={"song_ids": [songs[0]] * 1001}, headers=alice).status_code == 400


def test_liking_a_missing_song_is_404_and_likes_need_a_listener(client, alice, token_for, songs):
    assert client.put(f"/api/likes/{ObjectId()}", headers=alice).status_code == 404
    assert client.put("/api/likes/nope", headers=alice).status_code == 404
    assert client.put(f"/api/likes/{songs[0]}").status_code == 401
    assert client.put(f"/api/likes/{songs[0]}", headers=token_for("service")).status_code == 403
    assert liked_titles(client, alice) == []


def test_pages_of_liked_songs(client, alice, songs):
    for song_id in songs:
        client.put(f"/api/likes/{song_id}", headers=alice)
    first = client.get("/api/likes", query_string={"limit": 3}, headers=alice).json
    second = client.get("/api/likes", query_string={"limit": 3, "before": first["next_before"]}, headers=alice).json
    assert [s["title"] for s in first["songs"] + second["songs"]] == ["Song 3", "Song 2", "Song 1", "Song 0"]
    assert second["next_before"] is None and first["songs"][0]["liked_at"]


def test_deleting_a_song_removes_its_likes(app, client, alice, bob, songs, token_for):
    client.put(f"/api/likes/{songs[0]}", headers=alice)
    client.put(f"/api/likes/{songs[0]}", headers=bob)
    client.put(f"/api/likes/{songs[1]}", headers=alice)
    client.delete(f"/api/songs/{songs[0]}", headers=token_for("admin"))
    assert liked_titles(client, alice) == ["Song 1"] and liked_titles(client, bob) == []
    with app.app_context():
        from song_service.extensions import mongo

        assert mongo.db.likes.count_documents({"song_id": ObjectId(songs[0])}) == 0


def test_like_queries_use_indexes(app, client, alice, songs, alice_id):
    client.put(f"/api/likes/{songs[0]}", headers=alice)
    filters = [{"user_id": alice_id}, {"user_id": alice_id, "_id": {"$lt": ObjectId()}},
               {"user_id": alice_id, "song_id": {"$in": [ObjectId(s) for s in songs]}}, {"song_id": ObjectId(songs[0])}]
    with app.app_context():
        from song_service.extensions import mongo

        for query in filters:
            plan = mongo.db.command("explain", {"find": "likes", "filter": query}, verbosity="queryPlanner")
            assert "IXSCAN" in str(plan) and "COLLSCAN" not in str(plan), query

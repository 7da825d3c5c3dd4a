"""song_service: what everyone is playing now, one entry per listener and player."""
from datetime import datetime, timedelta, timezone

import pytest
from bson import ObjectId


def playing(client, headers):
    response = client.get("/api/now-playing", headers=headers)
    assert response.status_code == 200
    return response.json["entries"]


def test_each_player_shows_its_latest_song_to_everyone(client, alice, bob, alice_id, add_song):
    first, second = add_song("First")["id"], add_song("Second")["id"]
    assert client.put("/api/now-playing", json={"song_id": first, "client": "DSub"}, headers=alice).status_code == 200
    client.put("/api/now-playing", json={"song_id": second, "client": "DSub"}, headers=alice)
    client.put("/api/now-playing", json={"song_id": first, "client": "web"}, headers=bob)
    entries = playing(client, alice)
    assert [(e["username"], e["client"], e["song"]["title"]) for e in entries] == [
        ("bob", "web", "First"), ("alice", "DSub", "Second")]
    assert entries[1]["user_id"] == alice_id and entries[1]["minutes_ago"] == 0 and entries[1]["started_at"]
    assert playing(client, bob) == entries


def test_finished_and_deleted_songs_leave_the_list(app, client, alice, bob, add_song, token_for):
    short, gone = add_song("Short", duration=30)["id"], add_song("Gone")["id"]
    client.put("/api/now-playing", json={"song_id": short, "client": "DSub"}, headers=alice)
    client.put("/api/now-playing", json={"song_id": gone, "client": "web"}, headers=bob)
    with app.app_context():
        from song_service.extensions import mongo

        two_minutes_ago = datetime.now(timezone.utc) - timedelta(seconds=120)
        mongo.db.now_playing.update_many({"song_id": ObjectId(short)}, {"$set": {"started_at": two_minutes_ago}})
    client.delete(f"/api/songs/{gone}", headers=token_for("admin"))
    assert playing(client, alice) == []


@pytest.mark.parametrize("body", [{}, {"song_id": "nope", "client": "x"}, {"song_id": str(ObjectId())},
                                  {"song_id": str(ObjectId()), "client": ""}, {"song_id": 5, "client": "x"},
                                  {"song_id": str(ObjectId()), "client": "x" * 65}])
def test_bad_reports_are_400(client, alice, body):
    response = client.put("/api/now-playing", json=body, headers=alice)
    assert response.status_code == 400 and response.json["error"]


def test_an_unknown_song_is_404(client, alice):
    response = client.put("/api/now-playing", json={"song_id": str(ObjectId()), "client": "x"}, headers=alice)
    assert response.status_code == 404


def test_entries_expire_and_the_list_is_read_on_an_index(app, explain):
    with app.app_context():
        from song_service.extensions import mongo

        ttl = mongo.db.now_playing.index_information()["expire_now_playing"]
        assert ttl["expireAfterSeconds"] == 15 * 60
    plan = explain("now_playing", {"started_at": {"$gte": datetime.now(timezone.utc)}}, {"started_at": -1})
    assert "IXSCAN" in plan and "COLLSCAN" not in plan

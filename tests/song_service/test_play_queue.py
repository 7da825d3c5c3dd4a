"""song_service: each listener's play queue, saved by one player and resumed on another."""
import pytest
from bson import ObjectId


@pytest.fixture
def song_ids(add_song):
    return [add_song(f"Song {n}")["id"] for n in range(3)]


def save(client, headers, **body):
    return client.put("/api/play-queue", json=body, headers=headers)


def test_an_empty_queue(client, alice):
    assert client.get("/api/play-queue", headers=alice).json == {
        "song_ids": [], "songs": [], "current_index": None, "position_ms": 0, "changed_at": None, "changed_by": None}


def test_save_and_resume_with_repeats_and_deleted_songs(client, alice, bob, song_ids, token_for):
    queue = [song_ids[2], song_ids[0], song_ids[2]]
    saved = save(client, alice, song_ids=queue, current_index=1, position_ms=61_500, changed_by="DSub").json
    assert saved["song_ids"] == queue and [s["title"] for s in saved["songs"]] == ["Song 2", "Song 0", "Song 2"]
    assert saved["current_index"] == 1 and saved["position_ms"] == 61_500 and saved["changed_by"] == "DSub"
    assert saved["changed_at"]
    assert client.get("/api/play-queue", headers=alice).json == saved
    assert client.get("/api/play-queue", headers=bob).json["song_ids"] == []
    client.delete(f"/api/songs/{song_ids[0]}", headers=token_for("admin"))
    resumed = client.get("/api/play-queue", headers=alice).json
    assert resumed["song_ids"] == queue and [s["title"] for s in resumed["songs"]] == ["Song 2", "Song 2"]


def test_an_empty_list_clears_the_queue(client, alice, song_ids):
    save(client, alice, song_ids=song_ids, current_index=0)
    cleared = save(client, alice, song_ids=[]).json
    assert cleared["song_ids"] == [] and cleared["current_index"] is None
    assert client.get("/api/play-queue", headers=alice).json["songs"] == []


@pytest.mark.parametrize("body", [
    {}, {"song_ids": "x"}, {"song_ids": ["nope"], "current_index": 0}, {"song_ids": [1], "current_index": 0},
    {"song_ids": [str(ObjectId())]}, {"song_ids": [str(ObjectId())], "current_index": 1},
    {"song_ids": [str(ObjectId())], "current_index": -1}, {"song_ids": [str(ObjectId())], "current_index": True},
    {"song_ids": [str(ObjectId())], "current_index": 0, "position_ms": -1},
    {"song_ids": [str(ObjectId())], "current_index": 0, "position_ms": "5"},
    {"song_ids": [str(ObjectId())], "current_index": 0, "changed_by": "x" * 65},
    {"song_ids": [str(ObjectId())] * 1001, "current_index": 0},
])
def test_bad_queues_are_400(client, alice, body):
    response = save(client, alice, **body)
    assert response.status_code == 400 and response.json["error"]


def test_a_queue_of_unknown_ids_is_kept_but_shows_no_songs(client, alice):
    missing = str(ObjectId())
    saved = save(client, alice, song_ids=[missing], current_index=0).json
    assert saved["song_ids"] == [missing] and saved["songs"] == []


def test_the_queue_needs_a_listener(client, token_for):
    assert client.get("/api/play-queue").status_code == 401
    assert client.get("/api/play-queue", headers=token_for("service")).status_code == 403

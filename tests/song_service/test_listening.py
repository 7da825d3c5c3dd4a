"""Play counts and listening history: counted through the caller's token, private to each user."""
import time

import pytest
from bson import ObjectId

from song_service.app import create_app


@pytest.fixture
def users(token_for):
    return {name: token_for("listener", user_id=str(ObjectId()), username=name) for name in ("ann", "ben")}


def add_song(client, token_for, title):
    payload = {"title": title, "artist": "Someone", "audio_id": str(ObjectId()), "duration": 200}
    return client.post("/api/songs", json=payload, headers=token_for("admin")).json


def play(client, headers, song_id):
    return client.post("/api/plays", json={"song_id": song_id}, headers=headers)


def test_a_play_counts_once_and_enters_the_history(client, token_for, users):
    song = add_song(client, token_for, "Teardrop")
    assert play(client, users["ann"], song["id"]).status_code == 201
    assert client.get(f"/api/songs/{song['id']}", headers=users["ann"]).json["play_count"] == 1
    history = client.get("/api/plays/mine", headers=users["ann"]).json["plays"]
    assert [entry["song"]["title"] for entry in history] == ["Teardrop"]


def test_history_is_private_to_each_user(client, token_for, users):
    first, second = add_song(client, token_for, "First"), add_song(client, token_for, "Second")
    play(client, users["ann"], first["id"])
    play(client, users["ann"], second["id"])
    play(client, users["ben"], second["id"])
    ann = [e["song"]["title"] for e in client.get("/api/plays/mine", headers=users["ann"]).json["plays"]]
    ben = [e["song"]["title"] for e in client.get("/api/plays/mine", headers=users["ben"]).json["plays"]]
    assert ann == ["Second", "First"]
    assert ben == ["Second"]


def test_history_cannot_be_asked_for_someone_else(client, token_for, users):
    song = add_song(client, token_for, "Mine")
    play(client, users["ann"], song["id"])
    # The user is never a parameter: a query naming another user is ignored.
    ben_asks = client.get("/api/plays/mine", query_string={"user_id": "ann"}, headers=users["ben"]).json
    assert ben_asks["plays"] == []
    assert client.get("/api/plays/mine").status_code == 401


def test_most_played_orders_by_count(client, token_for, users):
    songs = [add_song(client, token_for, title) for title in ("Once", "Thrice", "Never")]
    play(client, users["ann"], songs[0]["id"])
    for listener in ("ann", "ben", "cai"):
        play(client, token_for("listener", user_id=str(ObjectId()), username=listener), songs[1]["id"])
    top = client.get("/api/plays/top-songs", headers=users["ann"]).json["songs"]
    assert [song["title"] for song in top] == ["Thrice", "Once"]


@pytest.mark.parametrize("body", [{}, {"song_id": "nope"}, {"song_id": 7}])
def test_bad_song_ids_are_400(client, users, body):
    assert client.post("/api/plays", json=body, headers=users["ann"]).status_code == 400


def test_unknown_song_is_404_and_records_nothing(client, users):
    assert play(client, users["ann"], str(ObjectId())).status_code == 404
    assert client.get("/api/plays/mine", headers=users["ann"]).json["plays"] == []


def test_deleted_songs_drop_out_of_the_history(client, token_for, users):
    song = add_song(client, token_for, "Gone")
    play(client, users["ann"], song["id"])
    client.delete(f"/api/songs/{song['id']}", headers=token_for("admin"))
    assert client.get("/api/plays/mine", headers=users["ann"]).json["plays"] == []


def test_history_query_uses_its_index(make_service_app, token_for):
    app = make_service_app(create_app)
    with app.app_context():
        from song_service.extensions import mongo

        plan = mongo.db.plays.find({"user_id": "x"}).sort("played_at", -1).limit(5).explain()
        # most_played reads play-count bands, top down.
        top = mongo.db.songs.find({"play_count": {"$gte": 10, "$lt": 100}}).explain()
    assert "COLLSCAN" not in str(plan["queryPlanner"]["winningPlan"])
    assert "COLLSCAN" not in str(top["queryPlanner"]["winningPlan"])


def test_a_burst_of_plays_counts_once(client, token_for, users):
    song = add_song(client, token_for, "Inflated")
    statuses = [play(client, users["ann"], song["id"]).status_code for _ in range(50)]
    assert statuses.count(201) == 1 and statuses.count(429) == 49
    refused = play(client, users["ann"], song["id"])
    assert refused.json["error"] == "This song was counted a moment ago: a play counts once per listen."
    assert 0 < int(refused.headers["Retry-After"]) <= 101  # half of 200 s
    assert client.get(f"/api/songs/{song['id']}", headers=users["ann"]).json["play_count"] == 1
    assert len(client.get("/api/plays/mine", headers=users["ann"]).json["plays"]) == 1
    # Someone else's play of the same song counts: the gate is per listener.
    assert play(client, users["ben"], song["id"]).status_code == 201


def test_a_song_counts_again_once_it_could_have_been_heard_again(app, client, token_for):
    from datetime import datetime, timedelta, timezone

    from song_service.errors import TooSoon
    from song_service.models.library import listening

    song = add_song(client, token_for, "Repeat One")  # 200 s long: 100 s make a listen
    song_id = ObjectId(song["id"])
    start = datetime.now(timezone.utc)
    with app.app_context():
        listening.record_play("ann", song_id, now=start)
        with pytest.raises(TooSoon):
            listening.record_play("ann", song_id, now=start + timedelta(seconds=99))
        listening.record_play("ann", song_id, now=start + timedelta(seconds=100))
    assert client.get(f"/api/songs/{song['id']}", headers=token_for("listener")).json["play_count"] == 2


@pytest.mark.parametrize("duration, seconds", [(200, 100), (1200, 240), (None, 30), (0, 30), (3, 1.5)])
def test_what_must_be_heard_is_half_the_song_up_to_four_minutes(duration, seconds):
    from song_service.models.library import listening

    assert listening.listen_seconds(duration) == seconds


def test_a_play_told_later_keeps_when_it_happened(client, token_for, users):
    """An app's scrobble of a song heard offline: the history has it where it happened."""
    earlier, later = add_song(client, token_for, "Earlier"), add_song(client, token_for, "Later")
    assert play(client, users["ann"], later["id"]).status_code == 201
    an_hour_ago = int((time.time() - 3600) * 1000)
    told = client.post("/api/plays", json={"song_id": earlier["id"], "played_at_ms": an_hour_ago},
                       headers=users["ann"])
    assert told.status_code == 201
    history = client.get("/api/plays/mine", headers=users["ann"]).json["plays"]
    assert [entry["song"]["title"] for entry in history] == ["Later", "Earlier"]


@pytest.mark.parametrize("played_at_ms", [0, -1, "yesterday", 10 ** 30, True, "an hour ahead", "15 days ago"])
def test_a_play_time_out_of_bounds_is_400(client, token_for, users, played_at_ms):
    relative = {"an hour ahead": 3600, "15 days ago": -15 * 86400}
    if played_at_ms in relative:
        played_at_ms = int((time.time() + relative[played_at_ms]) * 1000)
    song = add_song(client, token_for, "Bounded")
    refused = client.post("/api/plays", json={"song_id": song["id"], "played_at_ms": played_at_ms},
                          headers=users["ann"])
    assert refused.status_code == 400 and refused.json["error"]
    assert client.get(f"/api/songs/{song['id']}", headers=users["ann"]).json["play_count"] == 0

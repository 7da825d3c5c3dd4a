"""song_service: playlists, who may read and change them, their limits, concurrent edits and deletion."""
import threading

import pytest
from bson import ObjectId


@pytest.fixture
def add_song(client, token_for):
    def add(title="Jóga", artist="Björk", album="Homogenic", duration=305.2, cover_id=None):
        payload = {"title": title, "artist": artist, "album": album, "duration": duration,
                   "audio_id": str(ObjectId()), "cover_id": cover_id}
        response = client.post("/api/songs", json=payload, headers=token_for("admin"))
        assert response.status_code == 201, response.json
        return response.json["id"]

    return add


@pytest.fixture
def songs(add_song):
    return [add_song(title=f"Song {n}", artist="Band", album=f"Album {n}", duration=60 + n) for n in range(5)]


def make_playlist(client, headers, name="Road trip", **fields):
    response = client.post("/api/playlists", json={"name": name, **fields}, headers=headers)
    assert response.status_code == 201, response.json
    return response.json["id"]


def add(client, headers, playlist_id, *song_ids, **fields):
    return client.post(f"/api/playlists/{playlist_id}/songs", json={"song_ids": list(song_ids), **fields},
                       headers=headers)


def show(client, headers, playlist_id, **params):
    response = client.get(f"/api/playlists/{playlist_id}", query_string=params, headers=headers)
    assert response.status_code == 200, response.json
    return response.json


def order(client, headers, playlist_id):
    return [entry["song"]["title"] for entry in show(client, headers, playlist_id, limit=500)["entries"]]


def entry_ids(client, headers, playlist_id):
    return [entry["entry_id"] for entry in show(client, headers, playlist_id, limit=500)["entries"]]


def move(client, headers, playlist_id, entry_id, **where):
    return client.post(f"/api/playlists/{playlist_id}/songs/{entry_id}/move", json=where, headers=headers)


def test_create_list_and_show(client, alice, bob, songs):
    first = make_playlist(client, alice, "  Road   trip ", description="<b>Songs</b> for the car")
    second = make_playlist(client, alice, "Focus", song_ids=songs[:2])
    make_playlist(client, bob, "Bob's")
    listed = client.get("/api/playlists", headers=alice).json["playlists"]
    assert [p["name"] for p in listed] == ["Focus", "Road trip"]
    assert [p["song_count"] for p in listed] == [2, 0]
    assert "songs" not in listed[0]
    shown = show(client, alice, first)
    assert shown["description"] == "<b>Songs</b> for the car"  # stored as typed; the pages escape it
    assert shown["public"] is False and shown["owner_name"] == "alice" and shown["can_edit"] is True
    assert order(client, alice, second) == ["Song 0", "Song 1"]


@pytest.mark.parametrize("body", [
    {"name": ""}, {"name": "   "}, {"name": "x" * 101}, {"name": 5}, {}, {"name": "ok", "description": "d" * 1001},
    {"name": "ok", "public": "yes"}, {"name": "ok", "song_ids": ["nope"]}, {"name": "ok", "song_ids": "x"},
])
def test_bad_details_are_400_and_create_nothing(client, alice, body):
    response = client.post("/api/playlists", json=body, headers=alice)
    assert response.status_code == 400 and response.json["error"]
    assert client.get("/api/playlists", headers=alice).json["playlists"] == []


def test_limits_on_name_and_description_are_inclusive(client, alice):
    playlist_id = make_playlist(client, alice, "n" * 100, description="d" * 1000)
    assert show(client, alice, playlist_id)["name"] == "n" * 100
    renamed = client.patch(f"/api/playlists/{playlist_id}", json={"name": "x" * 101}, headers=alice)
    assert renamed.status_code == 400
    assert show(client, alice, playlist_id)["name"] == "n" * 100


def test_rename_describe_publish_and_delete(client, alice):
    playlist_id = make_playlist(client, alice)
    changed = client.patch(f"/api/playlists/{playlist_id}", json={"name": "Renamed", "description": "Hi",
                                                                  "public": True}, headers=alice)
    assert changed.status_code == 200
    assert (changed.json["name"], changed.json["description"], changed.json["public"]) == ("Renamed", "Hi", True)
    assert client.patch(f"/api/playlists/{playlist_id}", json={}, headers=alice).status_code == 400
    assert client.delete(f"/api/playlists/{playlist_id}", headers=alice).status_code == 200
    assert client.get(f"/api/playlists/{playlist_id}", headers=alice).status_code == 404
    assert client.delete(f"/api/playlists/{playlist_id}", headers=alice).status_code == 404


def test_private_playlists_are_the_owners_alone(client, alice, bob, songs):
    playlist_id = make_playlist(client, alice, song_ids=songs[:2])
    entry = entry_ids(client, alice, playlist_id)[0]
    base = f"/api/playlists/{playlist_id}"
    attempts = [
        ("get", base, None), ("get", base + "/export.m3u8", None),
        ("patch", base, {"name": "Mine now"}), ("delete", base, None),
        ("post", base + "/songs", {"song_ids": [songs[2]]}), ("delete", f"{base}/songs/{entry}", None),
        ("post", f"{base}/songs/{entry}/move", {"position": 1}),
    ]
    for method, url, body in attempts:
        response = getattr(client, method)(url, json=body, headers=bob)
        # As if it did not exist: a private playlist's existence is not revealed to others.
        assert response.status_code == 404, (method, url, response.json)
        assert response.json["error"] == "No such playlist."
    assert order(client, alice, playlist_id) == ["Song 0", "Song 1"]
    assert show(client, alice, playlist_id)["name"] == "Road trip"
    assert client.get(base).status_code == 401


def test_public_playlists_are_readable_but_not_changeable_by_others(client, alice, bob, songs, token_for):
    playlist_id = make_playlist(client, alice, public=True, song_ids=songs[:2])
    base = f"/api/playlists/{playlist_id}"
    seen = show(client, bob, playlist_id)
    assert seen["can_edit"] is False and [e["song"]["title"] for e in seen["entries"]] == ["Song 0", "Song 1"]
    assert client.get(base + "/export.m3u8", headers=bob).status_code == 200
    entry = seen["entries"][0]["entry_id"]
    assert client.patch(base, json={"public": False}, headers=bob).status_code == 403
    assert add(client, bob, playlist_id, songs[3]).status_code == 403
    assert client.delete(f"{base}/songs/{entry}", headers=bob).status_code == 403
    assert move(client, bob, playlist_id, entry, position=1).status_code == 403
    assert client.delete(base, headers=bob).status_code == 403
    # Not even an admin changes someone else's playlist, and the operator's own service token reads nothing.
    assert client.patch(base, json={"name": "x"}, headers=token_for("admin")).status_code == 403
    assert client.get(base, headers=token_for("service")).status_code == 403
    assert order(client, alice, playlist_id) == ["Song 0", "Song 1"]
    assert "playlists" in client.get("/api/playlists", headers=bob).json
    assert client.get("/api/playlists", headers=bob).json["playlists"] == []


def test_add_at_the_end_or_at_a_position_and_duplicates_are_separate_entries(client, alice, songs):
    playlist_id = make_playlist(client, alice)
    assert add(client, alice, playlist_id, songs[0], songs[1]).status_code == 201
    assert add(client, alice, playlist_id, songs[2], position=0).status_code == 201
    response = client.post(f"/api/playlists/{playlist_id}/songs", json={"song_id": songs[0], "position": 2},
                           headers=alice)
    assert response.status_code == 201
    assert order(client, alice, playlist_id) == ["Song 2", "Song 0", "Song 0", "Song 1"]
    assert len(set(entry_ids(client, alice, playlist_id))) == 4


@pytest.mark.parametrize("body", [{"song_ids": []}, {"song_ids": ["nope"]}, {"song_id": 5}, {"song_ids": [None]},
                                  {"position": -1}, {"position": "1"}, {"position": True}])
def test_bad_additions_are_400(client, alice, songs, body):
    playlist_id = make_playlist(client, alice)
    payload = {"song_ids": [songs[0]], **body}
    response = client.post(f"/api/playlists/{playlist_id}/songs", json=payload, headers=alice)
    assert response.status_code == 400 and response.json["error"]
    assert order(client, alice, playlist_id) == []


def test_adding_a_song_that_does_not_exist_is_404_and_adds_nothing(client, alice, songs):
    playlist_id = make_playlist(client, alice)
    missing = str(ObjectId())
    response = add(client, alice, playlist_id, songs[0], missing)
    assert response.status_code == 404 and missing in response.json["error"]
    assert order(client, alice, playlist_id) == []
    assert add(client, alice, str(ObjectId()), songs[0]).status_code == 404
    created = client.post("/api/playlists", json={"name": "x", "song_ids": [missing]}, headers=alice)
    assert created.status_code == 404
    assert [p["name"] for p in client.get("/api/playlists", headers=alice).json["playlists"]] == ["Road trip"]


def test_remove_an_entry(client, alice, songs):
    playlist_id = make_playlist(client, alice, song_ids=[songs[0], songs[1], songs[0]])
    first, _, third = entry_ids(client, alice, playlist_id)
    assert client.delete(f"/api/playlists/{playlist_id}/songs/{third}", headers=alice).status_code == 200
    assert order(client, alice, playlist_id) == ["Song 0", "Song 1"]
    assert client.delete(f"/api/playlists/{playlist_id}/songs/{third}", headers=alice).status_code == 404
    assert client.delete(f"/api/playlists/{playlist_id}/songs/not-an-id", headers=alice).status_code == 404
    assert first in entry_ids(client, alice, playlist_id)


def test_move_by_position_offset_and_neighbour(client, alice, songs):
    playlist_id = make_playlist(client, alice, song_ids=songs)
    ids = entry_ids(client, alice, playlist_id)
    assert move(client, alice, playlist_id, ids[0], position=2).json["position"] == 2
    assert order(client, alice, playlist_id) == ["Song 1", "Song 2", "Song 0", "Song 3", "Song 4"]
    assert move(client, alice, playlist_id, ids[0], offset=-1).json["position"] == 1
    assert move(client, alice, playlist_id, ids[4], offset=-100).json["position"] == 0
    assert order(client, alice, playlist_id) == ["Song 4", "Song 1", "Song 0", "Song 2", "Song 3"]
    assert move(client, alice, playlist_id, ids[4], before=ids[3]).json["position"] == 3
    assert move(client, alice, playlist_id, ids[1], after=ids[3]).json["position"] == 4
    assert order(client, alice, playlist_id) == ["Song 0", "Song 2", "Song 4", "Song 3", "Song 1"]
    assert move(client, alice, playlist_id, ids[0], before=None).json["position"] == 4
    assert move(client, alice, playlist_id, ids[0], position=99).json["position"] == 4
    assert move(client, alice, playlist_id, ids[1], offset=1).json["position"] == 4
    assert order(client, alice, playlist_id) == ["Song 2", "Song 4", "Song 3", "Song 0", "Song 1"]


def test_bad_moves(client, alice, songs):
    playlist_id = make_playlist(client, alice, song_ids=songs[:3])
    ids = entry_ids(client, alice, playlist_id)
    for body in ({}, {"position": 1, "offset": 1}, {"position": -1}, {"offset": "up"}, {"before": "x"},
                 {"after": None}, {"before": ids[0]}):
        assert move(client, alice, playlist_id, ids[0], **body).status_code == 400, body
    assert move(client, alice, playlist_id, str(ObjectId()), position=0).status_code == 404
    # The entry it was dropped next to has gone meanwhile (another tab removed it): a conflict, nothing moves.
    client.delete(f"/api/playlists/{playlist_id}/songs/{ids[2]}", headers=alice)
    conflict = move(client, alice, playlist_id, ids[0], after=ids[2])
    assert conflict.status_code == 409 and "changed" in conflict.json["error"]
    assert order(client, alice, playlist_id) == ["Song 0", "Song 1"]


def test_concurrent_reorders_from_two_threads_lose_no_update(app, alice, add_song):
    """One thread moves the first ten entries to the end one by one while the other moves the last
    ten to the front; whatever the interleaving, both must land. A read-modify-write of the list
    would let one thread's write undo the other's."""
    client = app.test_client()
    song_ids = [add_song(title=f"T{n:02d}", duration=1) for n in range(20)]
    playlist_id = make_playlist(client, alice, song_ids=song_ids)
    ids = entry_ids(client, alice, playlist_id)
    failures = []

    def run(moves):
        own_client = app.test_client()
        for entry_id, where in moves:
            response = move(own_client, alice, playlist_id, entry_id, **where)
            if response.status_code != 200:
                failures.append(response.json)

    to_end = [(ids[n], {"before": None}) for n in range(10)]
    to_front = [(ids[n], {"position": 0}) for n in range(19, 9, -1)]
    threads = [threading.Thread(target=run, args=(to_end,)), threading.Thread(target=run, args=(to_front,))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert failures == []
    assert order(client, alice, playlist_id) == [f"T{n:02d}" for n in list(range(10, 20)) + list(range(10))]


def test_concurrent_additions_and_removals_all_land(app, alice, add_song):
    client = app.test_client()
    keep, drop = add_song(title="Keep"), add_song(title="Drop")
    playlist_id = make_playlist(client, alice, song_ids=[drop] * 10)
    drops = entry_ids(client, alice, playlist_id)

    def adder():
        own_client = app.test_client()
        for _ in range(10):
            assert add(own_client, alice, playlist_id, keep).status_code == 201

    def remover():
        own_client = app.test_client()
        for entry_id in drops:
            assert own_client.delete(f"/api/playlists/{playlist_id}/songs/{entry_id}", headers=alice).status_code == 200

    threads = [threading.Thread(target=adder), threading.Thread(target=remover)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert order(client, alice, playlist_id) == ["Keep"] * 10


def test_a_playlist_holds_at_most_ten_thousand_songs(client, alice, songs):
    playlist_id = make_playlist(client, alice)
    for _ in range(10):
        assert add(client, alice, playlist_id, *[songs[0]] * 1000).status_code == 201
    full = add(client, alice, playlist_id, songs[1])
    assert full.status_code == 409 and "10,000" in full.json["error"]
    assert add(client, alice, playlist_id, *[songs[0]] * 1001).status_code == 400
    shown = show(client, alice, playlist_id, limit=1)
    assert shown["song_count"] == 10_000 and len(shown["entries"]) == 1
    assert shown["total_duration"] == pytest.approx(10_000 * 60)


def test_deleting_a_song_removes_it_from_every_playlist(client, alice, bob, songs, token_for):
    mine = make_playlist(client, alice, song_ids=[songs[0], songs[1], songs[0]])
    theirs = make_playlist(client, bob, song_ids=[songs[0]], public=True)
    untouched = make_playlist(client, bob, "Other", song_ids=[songs[2]])
    assert client.delete(f"/api/songs/{songs[0]}", headers=token_for("admin")).status_code == 200
    assert order(client, alice, mine) == ["Song 1"]
    assert order(client, bob, theirs) == [] and show(client, bob, theirs)["song_count"] == 0
    assert order(client, bob, untouched) == ["Song 2"]
    listed = client.get("/api/playlists", headers=alice).json["playlists"]
    assert listed[0]["song_count"] == 1
    with client.application.app_context():
        from song_service.extensions import mongo

        assert mongo.db.playlists.count_documents({"songs.song_id": ObjectId(songs[0])}) == 0


def test_total_duration_window_and_covers(client, alice, add_song):
    covers = [str(ObjectId()) for _ in range(5)]
    song_ids = [add_song(title=f"S{n}", cover_id=covers[n % 5], duration=10) for n in range(7)]
    playlist_id = make_playlist(client, alice, song_ids=song_ids)
    shown = show(client, alice, playlist_id, offset=2, limit=3)
    assert [e["song"]["title"] for e in shown["entries"]] == ["S2", "S3", "S4"]
    assert shown["song_count"] == 7 and shown["total_duration"] == 70
    assert shown["covers"] == covers[:4]


def test_listing_and_cascade_use_indexes(app, client, alice, songs, alice_id):
    make_playlist(client, alice, song_ids=songs[:1])
    with app.app_context():
        from song_service.extensions import mongo

        listing = mongo.db.command("explain", {"aggregate": "playlists", "pipeline": [
            {"$match": {"owner_id": alice_id}}, {"$sort": {"updated_at": -1}}], "cursor": {}}, verbosity="queryPlanner")
        cascade = mongo.db.command("explain", {"find": "playlists", "filter": {"songs.song_id": ObjectId(songs[0])}},
                                   verbosity="queryPlanner")
    for plan in (listing, cascade):
        assert "IXSCAN" in str(plan) and "COLLSCAN" not in str(plan)


def test_a_retried_create_with_the_callers_id_makes_one_playlist(client, alice, bob, songs):
    chosen = str(ObjectId())
    first = client.post("/api/playlists", json={"name": "Once", "playlist_id": chosen, "song_ids": [songs[0]]},
                        headers=alice)
    again = client.post("/api/playlists", json={"name": "Once", "playlist_id": chosen, "song_ids": [songs[0]]},
                        headers=alice)
    assert first.status_code == again.status_code == 201 and first.json["id"] == again.json["id"] == chosen
    assert [p["name"] for p in client.get("/api/playlists", headers=alice).json["playlists"]] == ["Once"]
    assert order(client, alice, chosen) == ["Song 0"]
    taken = client.post("/api/playlists", json={"name": "Mine", "playlist_id": chosen}, headers=bob)
    assert taken.status_code == 409 and client.get("/api/playlists", headers=bob).json["playlists"] == []
    assert client.post("/api/playlists", json={"name": "x", "playlist_id": "nope"}, headers=bob).status_code == 400


def test_a_retried_add_with_the_callers_entry_id_adds_once(client, alice, songs):
    playlist_id = make_playlist(client, alice)
    entry = str(ObjectId())
    for _ in range(3):
        response = client.post(f"/api/playlists/{playlist_id}/songs", json={"song_id": songs[1], "entry_id": entry},
                               headers=alice)
        assert response.status_code == 201 and response.json["entries"][0]["entry_id"] == entry
    assert entry_ids(client, alice, playlist_id) == [entry] and order(client, alice, playlist_id) == ["Song 1"]
    # A new request (a new entry id) adds the song again, as a second entry.
    assert add(client, alice, playlist_id, songs[1]).status_code == 201
    assert order(client, alice, playlist_id) == ["Song 1", "Song 1"]


@pytest.mark.parametrize("fields, status", [
    ({"entry_ids": ["x"]}, 400), ({"entry_ids": "x"}, 400), ({"entry_ids": []}, 400),
])
def test_bad_entry_ids_are_400_and_add_nothing(client, alice, songs, fields, status):
    playlist_id = make_playlist(client, alice)
    assert add(client, alice, playlist_id, songs[0], **fields).status_code == status
    assert order(client, alice, playlist_id) == []


def test_entry_ids_partly_in_the_playlist_are_a_conflict(client, alice, songs):
    playlist_id = make_playlist(client, alice)
    first, second = str(ObjectId()), str(ObjectId())
    assert add(client, alice, playlist_id, songs[0], entry_ids=[first]).status_code == 201
    assert add(client, alice, playlist_id, songs[0], songs[1], entry_ids=[first, second]).status_code == 409
    assert order(client, alice, playlist_id) == ["Song 0"]


def test_an_offset_move_sent_twice_moves_once(client, alice, songs):
    playlist_id = make_playlist(client, alice, song_ids=songs[:4])
    third = entry_ids(client, alice, playlist_id)[2]
    for _ in range(2):
        response = move(client, alice, playlist_id, third, offset=-1, from_position=2)
        assert response.status_code == 200 and response.json["position"] == 1
    assert order(client, alice, playlist_id) == ["Song 0", "Song 2", "Song 1", "Song 3"]
    # Seen at a place it has since left for another reason: refused, nothing moves.
    stale = move(client, alice, playlist_id, third, offset=1, from_position=3)
    assert stale.status_code == 409 and "reload" in stale.json["error"]
    assert order(client, alice, playlist_id) == ["Song 0", "Song 2", "Song 1", "Song 3"]
    for bad in (-1, "2", True, 10**9):
        assert move(client, alice, playlist_id, third, offset=1, from_position=bad).status_code == 400

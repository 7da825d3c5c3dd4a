"""song_service: the catalogue API, its search and who may change it."""
import pytest
from bson import ObjectId


def song_payload(**fields):
    payload = {
        "title": "Jóga", "artist": "Björk", "album": "Homogenic", "genres": ["Electronic"], "year": 1997,
        "track": 3, "duration": 305.2, "bitrate": 320000, "audio_id": str(ObjectId()), "content_type": "audio/mpeg",
    }
    payload.update(fields)
    return payload


def create(client, token_for, **fields):
    response = client.post("/api/songs", json=song_payload(**fields), headers=token_for("admin"))
    assert response.status_code == 201, response.json
    return response.json


def search(client, token_for, query):
    response = client.get("/api/songs/search", query_string={"q": query}, headers=token_for("listener"))
    assert response.status_code == 200
    return [song["title"] for song in response.json["songs"]]


def test_admin_creates_and_listener_reads(client, token_for):
    song = create(client, token_for)
    shown = client.get(f"/api/songs/{song['id']}", headers=token_for("listener"))
    assert shown.status_code == 200
    assert shown.json["artist"] == "Björk" and shown.json["play_count"] == 0
    assert "search_prefixes" not in shown.json


def test_missing_tags_fall_back(client, token_for):
    song = create(client, token_for, artist=None, album="", genres=None)
    assert song["artist"] == "Unknown Artist" and song["album"] == "Unknown Album" and song["genres"] == []


def test_listeners_and_strangers_cannot_change_the_catalogue(client, token_for):
    song = create(client, token_for)
    assert client.post("/api/songs", json=song_payload(), headers=token_for("listener")).status_code == 403
    assert client.post("/api/songs", json=song_payload()).status_code == 401
    assert client.patch(f"/api/songs/{song['id']}", json={"title": "x"},
                        headers=token_for("listener")).status_code == 403
    assert client.delete(f"/api/songs/{song['id']}", headers=token_for("listener")).status_code == 403
    assert client.get("/api/songs").status_code == 401


@pytest.mark.parametrize(
    "fields",
    [{"title": ""}, {"title": "x" * 301}, {"year": "soon"}, {"track": -1}, {"genres": [1, 2]}, {"audio_id": "nope"},
     {"genres": ["g"] * 11}, {"duration": True}, {"duration": 8 * 24 * 3600}, {"tag_repairs": "fixed"},
     {"tag_repairs": ["x"] * 21}, {"tag_repairs": [{"$gt": ""}]}],
)
def test_bad_metadata_is_a_400_and_stores_nothing(client, token_for, fields):
    response = client.post("/api/songs", json=song_payload(**fields), headers=token_for("admin"))
    assert response.status_code == 400 and response.json["error"]
    assert client.get("/api/songs", headers=token_for("listener")).json["songs"] == []


def test_what_was_repaired_in_the_tags_is_kept_and_long_recordings_are_welcome(client, token_for):
    repairs = ["year: “99999” dropped: not a year"]
    song = create(client, token_for, tag_repairs=repairs, duration=26 * 3600.0)
    shown = client.get(f"/api/songs/{song['id']}", headers=token_for("listener")).json
    assert shown["tag_repairs"] == repairs and shown["duration"] == 26 * 3600.0
    assert create(client, token_for, title="Clean")["tag_repairs"] == []


def test_unknown_and_malformed_ids_are_404(client, token_for):
    listener = token_for("listener")
    assert client.get("/api/songs/123", headers=listener).status_code == 404
    assert client.get(f"/api/songs/{ObjectId()}", headers=listener).status_code == 404
    assert client.delete(f"/api/songs/{ObjectId()}", headers=token_for("admin")).status_code == 404


@pytest.mark.parametrize("query", ["bjo", "BJÖRK", "jog", "homo", "electro", "1997", "björk jóga", "joga bjork"])
def test_search_ignores_case_and_accents_and_matches_prefixes_in_any_order(client, token_for, query):
    create(client, token_for)
    create(client, token_for, title="Thunderstruck", artist="AC/DC", album="The Razors Edge", genres=["Rock"],
           year=1990)
    assert search(client, token_for, query) == ["Jóga"]


def test_search_punctuation_and_empty_queries(client, token_for):
    create(client, token_for, title="Thunderstruck", artist="AC/DC", album="The Razors Edge", genres=["Rock"])
    assert search(client, token_for, "acdc") == ["Thunderstruck"]
    assert search(client, token_for, "ac/dc thunder") == ["Thunderstruck"]
    assert search(client, token_for, "?!? ...") == []
    assert search(client, token_for, "") == []
    assert search(client, token_for, "x" * 5000) == []


def test_edit_updates_search_and_delete_removes(client, token_for):
    song = create(client, token_for)
    admin = token_for("admin")
    edited = client.patch(f"/api/songs/{song['id']}", json={"title": "Hunter"}, headers=admin)
    assert edited.status_code == 200 and edited.json["title"] == "Hunter"
    assert search(client, token_for, "hunt") == ["Hunter"]
    assert search(client, token_for, "joga") == []
    deleted = client.delete(f"/api/songs/{song['id']}", headers=admin)
    assert deleted.json["audio_id"] == song["audio_id"]
    assert search(client, token_for, "hunt") == []


def test_recent_songs_are_paged_by_keyset(client, token_for):
    for number in range(5):
        create(client, token_for, title=f"Song {number}")
    listener = token_for("listener")
    first = client.get("/api/songs", query_string={"limit": 3}, headers=listener).json
    second = client.get("/api/songs", query_string={"limit": 3, "before": first["next_before"]}, headers=listener).json
    titles = [s["title"] for s in first["songs"] + second["songs"]]
    assert titles == [f"Song {n}" for n in range(4, -1, -1)]
    assert second["next_before"] is None


def test_start_up_drops_the_search_prefix_indexes_of_earlier_versions(app, make_service_app):
    from song_service.app import create_app
    from song_service.extensions import mongo

    with app.app_context():
        mongo.db.songs.create_index([("search_prefixes", 1), ("bucket", 1)], name="prefixes")
        mongo.db.artists.create_index([("search_prefixes", 1), ("bucket", 1)], name="prefixes")
    restarted = make_service_app(create_app)
    with restarted.app_context():
        assert "prefixes" not in mongo.db.songs.index_information()
        assert "prefixes" not in mongo.db.artists.index_information()
        assert "exact_title" in mongo.db.songs.index_information()


def test_genres_travel_as_id_and_name_pairs(client, token_for):
    created = create(client, token_for, genres=["Trip hop", "trip-hop", "Electronic"])
    assert [genre["name"] for genre in created["genres"]] == ["Trip hop", "Electronic"]
    assert all(ObjectId.is_valid(genre["id"]) for genre in created["genres"]) and "genre_ids" not in created


def test_a_song_stored_with_one_genre_spelt_twice_still_pairs_each_name_with_its_id():
    """Before names were kept one per genre, "Rock" and "rock" were both stored, with one id between them."""
    from song_service.models.catalogue.song import public_song

    rock, jazz = ObjectId(), ObjectId()
    old = {"_id": ObjectId(), "title": "Old", "genres": ["Rock", "rock", "Jazz"], "genre_ids": [rock, jazz]}
    assert public_song(old)["genres"] == [{"id": str(rock), "name": "Rock"}, {"id": str(jazz), "name": "Jazz"}]
    unlinked = {"_id": ObjectId(), "title": "Older", "genres": ["Rock"]}
    assert public_song(unlinked)["genres"] == [{"id": None, "name": "Rock"}]

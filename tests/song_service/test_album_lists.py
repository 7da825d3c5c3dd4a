"""song_service: the album lists of the Subsonic API, each with the album's play count and when it came."""
import pytest
from bson import ObjectId


@pytest.fixture
def albums(add_song):
    """Four albums, added in this order; ``{title: album_id}``."""
    spec = [("Zebra", "Abba", 1999, ["Pop"]), ("Apple", "The Cure", 1985, ["Rock"]),
            ("Mango", "Abba", 1976, ["pop", "Disco"]), ("Berry", "Blur", 1994, ["Rock"])]
    return {title: add_song(f"{title} song", album=title, artist=artist, year=year, genres=genres)["album_id"]
            for title, artist, year, genres in spec}


def album_list(client, headers, kind, **params):
    response = client.get(f"/api/album-lists/{kind}", query_string=params, headers=headers)
    assert response.status_code == 200, response.json
    return [album["title"] for album in response.json["albums"]]


def play(client, headers, song_id):
    assert client.post("/api/plays", json={"song_id": song_id}, headers=headers).status_code == 201


def test_newest_by_name_and_by_artist(client, alice, albums):
    assert album_list(client, alice, "newest") == ["Berry", "Mango", "Apple", "Zebra"]
    assert album_list(client, alice, "newest", size=2, offset=1) == ["Mango", "Apple"]
    assert album_list(client, alice, "alphabetical_by_name") == ["Apple", "Berry", "Mango", "Zebra"]
    # Abba, Blur, then The Cure filed under C.
    assert album_list(client, alice, "alphabetical_by_artist") == ["Mango", "Zebra", "Berry", "Apple"]
    response = client.get("/api/album-lists/newest", headers=alice).json["albums"][0]
    assert response["play_count"] == 0 and response["created_at"] and response["id"] == albums["Berry"]


def test_by_year_in_either_direction(client, alice, albums):
    assert album_list(client, alice, "by_year", from_year=1980, to_year=1999) == ["Apple", "Berry", "Zebra"]
    assert album_list(client, alice, "by_year", from_year=1999, to_year=1980) == ["Zebra", "Berry", "Apple"]
    assert album_list(client, alice, "by_year", from_year=1976, to_year=1976) == ["Mango"]


def test_by_genre_matches_the_name_as_genres_do(client, alice, albums):
    assert album_list(client, alice, "by_genre", genre="POP") == ["Mango", "Zebra"]
    assert album_list(client, alice, "by_genre", genre="rock", size=1, offset=1) == ["Berry"]
    assert album_list(client, alice, "by_genre", genre="Polka") == []


def test_random_gives_albums_and_ignores_the_offset(client, alice, albums):
    assert sorted(album_list(client, alice, "random", size=10, offset=3)) == ["Apple", "Berry", "Mango", "Zebra"]
    assert len(album_list(client, alice, "random", size=2)) == 2


def test_frequent_and_recent_follow_the_plays(client, alice, bob, add_song, albums):
    mango_songs = [add_song(f"Mango {n}", album="Mango", artist="Abba")["id"] for n in range(2)]
    berry = add_song("Berry two", album="Berry", artist="Blur")["id"]
    for song_id in mango_songs:
        play(client, alice, song_id)
    play(client, bob, berry)
    frequent = client.get("/api/album-lists/frequent", headers=alice).json["albums"]
    assert [(a["title"], a["play_count"]) for a in frequent] == [("Mango", 2), ("Berry", 1)]
    assert album_list(client, alice, "recent") == ["Mango"]
    assert album_list(client, bob, "recent") == ["Berry"]
    play(client, alice, berry)
    assert album_list(client, alice, "recent") == ["Berry", "Mango"]
    assert album_list(client, alice, "recent", offset=1) == ["Mango"]


def test_a_song_takes_its_plays_along_when_it_moves(client, alice, add_song, albums, token_for):
    song_id = add_song("Mover", album="Apple", artist="The Cure")["id"]
    play(client, alice, song_id)
    client.patch(f"/api/songs/{song_id}", json={"album": "Berry", "album_artist": "Blur"}, headers=token_for("admin"))
    frequent = client.get("/api/album-lists/frequent", headers=alice).json["albums"]
    assert {a["title"]: a["play_count"] for a in frequent} == {"Berry": 1}


def test_albums_stored_before_play_counts_are_backfilled_once(app, client, alice, make_service_app, albums):
    from song_service.app import create_app
    from song_service.extensions import mongo

    with app.app_context():
        mongo.db.songs.update_one({"album_id": ObjectId(albums["Apple"])}, {"$set": {"play_count": 7}})
        mongo.db.albums.update_many({}, {"$unset": {"play_count": "", "artist_sort": ""}})
    restarted = make_service_app(create_app)
    with restarted.app_context():
        from song_service.models.catalogue.backfill import backfill_albums

        assert backfill_albums() == 0  # the start-up did it all
        documents = list(mongo.db.albums.find({}, {"play_count": 1, "artist_sort": 1}))
    assert {str(d["_id"]): d["play_count"] for d in documents if d["play_count"]} == {albums["Apple"]: 7}
    assert all(d["artist_sort"] for d in documents)
    assert album_list(client, alice, "alphabetical_by_artist") == ["Mango", "Zebra", "Berry", "Apple"]
    assert album_list(client, alice, "frequent") == ["Apple"]


@pytest.mark.parametrize("params, message", [
    ({}, "from_year"), ({"from_year": 1990}, "to_year"), ({"to_year": 1990}, "from_year"),
    ({"from_year": "199x", "to_year": 2000}, "from_year"), ({"from_year": 1990, "to_year": -5}, "to_year"),
    ({"from_year": 1990, "to_year": 100000}, "to_year"),
])
def test_by_year_needs_both_years(client, alice, params, message):
    response = client.get("/api/album-lists/by_year", query_string=params, headers=alice)
    assert response.status_code == 400 and message in response.json["error"]


def test_bad_lists_and_parameters(client, alice, albums):
    response = client.get("/api/album-lists/by_genre", headers=alice)
    assert response.status_code == 400 and "genre" in response.json["error"]
    assert client.get("/api/album-lists/highest", headers=alice).status_code == 404
    assert client.get("/api/album-lists/newest").status_code == 401
    # Paging parameters are clamped, like every list of the service.
    assert len(album_list(client, alice, "newest", size=0)) == 1
    assert len(album_list(client, alice, "newest", size=100000, offset=-3)) == 4
    assert album_list(client, alice, "newest", offset=10 ** 30) == []
    assert album_list(client, alice, "newest", size="many") == ["Berry", "Mango", "Apple", "Zebra"]


def test_album_list_queries_use_indexes(explain, albums):
    for query, sort in (({}, {"seq": -1}), ({"play_count": {"$gte": 1}}, {"play_count": -1, "_id": -1}),
                        ({}, {"sort_key": 1}), ({}, {"artist_sort": 1, "sort_key": 1}),
                        ({"year_sort": {"$gte": 1980, "$lte": 1999}}, {"year_sort": 1, "sort_key": 1}),
                        ({"year_sort": {"$gte": 1980, "$lte": 1999}}, {"year_sort": -1, "sort_key": 1}),
                        ({"play_count": None}, None), ({"artist_sort": None}, None)):
        plan = explain("albums", query, sort)
        assert "IXSCAN" in plan and "COLLSCAN" not in plan, (query, sort)
    for query in ({"genre_ids": ObjectId()}, {"year": {"$gte": 1990, "$lte": 2000}}):
        plan = explain("songs", query)
        assert "IXSCAN" in plan and "COLLSCAN" not in plan, query

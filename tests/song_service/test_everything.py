"""song_service: the whole catalogue page by page, as phone apps copy a library."""
import pytest


def page(client, headers, kind, **params):
    response = client.get(f"/api/catalogue/everything/{kind}", query_string=params, headers=headers)
    assert response.status_code == 200, response.json
    return response.json


def walk(client, headers, kind, size):
    seen, offset = [], 0
    while True:
        documents = page(client, headers, kind, offset=offset, size=size)[kind]
        seen.extend(document["id"] for document in documents)
        if len(documents) < size:
            return seen
        offset += size


@pytest.fixture
def thirty(add_song):
    return [add_song(f"Song {n}", artist=f"Artist {n % 3}", album=f"Album {n % 6}")["id"] for n in range(30)]


def test_paging_lists_every_song_once_in_the_order_added(client, alice, thirty):
    assert walk(client, alice, "songs", 7) == thirty
    assert page(client, alice, "songs", size=7)["total"] == 30


def test_a_song_deleted_mid_way_shifts_the_pages_but_nothing_repeats(client, alice, thirty, token_for):
    first = page(client, alice, "songs", offset=0, size=7)["songs"]
    client.delete(f"/api/songs/{thirty[3]}", headers=token_for("admin"))
    seen = [song["id"] for song in first]
    for offset in range(7, 35, 7):
        seen.extend(song["id"] for song in page(client, alice, "songs", offset=offset, size=7)["songs"])
    assert len(seen) == len(set(seen))
    assert set(seen) >= set(thirty) - {thirty[3], thirty[7]}  # the one after the gap may be skipped


def test_albums_and_artists_by_name(client, alice, thirty):
    albums = page(client, alice, "albums", size=500)
    assert [a["title"] for a in albums["albums"]] == [f"Album {n}" for n in range(6)] and albums["total"] == 6
    assert len(walk(client, alice, "albums", 4)) == 6
    assert [a["name"] for a in page(client, alice, "artists", offset=1, size=2)["artists"]] == ["Artist 1", "Artist 2"]


def test_bad_kinds_and_clamped_sizes(client, alice, thirty):
    assert client.get("/api/catalogue/everything/genres", headers=alice).status_code == 404
    assert client.get("/api/catalogue/everything/songs").status_code == 401
    assert len(page(client, alice, "songs", size=0)["songs"]) == 1
    assert page(client, alice, "songs", offset=-5, size=2)["songs"][0]["id"] == thirty[0]
    assert page(client, alice, "songs", offset=10 ** 30)["songs"] == []


def test_everything_walks_indexes(explain):
    for collection, sort in (("songs", {"seq": 1}), ("albums", {"sort_key": 1}), ("artists", {"sort_key": 1})):
        plan = explain(collection, {}, sort)
        assert "IXSCAN" in plan and "COLLSCAN" not in plan, collection

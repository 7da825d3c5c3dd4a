"""Artists, albums and genres as documents of their own: kept in step with songs, browsed page by page."""
import pytest
from bson import ObjectId


@pytest.fixture
def admin(token_for):
    return token_for("admin")


@pytest.fixture
def listener(token_for):
    return token_for("listener")


def add_song(client, admin, **fields):
    payload = {"title": "Song", "artist": "Björk", "album": "Post", "genres": ["Electronic"], "year": 1995,
               "duration": 200.0, "audio_id": str(ObjectId())}
    payload.update(fields)
    response = client.post("/api/songs", json=payload, headers=admin)
    assert response.status_code == 201, response.json
    return response.json


def get(client, headers, path, **params):
    response = client.get(path, query_string=params, headers=headers)
    assert response.status_code == 200, response.json
    return response.json


def artist_named(client, listener, name, letter):
    return next((a for a in get(client, listener, "/api/artists", letter=letter)["artists"] if a["name"] == name), None)


def test_songs_make_artists_albums_and_genres_with_counts(client, admin, listener):
    cover = str(ObjectId())
    first = add_song(client, admin, title="Hyperballad", track=4, cover_id=cover)
    add_song(client, admin, title="Army of Me", track=1, genres=["Electronic", "Trip-Hop"], duration=230.5)
    add_song(client, admin, title="Jóga", album="Homogenic", year=1997)
    assert first["artist_id"] and first["album_id"] and len(first["genres"]) == 1 and first["genres"][0]["id"]

    artist = artist_named(client, listener, "Björk", "b")
    assert (artist["song_count"], artist["album_count"], artist["cover_id"]) == (3, 2, cover)
    shown = get(client, listener, f"/api/artists/{artist['id']}")
    assert [a["title"] for a in shown["albums"]] == ["Homogenic", "Post"]  # newest year first
    post = get(client, listener, f"/api/albums/{first['album_id']}")
    assert post["album"]["song_count"] == 2 and post["album"]["duration"] == pytest.approx(430.5)
    assert post["album"]["year"] == 1995 and post["album"]["cover_id"] == cover
    assert [s["title"] for s in post["songs"]] == ["Army of Me", "Hyperballad"]  # track order
    genres = {g["name"]: g["song_count"] for g in get(client, listener, "/api/genres")["genres"]}
    assert genres == {"Electronic": 3, "Trip-Hop": 1}


def test_spellings_of_one_name_are_one_artist_and_album_artist_owns_the_album(client, admin, listener):
    add_song(client, admin, artist="The Beatles", album="Abbey Road")
    add_song(client, admin, artist="the  beatles", album="abbey road")
    add_song(client, admin, artist="Nina Simone", album="Jazz Hits", album_artist="Various Artists")
    add_song(client, admin, artist="Miles Davis", album="Jazz Hits", album_artist="Various Artists")
    beatles = artist_named(client, listener, "The Beatles", "b")  # sorted under B, without "The"
    assert beatles["song_count"] == 2 and beatles["album_count"] == 1
    various = artist_named(client, listener, "Various Artists", "v")
    assert various["song_count"] == 0 and various["album_count"] == 1
    nina = artist_named(client, listener, "Nina Simone", "n")
    assert nina["song_count"] == 1 and nina["album_count"] == 0
    compilation = get(client, listener, f"/api/artists/{various['id']}")["albums"][0]
    assert compilation["song_count"] == 2


def test_editing_a_song_moves_it_and_empty_entities_disappear(client, admin, listener):
    song = add_song(client, admin, title="Unravel", album="Homogenic", year=1997)
    other = add_song(client, admin, title="Hunter", album="Homogenic", year=1997)
    edited = client.patch(f"/api/songs/{song['id']}", json={"artist": "Sigur Rós", "album": "Ágætis byrjun",
                                                            "genres": ["Post-Rock"], "year": 1999}, headers=admin)
    assert edited.status_code == 200
    assert edited.json["artist_id"] != song["artist_id"] and edited.json["album_id"] != song["album_id"]
    assert artist_named(client, listener, "Björk", "b")["song_count"] == 1
    assert artist_named(client, listener, "Sigur Rós", "s")["album_count"] == 1
    assert {g["name"] for g in get(client, listener, "/api/genres")["genres"]} == {"Electronic", "Post-Rock"}

    assert client.delete(f"/api/songs/{other['id']}", headers=admin).status_code == 200
    assert artist_named(client, listener, "Björk", "b") is None
    assert client.get(f"/api/albums/{other['album_id']}", headers=listener).status_code == 404
    assert [g["name"] for g in get(client, listener, "/api/genres")["genres"]] == ["Post-Rock"]
    years = get(client, listener, "/api/albums", sort="year")["albums"]
    assert [(a["title"], a["year"]) for a in years] == [("Ágætis byrjun", 1999)]


def test_album_year_and_cover_follow_its_songs(client, admin, listener):
    cover = str(ObjectId())
    old = add_song(client, admin, title="A", year=1995)
    newer = add_song(client, admin, title="B", year=2001, cover_id=cover)
    album = get(client, listener, f"/api/albums/{old['album_id']}")["album"]
    assert album["year"] == 2001 and album["cover_id"] == cover
    client.delete(f"/api/songs/{newer['id']}", headers=admin)
    album = get(client, listener, f"/api/albums/{old['album_id']}")["album"]
    assert album["year"] == 1995 and album["cover_id"] is None
    assert [a["year"] for a in get(client, listener, "/api/albums", sort="year")["albums"]] == [1995]


def collect(client, headers, path, cursor_name, page_key, **params):
    """Every item of a keyset-paged list, and the size of each page."""
    items, sizes, cursor = [], [], None
    while True:
        page = get(client, headers, path, **params, **({cursor_name: cursor} if cursor else {}))
        items += page[page_key]
        sizes.append(len(page[page_key]))
        cursor = page[f"next_{cursor_name}"]
        if cursor is None:
            return items, sizes


@pytest.mark.parametrize("count, sizes", [(6, [3, 3]), (7, [3, 3, 1]), (3, [3]), (0, [0])])
def test_keyset_pages_end_exactly_at_the_last_item(client, admin, listener, count, sizes):
    for number in range(count):
        add_song(client, admin, title=f"Song {number}", artist=f"Band {number}", album=f"Album {number}",
                 genres=["Rock"], year=1990 + number % 2)
    artists, artist_sizes = collect(client, listener, "/api/artists", "after", "artists", letter="b", limit=3)
    assert [a["name"] for a in artists] == [f"Band {n}" for n in range(count)] and artist_sizes == sizes
    for sort, cursor in (("name", "after"), ("year", "after"), ("newest", "before")):
        albums, album_sizes = collect(client, listener, "/api/albums", cursor, "albums", sort=sort, letter="a", limit=3)
        assert sorted(a["title"] for a in albums) == [f"Album {n}" for n in range(count)] and album_sizes == sizes
    songs, song_sizes = collect(client, listener, "/api/songs", "before", "songs", limit=3)
    assert [s["title"] for s in songs] == [f"Song {n}" for n in reversed(range(count))] and song_sizes == sizes


def test_album_orders(client, admin, listener):
    albums = (("Blue", 1971), ("Court and Spark", 1974), ("Hejira", 1976), ("Clouds", 1969), ("Ladies", None))
    for title, year in albums:
        add_song(client, admin, album=title, year=year, artist="Joni Mitchell")
    by = {sort: [a["title"] for a in get(client, listener, "/api/albums", sort=sort, letter="c")["albums"]]
          for sort in ("name", "year", "newest")}
    assert by["name"] == ["Clouds", "Court and Spark"]
    assert by["year"] == ["Hejira", "Court and Spark", "Blue", "Clouds", "Ladies"]
    assert by["newest"] == ["Ladies", "Clouds", "Hejira", "Court and Spark", "Blue"]


def test_artist_page_lists_most_played_songs(app, client, admin, listener):
    played = {"Quiet": 0, "Loud": 40, "Famous": 900, "Known": 3}
    ids = {title: add_song(client, admin, title=title, album=f"Album {title}")["id"] for title in played}
    with app.app_context():
        from song_service.extensions import mongo

        for title, count in played.items():
            mongo.db.songs.update_one({"_id": ObjectId(ids[title])}, {"$set": {"play_count": count}})
    artist = artist_named(client, listener, "Björk", "b")
    top = get(client, listener, f"/api/artists/{artist['id']}")["top_songs"]
    assert [s["title"] for s in top] == ["Famous", "Loud", "Known", "Quiet"]


def test_genre_pages_are_newest_first_and_paged(client, admin, listener):
    for number in range(5):
        add_song(client, admin, title=f"Jazz {number}", genres=["Jazz"], album=f"J{number}")
    add_song(client, admin, title="Not jazz", genres=["Rock"])
    jazz = next(g for g in get(client, listener, "/api/genres")["genres"] if g["name"] == "Jazz")
    songs, sizes = collect(client, listener, f"/api/genres/{jazz['id']}", "before", "songs", limit=2)
    assert [s["title"] for s in songs] == [f"Jazz {n}" for n in reversed(range(5))] and sizes == [2, 2, 1]


@pytest.mark.parametrize("path, params", [
    ("/api/artists", {"letter": "ab"}), ("/api/artists", {"letter": "é"}), ("/api/artists", {"after": "x" * 800}),
    ("/api/albums", {"sort": "colour"}), ("/api/albums", {"sort": "year", "after": "soon|x"}),
    ("/api/albums", {"sort": "newest", "before": "-3"}), ("/api/songs", {"before": "abc"}),
])
def test_bad_paging_input_is_a_400(client, listener, path, params):
    response = client.get(path, query_string=params, headers=listener)
    assert response.status_code == 400 and response.json["error"]


def test_unknown_entities_are_404_and_strangers_401(client, listener):
    for kind in ("artists", "albums", "genres"):
        assert client.get(f"/api/{kind}/{ObjectId()}", headers=listener).status_code == 404
        assert client.get(f"/api/{kind}/not-an-id", headers=listener).status_code == 404
        assert client.get(f"/api/{kind}").status_code == 401


def test_newest_first_pages_cross_the_gaps_deletions_leave(app, client, admin, listener, monkeypatch):
    from song_service.models.catalogue import bounded_reads

    monkeypatch.setattr(bounded_reads, "MAX_SEQ_WINDOW", 4)  # so the reads must step over the gap in windows
    songs = [add_song(client, admin, title=f"Song {n}") for n in range(20)]
    for song in songs[3:15]:
        assert client.delete(f"/api/songs/{song['id']}", headers=admin).status_code == 200
    titles, sizes = collect(client, listener, "/api/songs", "before", "songs", limit=3)
    assert titles and [s["title"] for s in titles] == [f"Song {n}" for n in (19, 18, 17, 16, 15, 2, 1, 0)]
    assert sizes == [3, 3, 2]


def test_songs_stored_before_the_catalogue_are_backfilled_once(app, client, admin, listener):
    with app.app_context():
        from song_service.extensions import mongo

        for title in ("Old One", "Old Two"):  # as song.create_song stored them before this change
            mongo.db.songs.insert_one({"title": title, "artist": "Old Band", "album": "Old Album", "genres": ["Folk"],
                                       "year": 1970, "duration": 100.0, "audio_id": ObjectId(), "play_count": 0,
                                       "search_prefixes": ["old"]})
    runner = app.test_cli_runner()
    first, second = runner.invoke(args=["backfill-catalogue"]), runner.invoke(args=["backfill-catalogue"])
    assert "linked 2 songs" in first.output and "linked 0 songs" in second.output
    assert [s["title"] for s in get(client, listener, "/api/songs")["songs"]] == ["Old Two", "Old One"]
    assert artist_named(client, listener, "Old Band", "o")["song_count"] == 2
    assert [s["title"] for s in get(client, listener, "/api/search", q="two old")["songs"]] == ["Old Two"]
    assert get(client, listener, "/api/search", q="old alb")["albums"][0]["song_count"] == 2


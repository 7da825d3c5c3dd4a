"""song_service's admin fragments (the catalogue area of the admin console), with Flask's test client."""
import itertools

import pytest

AUDIO_IDS = (f"{n:024x}" for n in itertools.count(1))

PREFIX = {"X-Admin-Prefix": "/admin/catalogue", "X-CSRF-Token": "operator-token-123"}


def add_song(client, token_for, title, **fields):
    body = {"title": title, "artist": "Björk", "album": "Post", "audio_id": next(AUDIO_IDS), **fields}
    response = client.post("/api/songs", json=body, headers=token_for("admin"))
    assert response.status_code == 201, response.json
    return response.json


@pytest.fixture
def admin(token_for):
    return {**token_for("admin"), **PREFIX}


@pytest.mark.parametrize("path", ["/admin/", "/admin/songs/" + "0" * 24])
def test_catalogue_fragments_need_an_admin_token(client, token_for, path):
    assert client.get(path).status_code == 401
    assert client.get(path, headers=token_for("listener")).status_code == 403
    assert client.post("/admin/songs/bulk", headers=token_for("listener")).status_code == 403


def test_the_catalogue_lists_counts_and_finds_songs(client, token_for, admin):
    add_song(client, token_for, "Hyperballad")
    add_song(client, token_for, "Isobel <i>")
    page = client.get("/admin/", headers=admin)
    html = page.get_data(as_text=True)
    assert page.status_code == 200 and "2 songs · 1 artists · 1 albums" in html
    assert "Isobel &lt;i&gt;" in html and "<i>" not in html
    found = client.get("/admin/", query_string={"q": "hyper"}, headers=admin).get_data(as_text=True)
    assert "Hyperballad" in found and "Isobel" not in found


def test_editing_a_song_shows_in_search_at_once(client, token_for, admin):
    song = add_song(client, token_for, "Hyperballad", year=1995)
    edited = client.post(f"/admin/songs/{song['id']}", headers=admin, data={
        "title": "Hyperballad (Remix)", "artist": "Björk", "album": "Telegram", "album_artist": "",
        "track": "3", "disc": "1", "year": "1996", "genres": "Electronic, Trip hop"})
    assert edited.status_code == 303 and edited.headers["Location"] == f"/admin/catalogue/songs/{song['id']}"
    stored = client.get(f"/api/songs/{song['id']}", headers=token_for("listener")).json
    assert (stored["title"], stored["album"], stored["track"], stored["year"]) == ("Hyperballad (Remix)",
                                                                                   "Telegram", 3, 1996)
    assert [genre["name"] for genre in stored["genres"]] == ["Electronic", "Trip hop"]
    for genre in stored["genres"]:  # each with its own id: nobody pairs two lists by position
        assert client.get(f"/api/genres/{genre['id']}", headers=token_for("listener")).json["genre"]["name"] \
            == genre["name"]
    found = client.get("/api/search", query_string={"q": "remix"}, headers=token_for("listener")).json
    assert [s["title"] for s in found["songs"]] == ["Hyperballad (Remix)"]
    bad = client.post(f"/admin/songs/{song['id']}", headers=admin, data={"title": "", "year": "99999"})
    assert bad.status_code == 400 and 'role="alert"' in bad.get_data(as_text=True)


def test_setting_the_album_of_several_songs_at_once(client, token_for, admin):
    chosen = [add_song(client, token_for, title)["id"] for title in ("One", "Two", "Three")]
    other = add_song(client, token_for, "Other")
    response = client.post("/admin/songs/bulk", headers=admin,
                           data={"song": chosen, "field": "album", "value": "Greatest Hits", "action": "set"})
    assert response.status_code == 303 and "Set%20the%20album%20of%203%20songs" in response.headers["X-Flash"]
    albums = {client.get(f"/api/songs/{song_id}", headers=token_for("listener")).json["album"]
              for song_id in chosen}
    assert albums == {"Greatest Hits"}
    assert client.get(f"/api/songs/{other['id']}", headers=token_for("listener")).json["album"] == "Post"
    assert client.post("/admin/songs/bulk", headers=admin, data={"field": "album", "value": "x"}).status_code == 400
    assert client.post("/admin/songs/bulk", headers=admin, data={"song": chosen, "field": "plays",
                                                                 "value": "x"}).status_code == 400


def test_deleting_songs_needs_a_confirmation(client, token_for, admin):
    chosen = [add_song(client, token_for, title)["id"] for title in ("Gone", "Going")]
    asked = client.post("/admin/songs/bulk", headers=admin, data={"song": chosen, "action": "delete"})
    html = asked.get_data(as_text=True)
    assert asked.status_code == 200 and "Delete 2 songs?" in html and 'name="confirm" value="yes"' in html
    assert client.get(f"/api/songs/{chosen[0]}", headers=token_for("listener")).status_code == 200
    assert client.post("/admin/songs/delete", headers=admin, data={"song": chosen}).status_code == 400
    done = client.post("/admin/songs/delete", headers=admin, data={"song": chosen, "confirm": "yes"})
    assert done.status_code == 303
    assert all(client.get(f"/api/songs/{song_id}", headers=token_for("listener")).status_code == 404
               for song_id in chosen)


def test_a_second_song_for_the_same_audio_is_a_conflict(client, token_for):
    body = {"title": "Twice", "audio_id": "b" * 24}
    assert client.post("/api/songs", json=body, headers=token_for("admin")).status_code == 201
    again = client.post("/api/songs", json=body, headers=token_for("admin"))
    assert again.status_code == 409 and again.json["error"] == "That audio file already belongs to a song."


def test_merging_two_spellings_of_an_artist_and_of_an_album(client, token_for, admin):
    add_song(client, token_for, "Yesterday", artist="Beatles", album="Help!")
    add_song(client, token_for, "Help!", artist="The Beatles", album="Help! (Remastered)")
    add_song(client, token_for, "Ticket to Ride", artist="The Beatles", album="Help!")

    def search(query, kind):
        return client.get("/api/search", query_string={"q": query}, headers=token_for("listener")).json[kind]

    ids = {artist["name"]: artist["id"] for artist in search("beatles", "artists")}
    page = client.get("/admin/merge", query_string={"q": "beatles"}, headers=admin).get_data(as_text=True)
    assert "Merge away Beatles" in page and "Keep The Beatles" in page
    merged = client.post("/admin/merge/artists", headers=admin,
                         data={"source": ids["Beatles"], "target": ids["The Beatles"]})
    assert merged.status_code == 303 and "1%20song%20moved" in merged.headers["X-Flash"]
    assert [(a["name"], a["song_count"]) for a in search("beatles", "artists")] == [("The Beatles", 3)]
    albums = {a["title"]: a["id"] for a in search("help", "albums")}
    assert client.post("/admin/merge/albums", headers=admin, data={
        "source": albums["Help! (Remastered)"], "target": albums["Help!"]}).status_code == 303
    albums = search("help", "albums")
    assert [(a["title"], a["song_count"]) for a in albums] == [("Help!", 3)]
    same = client.post("/admin/merge/albums", headers=admin, data={"source": albums[0]["id"],
                                                                   "target": albums[0]["id"]})
    assert same.status_code == 400 and "two different albums" in same.get_data(as_text=True)
    assert client.post("/admin/merge/artists", headers=admin, data={"source": "x"}).status_code == 400


def test_replacing_an_albums_cover(client, token_for, admin):
    first = add_song(client, token_for, "Side A", album="Vespertine")
    add_song(client, token_for, "Side B", album="Vespertine")
    album_id = first["album_id"]
    page = client.get(f"/admin/albums/{album_id}", headers=admin).get_data(as_text=True)
    assert 'enctype="multipart/form-data"' in page and f'action="/admin/catalogue/albums/{album_id}/cover"' in page
    cover_id = "c" * 24
    done = client.post(f"/admin/albums/{album_id}/cover", headers=admin, data={"cover_id": cover_id})
    assert done.status_code == 303 and "its%202%20songs" in done.headers["X-Flash"]
    songs = client.get("/api/search", query_string={"q": "side"}, headers=token_for("listener")).json["songs"]
    assert {song["cover_id"] for song in songs} == {cover_id}
    refused = client.post(f"/admin/albums/{album_id}/cover", headers=admin,
                          data={"cover_error": "That is not a JPEG, PNG, WebP or GIF image of a sensible size."})
    assert refused.status_code == 400 and "not a JPEG" in refused.get_data(as_text=True)
    assert client.get("/admin/albums/" + "0" * 24, headers=admin).status_code == 404

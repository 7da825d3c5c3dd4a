"""The library through the Subsonic API, against the four services under gunicorn: browsing by tags and by
folder, lists, search and a phone app's whole-library sync, streams and covers, playlists, stars,
scrobbles and the play queue; and that the web player and the API show the same library both ways."""
import fcntl
import os
import re
import tempfile
import time

import av
import pytest
import requests
from audio_factory import make_audio
from subsonic_site import build_site, make_credential

pytestmark = pytest.mark.stack
# The stack's conversion slots in a folder of its own, so that the test can hold them.
CONVERSION_SLOTS = tempfile.mkdtemp(prefix="conversion-slots-")
# Conversions sent as fast as they are made: the pace is tested on its own (test_live_conversion.py).
STACK_ENVIRONMENT = {"LOGIN_ATTEMPTS_PER_ADDRESS": "1000", "LIVE_CONVERSION_DIR": CONVERSION_SLOTS,
                     "LIVE_CONVERSIONS_PER_POD": "2", "LIVE_CONVERSION_PACE": "1000"}


@pytest.fixture(scope="module")
def site(stack, tmp_path_factory):
    return build_site(stack, tmp_path_factory.mktemp("subsonic-library"))


def rest(site, method, **params):
    params = {"f": "json", "v": "1.16.1", "c": "test", "apiKey": site["api_key"], **params}
    return requests.get(f"{site['base']}/rest/{method}", params=params, timeout=30)


def answer(site, method, **params):
    response = rest(site, method, **params)
    assert response.status_code == 200
    return response.json()["subsonic-response"]


def error_code(site, method, **params):
    body = answer(site, method, **params)
    assert body["status"] == "failed", body
    return body["error"]["code"]


def songs_by_title(sonic):
    found = sonic.search3("", artistCount=0, albumCount=0, songCount=500)["searchResult3"]["song"]
    return {song["title"]: song for song in found}


def test_artists_albums_and_songs_by_tags(sonic, opensonic):
    artists = opensonic.get_artists()
    names = {artist.name: artist for index in artists.index for artist in index.artist}
    assert set(names) == {"The Band", "Ada Quartet"}
    assert [index.name for index in artists.index] == ["A", "B"]  # "The" is an ignored article
    band = opensonic.get_artist(names["The Band"].id)
    assert band.album_count == 1 and [album.name for album in band.album] == ["Night Drive"]
    album = opensonic.get_album(band.album[0].id)
    assert [(song.disc_number, song.track, song.title) for song in album.song] == \
        [(1, 1, "Overture"), (1, 2, "Coastline"), (2, 1, "Neon Rain")]
    assert album.song_count == 3 and album.year == 2019 and album.created
    song = sonic.getSong(album.song[0].id)["song"]
    assert isinstance(song["id"], str) and isinstance(song["coverArt"], str)
    for field in ("duration", "bitRate", "track", "discNumber", "year", "size"):
        assert isinstance(song[field], int), field
    assert song["suffix"] == "mp3" and song["contentType"] == "audio/mpeg" and song["isDir"] is False
    assert song["genres"] == [{"name": "Synthwave"}] and song["albumId"] == album.id
    assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z", song["created"])
    genres = {genre.value: genre.song_count for genre in opensonic.get_genres()}
    assert genres == {"Synthwave": 3, "Jazz": 2}


def test_browsing_by_folder(sonic):
    indexes = sonic.getIndexes()["indexes"]
    assert isinstance(indexes["lastModified"], (int, float))
    artists = {artist["name"]: artist["id"] for index in indexes["index"] for artist in index["artist"]}
    root = sonic.getMusicDirectory(1)["directory"]
    assert {child["title"] for child in root["child"]} == {"The Band", "Ada Quartet"}
    artist = sonic.getMusicDirectory(artists["Ada Quartet"])["directory"]
    assert {child["title"] for child in artist["child"]} == {"Morning", "Evening"}
    assert all(child["isDir"] for child in artist["child"])
    album = sonic.getMusicDirectory(artist["child"][0]["id"])["directory"]
    assert len(album["child"]) == 1 and album["child"][0]["isDir"] is False


def test_a_phone_app_syncs_the_whole_library_page_by_page(sonic, site):
    listed = []
    for offset in range(0, 20, 2):
        page = sonic.search3("", artistCount=0, albumCount=0, songCount=2, songOffset=offset)["searchResult3"]
        listed += [song["id"] for song in page.get("song", [])]
        if len(page.get("song", [])) < 2:
            break
    assert len(listed) == len(set(listed)) == len(site["originals"])
    for query in ('""', "*"):
        assert len(answer(site, "search3", query=query, songCount=10)["searchResult3"]["song"]) == 5
    # Tempus asks for 1,000 at a time, over song_service's 500 a call.
    assert len(answer(site, "search3", query="", songCount=1000)["searchResult3"]["song"]) == 5
    albums = sonic.search3("", artistCount=0, albumCount=10, songCount=0)["searchResult3"]["album"]
    assert {album["name"] for album in albums} == {"Night Drive", "Morning", "Evening"}


def test_search_finds_by_words_with_counts_and_offsets(sonic, site):
    found = sonic.search3("night", artistCount=5, albumCount=5, songCount=5)["searchResult3"]
    assert [album["name"] for album in found["album"]] == ["Night Drive"]
    assert {song["title"] for song in found["song"]} >= {"Overture", "Coastline", "Neon Rain"}
    second = sonic.search3("night", artistCount=0, albumCount=0, songCount=1, songOffset=1)["searchResult3"]["song"]
    assert len(second) == 1 and second[0]["id"] == found["song"][1]["id"]
    assert sonic.search2("ada")["searchResult2"]["artist"][0]["name"] == "Ada Quartet"
    # Too long for a URL (gunicorn answers 414), so sent as a form, as the formPost extension allows.
    long_query = requests.post(f"{site['base']}/rest/search3", timeout=30,
                               data={"f": "json", "apiKey": site["api_key"], "query": "x" * 10_000})
    assert long_query.json()["subsonic-response"]["status"] == "ok"


def test_album_and_song_lists(sonic, site):
    by_name = sonic.getAlbumList2("alphabeticalByName", size=10)["albumList2"]["album"]
    assert [album["name"] for album in by_name] == ["Evening", "Morning", "Night Drive"]
    newest = sonic.getAlbumList2("newest", size=2)["albumList2"]["album"]
    assert [album["name"] for album in newest] == ["Evening", "Morning"]
    older = sonic.getAlbumList2("newest", size=2, offset=2)["albumList2"]["album"]
    assert [album["name"] for album in older] == ["Night Drive"]
    by_year = sonic.getAlbumList2("byYear", fromYear=1970, toYear=1980)["albumList2"]["album"]
    assert [album["name"] for album in by_year] == ["Morning"]
    reverse = sonic.getAlbumList2("byYear", fromYear=2020, toYear=1970)["albumList2"]["album"]
    assert [album["name"] for album in reverse] == ["Night Drive", "Evening", "Morning"]
    by_genre = sonic.getAlbumList2("byGenre", genre="Jazz")["albumList2"]["album"]
    assert {album["name"] for album in by_genre} == {"Morning", "Evening"}
    assert len(sonic.getAlbumList2("random", size=3)["albumList2"]["album"]) == 3
    assert len(sonic.getAlbumList("alphabeticalByArtist", size=10)["albumList"]["album"]) == 3
    random_songs = sonic.getRandomSongs(size=10, genre="Jazz")["randomSongs"]["song"]
    assert {song["title"] for song in random_songs} == {"Morning Light", "Évening Tide"}
    assert len(sonic.getSongsByGenre("Synthwave", count=2)["songsByGenre"]["song"]) == 2
    assert answer(site, "getSongsByGenre", genre="No Such Genre")["songsByGenre"] == {"song": []}
    assert error_code(site, "getAlbumList2", type="byYear", fromYear=1970) == 10
    assert error_code(site, "getAlbumList2", type="byGenre") == 10
    assert error_code(site, "getAlbumList2", type="sideways") == 0


def test_top_songs_and_artist_info(sonic, site):
    top = sonic.getTopSongs("The Band", count=2)["topSongs"]["song"]
    assert len(top) == 2 and all(song["artist"] == "The Band" for song in top)
    assert sonic.getTopSongs("Nobody We Know")["topSongs"] == {"song": []}
    song = songs_by_title(sonic)["Overture"]
    assert sonic.getArtistInfo2(song["artistId"])["artistInfo2"] == {"similarArtist": []}
    assert sonic.getArtistInfo(song["artistId"])["artistInfo"] == {"similarArtist": []}
    assert sonic.getAlbumInfo2(song["albumId"])["albumInfo"] == {}
    assert sonic.getAlbumInfo(song["albumId"])["albumInfo"] == {}
    for method, wrong in (("getArtistInfo2", song["albumId"]), ("getAlbumInfo2", song["artistId"]),
                          ("getArtistInfo", "ar-" + "0" * 24), ("getAlbumInfo", "al-" + "0" * 24)):
        assert error_code(site, method, id=wrong) == 70


def test_streams_and_downloads_are_the_original_with_range(sonic, site, opensonic):
    song = songs_by_title(sonic)["Coastline"]
    original = site["originals"]["Coastline"]
    assert sonic.stream(song["id"]).read() == original
    assert sonic.download(song["id"]).read() == original
    raw = rest(site, "stream", id=song["id"], format="raw")
    assert raw.content == original and raw.headers["Accept-Ranges"] == "bytes"
    partial = requests.get(f"{site['base']}/rest/stream.view", timeout=30, headers={"Range": "bytes=100-199"},
                           params={"id": song["id"], "apiKey": site["api_key"], "f": "json"})
    assert partial.status_code == 206 and partial.content == original[100:200]
    assert partial.headers["Content-Range"] == f"bytes 100-199/{len(original)}"
    download = rest(site, "download", id=song["id"])
    assert "attachment" in download.headers["Content-Disposition"]


def test_covers_by_any_id_at_a_size(sonic, site):
    song = songs_by_title(sonic)["Overture"]
    for cover_id in (song["coverArt"], song["albumId"], song["id"]):
        cover = rest(site, "getCoverArt", id=cover_id, size=300)
        assert cover.status_code == 200 and cover.headers["Content-Type"].startswith("image/")
    assert error_code(site, "getCoverArt", id="co-" + "0" * 24) == 70
    assert error_code(site, "getCoverArt", id="not-an-id") == 70


@pytest.mark.parametrize("method, params", [
    ("getSong", {"id": "0" * 24}), ("getSong", {"id": "al-" + "0" * 24}), ("getSong", {"id": "nonsense"}),
    ("getAlbum", {"id": "0" * 24}), ("getArtist", {"id": "al-" + "0" * 24}), ("getPlaylist", {"id": "pl-x"}),
    ("getMusicDirectory", {"id": "ar-" + "f" * 24}), ("stream", {"id": "ar-" + "0" * 24}),
    ("getAlbumList2", {"type": "newest", "musicFolderId": "2"}),
])
def test_unknown_ids_and_ids_of_the_wrong_kind_are_not_found(site, method, params):
    assert error_code(site, method, **params) == 70


@pytest.mark.parametrize("method, params", [
    ("getSong", {}), ("getAlbum", {}), ("stream", {}), ("getCoverArt", {}), ("getAlbumList2", {}),
    ("getTopSongs", {}), ("getSongsByGenre", {}), ("setRating", {"id": "0" * 24}), ("scrobble", {}),
])
def test_missing_parameters_are_error_10(site, method, params):
    assert error_code(site, method, **params) == 10


@pytest.mark.parametrize("params", [
    {"size": "-5", "offset": "-3"}, {"size": "99999999999999999999", "offset": "99999999999999999999"},
    {"size": "0"},
])
def test_negative_and_huge_sizes_and_offsets_are_bounded(site, params):
    assert answer(site, "getAlbumList2", type="newest", **params)["status"] == "ok"
    assert answer(site, "search3", query="", songCount=params["size"],
                  songOffset=params.get("offset", "0"))["status"] == "ok"
    assert error_code(site, "getAlbumList2", type="newest", size="ten") == 0


def test_playlists_made_in_either_place_are_the_same_playlists(sonic, site, opensonic):
    titles = songs_by_title(sonic)
    order = [titles[title]["id"] for title in ("Neon Rain", "Overture", "Morning Light")]
    made = sonic.createPlaylist(name="Road trip", songIds=order)["playlist"]
    assert [entry["id"] for entry in made["entry"]] == order and made["owner"] == site["username"]
    # The web player shows it, in the same order.
    page = site["listener"].get(f"/playlists/{made['id'][3:]}").text
    positions = [page.index(title) for title in ("Neon Rain", "Overture", "Morning Light")]
    assert positions == sorted(positions)
    sonic.updatePlaylist(made["id"], name="Road trip 2", songIdsToAdd=[titles["Coastline"]["id"]],
                         songIndexesToRemove=[0])
    updated = opensonic.get_playlist(made["id"])
    assert updated.name == "Road trip 2"
    assert [song.title for song in updated.entry] == ["Overture", "Morning Light", "Coastline"]
    sonic.createPlaylist(playlistId=made["id"], songIds=[titles["Évening Tide"]["id"]])
    assert [song.title for song in opensonic.get_playlist(made["id"]).entry] == ["Évening Tide"]
    assert "Road trip 2" in [playlist.name for playlist in opensonic.get_playlists()]
    # A playlist made on the web comes through the API with its order.
    web = site["listener"].submit("/playlists", {"name": "Made on the web"})
    assert web.ok
    web_id = next(p.id for p in opensonic.get_playlists() if p.name == "Made on the web")
    for title in ("Coastline", "Overture"):
        site["listener"].submit(f"/playlists/{web_id[3:]}", {"song_id": titles[title]["id"]},
                                action=f"/playlists/{web_id[3:]}/songs")
    assert [song.title for song in opensonic.get_playlist(web_id).entry] == ["Coastline", "Overture"]
    assert error_code(site, "updatePlaylist", playlistId=made["id"], songIndexToRemove="7") == 0
    sonic.deletePlaylist(made["id"])
    assert error_code(site, "getPlaylist", id=made["id"]) == 70


def test_nobody_changes_or_reads_anothers_private_playlist(sonic, site):
    """Not even an admin: a listener's private playlists are theirs."""
    mine = sonic.createPlaylist(name="Private")["playlist"]["id"]
    admin_key = make_credential(site["admin"], "api_key", "Admin phone")
    for method, params in (("getPlaylist", {"id": mine}), ("deletePlaylist", {"id": mine}),
                           ("updatePlaylist", {"playlistId": mine, "name": "Taken"})):
        response = requests.get(f"{site['base']}/rest/{method}", timeout=30,
                                params={"f": "json", "apiKey": admin_key, **params}).json()["subsonic-response"]
        assert response["status"] == "failed" and response["error"]["code"] in (50, 70)
    assert sonic.getPlaylist(mine)["playlist"]["name"] == "Private"


def test_stars_are_the_web_players_liked_songs_and_ratings_are_kept(sonic, site, opensonic):
    titles = songs_by_title(sonic)
    sonic.star(sids=[titles["Overture"]["id"]], albumIds=[titles["Morning Light"]["albumId"]],
               artistIds=[titles["Morning Light"]["artistId"]])
    assert "Overture" in site["listener"].get("/liked").text
    starred = opensonic.get_starred2()
    assert [song.title for song in starred.song] == ["Overture"]
    assert [album.name for album in starred.album] == ["Morning"]
    assert [artist.name for artist in starred.artist] == ["Ada Quartet"]
    classic = sonic.getStarred()["starred"]  # albums as directory entries
    assert [album["title"] for album in classic["album"]] == ["Morning"] and classic["album"][0]["isDir"] is True
    assert [song["title"] for song in classic["song"]] == ["Overture"]
    assert sonic.getSong(titles["Overture"]["id"])["song"]["starred"]
    starred_albums = sonic.getAlbumList2("starred")["albumList2"]["album"]
    assert [album["name"] for album in starred_albums] == ["Morning"]
    sonic.unstar(sids=[titles["Overture"]["id"]])
    assert "Overture" not in site["listener"].get("/liked").text
    sonic.setRating(titles["Coastline"]["albumId"], 5)
    sonic.setRating(titles["Coastline"]["id"], 4)
    assert sonic.getSong(titles["Coastline"]["id"])["song"]["userRating"] == 4
    assert [album["name"] for album in sonic.getAlbumList2("highest")["albumList2"]["album"]] == ["Night Drive"]
    sonic.setRating(titles["Coastline"]["id"], 0)
    assert "userRating" not in sonic.getSong(titles["Coastline"]["id"])["song"]
    assert error_code(site, "setRating", id=titles["Coastline"]["id"], rating="6") == 0
    assert error_code(site, "star", id="0" * 24) == 70


def test_a_scrobble_counts_one_play_and_now_playing_counts_none(sonic, site):
    song = songs_by_title(sonic)["Neon Rain"]
    sonic.scrobble(song["id"], submission=False)
    playing = sonic.getNowPlaying()["nowPlaying"]["entry"]
    assert [(entry["title"], entry["username"]) for entry in playing] == [("Neon Rain", site["username"])]
    assert isinstance(playing[0]["playerId"], int) and isinstance(playing[0]["minutesAgo"], int)
    assert sonic.getSong(song["id"])["song"]["playCount"] == 0
    sonic.stream(song["id"]).read()
    assert sonic.getSong(song["id"])["song"]["playCount"] == 0  # a stream never counts a play by itself
    sonic.scrobble(song["id"], submission=True)
    sonic.scrobble(song["id"], submission=True)  # the same listen told twice counts once
    assert sonic.getSong(song["id"])["song"]["playCount"] == 1
    assert "Neon Rain" in site["listener"].get("/recent").text
    assert sonic.getAlbumList2("frequent", size=1)["albumList2"]["album"][0]["name"] == "Night Drive"
    assert sonic.getAlbumList2("recent", size=1)["albumList2"]["album"][0]["name"] == "Night Drive"


def test_the_play_queue_is_saved_and_read_back_by_id_and_by_index(sonic, site, opensonic):
    titles = songs_by_title(sonic)
    queue = [titles[title]["id"] for title in ("Overture", "Coastline", "Neon Rain")]
    sonic.savePlayQueue(queue, current=queue[1], position=42_000)
    saved = sonic.getPlayQueue()["playQueue"]
    assert [entry["id"] for entry in saved["entry"]] == queue
    assert saved["current"] == queue[1] and saved["position"] == 42_000 and saved["username"] == site["username"]
    assert saved["changedBy"] == "py-sonic-test" and saved["changed"]
    by_index = opensonic.get_play_queue_by_index()
    assert by_index.current_index == 1 and [song.id for song in by_index.entry] == queue
    opensonic.save_play_queue_by_index(queue[::-1], current_index=2, position=5)
    assert sonic.getPlayQueue()["playQueue"]["current"] == queue[0]
    assert error_code(site, "savePlayQueueByIndex", id=queue, currentIndex=3) == 10
    assert error_code(site, "savePlayQueue", id=queue, current=titles["Morning Light"]["id"]) == 0
    opensonic.save_play_queue_by_index([])
    assert "playQueue" not in answer(site, "getPlayQueue")


def decoded(data, tmp_path, name):
    """(codec, seconds, kbps) of audio bytes, decoded with PyAV."""
    path = tmp_path / name
    path.write_bytes(data)
    with av.open(str(path)) as container:
        stream = container.streams.audio[0]
        samples = sum(frame.samples for frame in container.decode(stream))
        return stream.codec_context.name, samples / stream.codec_context.sample_rate, (stream.bit_rate or 0) // 1000


def test_apps_get_mp3_aac_and_opus_at_their_bit_rate_from_an_offset(sonic, site, tmp_path):
    song = songs_by_title(sonic)["Morning Light"]
    low = rest(site, "stream", id=song["id"], format="mp3", maxBitRate=64)
    assert low.status_code == 200 and low.headers["Content-Type"] == "audio/mpeg"
    codec, seconds, kbps = decoded(low.content, tmp_path, "low.mp3")
    assert codec.startswith("mp3") and abs(seconds - 1.5) < 0.1 and kbps == 64
    aac = rest(site, "stream", id=song["id"], format="aac", maxBitRate=96)
    assert aac.headers["Content-Type"] == "audio/aac" and decoded(aac.content, tmp_path, "a.aac")[0] == "aac"
    later = rest(site, "stream", id=song["id"], format="mp3", maxBitRate=128, timeOffset=1)
    assert abs(decoded(later.content, tmp_path, "later.mp3")[1] - 0.5) < 0.1
    estimated = rest(site, "stream", id=song["id"], format="mp3", maxBitRate=64, estimateContentLength="true")
    # The song's length at 64 kbps: the promised length is kept, cut or padded to it.
    assert int(estimated.headers["Content-Length"]) == len(estimated.content)
    assert abs(len(estimated.content) - 1.5 * 64_000 / 8) < 0.05 * 12_000
    # No format but a limit below the original's 128 kbps: the data saver (Opus) or, until it is made, MP3.
    saver = rest(site, "stream", id=song["id"], maxBitRate=100)
    assert saver.headers["Content-Type"] in ("audio/ogg", "audio/mpeg")
    assert error_code(site, "stream", id=song["id"], format="flac") == 0


def test_conversions_stop_at_the_pods_limit_and_free_their_slot(sonic, site):
    song = songs_by_title(sonic)["Morning Light"]
    held = [open(os.path.join(CONVERSION_SLOTS, f"slot-{number}.lock"), "a+b")
            for number in range(int(STACK_ENVIRONMENT["LIVE_CONVERSIONS_PER_POD"]))]
    try:
        for handle in held:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        refused = answer(site, "stream", id=song["id"], format="mp3", maxBitRate=64)
        assert refused["error"]["code"] == 0 and "converted" in refused["error"]["message"]
        # What needs no conversion still plays: the original, and MP3 asked of an MP3.
        assert rest(site, "stream", id=song["id"], format="raw").content == site["originals"]["Morning Light"]
        assert rest(site, "stream", id=song["id"], format="mp3").content == site["originals"]["Morning Light"]
    finally:
        for handle in held:
            handle.close()
    # A listener who stops mid-song frees the slot: every slot is free again afterwards.
    with requests.get(f"{site['base']}/rest/stream", stream=True, timeout=30,
                      params={"id": song["id"], "format": "aac", "apiKey": site["api_key"]}) as partial:
        next(partial.iter_content(1024))
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:
        if all(_free(number) for number in range(int(STACK_ENVIRONMENT["LIVE_CONVERSIONS_PER_POD"]))):
            break
        time.sleep(0.1)
    else:
        pytest.fail("a conversion's slot stayed taken after its listener left")


def _free(number):
    with open(os.path.join(CONVERSION_SLOTS, f"slot-{number}.lock"), "a+b") as handle:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            return False
        return True


def test_a_long_conversion_streams_whole_under_the_gevent_worker(site, sonic, tmp_path):
    """The converter's pipe is non-blocking under gevent: a read that came back empty before its end once cut
    every song after its first bytes (a short one was whole before it was read). Last in this module: it adds
    a song to the library."""
    path = make_audio(tmp_path / "long.mp3", "mp3", seconds=90, title="Long Way", artist="Ada Quartet")
    with open(path, "rb") as body:
        assert site["admin"].submit("/admin/upload", files={"audio_files": (path.name, body, "audio/mpeg")}).ok
    song = songs_by_title(sonic)["Long Way"]
    converted = rest(site, "stream", id=song["id"], format="mp3", maxBitRate=64)
    assert abs(decoded(converted.content, tmp_path, "long-64.mp3")[1] - 90) < 0.5

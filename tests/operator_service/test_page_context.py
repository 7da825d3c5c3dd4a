"""What a page costs besides its own content (controllers/page_context.py): one call for the sidebar's
playlists and one likes lookup for all the page's songs, made at once; a failure in either costs only its
part of the page; error pages show the sidebar too; and a template never calls a backend itself."""
import io
import json
import os
import pathlib
import re
import subprocess
import sys
import threading

import pytest
import responses

from common.service_tokens import read_token
from operator_service.template_helpers.library import NotGathered, library_playlists, song_is_liked
from tests.operator_service.conftest import ADMIN, AUTH, LISTENER, MEDIA, SONG, csrf_token, log_in

PLAYLISTS = f"{SONG}/api/playlists"
LOOKUP = f"{SONG}/api/likes/lookup"
ROAD_TRIP = {"id": "c" * 24, "name": "Road trip", "song_count": 2, "public": False}
SIDEBAR_DOWN = "Your playlists cannot be shown right now."


def song(number):
    return {"id": f"{number:024x}", "title": f"Song {number}", "artist": "Artist", "album": "Album",
            "artist_id": "d" * 24, "album_id": "e" * 24, "audio_id": f"{number + 1000:024x}", "duration": 180}


TOP, NEWEST = [song(1), song(2)], [song(2), song(3), song(4)]


def hearts(html):
    """Each song row's heart, ``{title: pressed}``; a song in two lists must agree with itself."""
    found = {}
    for pressed, title in re.findall(r'aria-pressed="(true|false)"\s+aria-label="Like ([^"]+)"', html):
        assert found.setdefault(title, pressed == "true") == (pressed == "true"), title
    return found


def sidebar(html):
    return html.split('aria-label="Library"', 1)[1].split("</nav>", 1)[0]


def calls_to(backends, url):
    return [call.request for call in backends.calls if call.request.url.split("?")[0] == url]


def serve_library(backends, liked=(), barrier=None, playlists_status=200, lookup_status=200):
    """The sidebar's playlists and the likes lookup; with ``barrier``, neither answers before both have
    been asked."""

    def wait():
        if barrier is not None:
            barrier.wait()  # raises BrokenBarrierError after its timeout: the calls were not concurrent

    def playlists(request):
        wait()
        return playlists_status, {}, json.dumps({"playlists": [ROAD_TRIP]})

    def lookup(request):
        wait()
        asked = json.loads(request.body)["song_ids"]
        return lookup_status, {}, json.dumps({"liked": [song_id for song_id in asked if song_id in liked]})

    backends.add_callback(responses.GET, PLAYLISTS, callback=playlists, content_type="application/json")
    backends.add_callback(responses.POST, LOOKUP, callback=lookup, content_type="application/json")


@pytest.fixture
def listener(client, backends):
    log_in(client, backends, LISTENER)
    return client


# Every page that shows songs, the backends' answers for its own content, and the songs it shows.
ALBUM, ARTIST, GENRE, PLAYLIST = "e" * 24, "d" * 24, "f" * 24, ROAD_TRIP["id"]
PAGES = {
    "home": ("/", [(r"/api/songs", {"songs": NEWEST, "next_before": None}),
                   (r"/api/plays/top-songs", {"songs": TOP})], TOP + NEWEST),
    "all songs": ("/songs", [(r"/api/songs", {"songs": NEWEST, "next_before": None})], NEWEST),
    "album": (f"/albums/{ALBUM}", [(rf"/api/albums/{ALBUM}", {
        "album": {"id": ALBUM, "title": "Album", "artist": "Artist", "artist_id": ARTIST, "song_count": 3},
        "songs": NEWEST})], NEWEST),
    "artist": (f"/artists/{ARTIST}", [(rf"/api/artists/{ARTIST}", {
        "artist": {"id": ARTIST, "name": "Artist"}, "albums": [], "top_songs": TOP})], TOP),
    "genre": (f"/genres/{GENRE}", [(rf"/api/genres/{GENRE}", {
        "genre": {"id": GENRE, "name": "Jazz", "song_count": 3}, "songs": NEWEST, "next_before": None})], NEWEST),
    "search": ("/search?q=song", [(r"/api/search", {"songs": NEWEST, "artists": [], "albums": []})], NEWEST),
    "song": (f"/songs/{song(3)['id']}", [(rf"/api/songs/{song(3)['id']}", song(3))], [song(3)]),
    "recently played": ("/recent", [(r"/api/plays/mine", {"plays": [{"song": s} for s in TOP]})], TOP),
    "playlist": (f"/playlists/{PLAYLIST}", [(rf"/api/playlists/{PLAYLIST}", {
        **ROAD_TRIP, "can_edit": True, "covers": [], "total_duration": 360, "offset": 0,
        "entries": [{"entry_id": f"{n:024x}", "song": s} for n, s in enumerate(TOP, start=100)]})], TOP),
}


@pytest.mark.parametrize("page", PAGES)
def test_a_page_asks_once_for_its_sidebar_and_once_for_the_likes_of_all_its_songs(listener, backends, page):
    path, content, shown = PAGES[page]
    for url, answer in content:
        backends.add(responses.GET, re.compile(rf"{SONG}{url}(\?.*)?$"), json=answer)
    serve_library(backends, liked={song(2)["id"], song(3)["id"]}, barrier=threading.Barrier(2, timeout=5))
    before = len(backends.calls)
    response = listener.get(path, headers={"X-Request-ID": "page-1"})
    html = response.get_data(as_text=True)
    assert response.status_code == 200, html

    # One call each, both asked before either answered (the barrier), with this request's id and user.
    playlists_calls, lookup_calls = calls_to(backends, PLAYLISTS), calls_to(backends, LOOKUP)
    assert len(playlists_calls) == 1 and len(lookup_calls) == 1
    assert json.loads(lookup_calls[0].body)["song_ids"] == list(dict.fromkeys(s["id"] for s in shown))
    for request in playlists_calls + lookup_calls:
        assert request.headers["X-Request-ID"] == "page-1"
        caller = read_token("test-service-secret", request.headers["Authorization"].split()[1], 60)
        assert caller.user_id == LISTENER["id"]
    # The user was loaded once, by the request (the session check), not again by a helper.
    assert [call.request.url for call in backends.calls[before:]].count(f"{AUTH}/api/users/{LISTENER['id']}") == 1

    assert hearts(html) == {s["title"]: s["id"] in {song(2)["id"], song(3)["id"]} for s in shown}
    assert "Road trip" in sidebar(html) and SIDEBAR_DOWN not in html
    assert not [thread for thread in threading.enumerate() if thread.name.startswith("backend-call")]


def test_the_library_page_reuses_its_playlists_for_the_sidebar(listener, backends):
    backends.add(responses.GET, re.compile(rf"{SONG}/api/likes\?.*"), json={"songs": [], "count": 7})
    backends.add(responses.GET, re.compile(rf"{SONG}/api/plays/mine\?.*"), json={"plays": [{"song": song(5)}]})
    serve_library(backends, liked={song(5)["id"]})
    html = listener.get("/library").get_data(as_text=True)
    assert len(calls_to(backends, PLAYLISTS)) == 1 and len(calls_to(backends, LOOKUP)) == 1
    assert "7 songs" in html and html.count("Road trip") == 2 and hearts(html) == {"Song 5": True}


def test_the_liked_songs_page_looks_nothing_up(listener, backends):
    backends.add(responses.GET, re.compile(rf"{SONG}/api/likes\?.*"),
                 json={"songs": TOP, "count": 2, "next_before": None})
    serve_library(backends)
    html = listener.get("/liked").get_data(as_text=True)
    assert not calls_to(backends, LOOKUP) and len(calls_to(backends, PLAYLISTS)) == 1
    assert hearts(html) == {"Song 1": True, "Song 2": True} and "Road trip" in sidebar(html)


def test_a_likes_lookup_that_fails_leaves_the_hearts_unliked_and_the_sidebar_shown(listener, backends):
    backends.add(responses.GET, re.compile(rf"{SONG}/api/songs\?.*"), json={"songs": NEWEST, "next_before": None})
    serve_library(backends, liked={song(2)["id"]}, barrier=threading.Barrier(2, timeout=5), lookup_status=503)
    response = listener.get("/songs")
    html = response.get_data(as_text=True)
    assert response.status_code == 200 and "Road trip" in sidebar(html)
    assert hearts(html) == {"Song 2": False, "Song 3": False, "Song 4": False}


def test_a_sidebar_that_fails_says_so_and_the_hearts_still_show(listener, backends):
    backends.add(responses.GET, re.compile(rf"{SONG}/api/songs\?.*"), json={"songs": NEWEST, "next_before": None})
    serve_library(backends, liked={song(2)["id"]}, barrier=threading.Barrier(2, timeout=5), playlists_status=500)
    response = listener.get("/songs")
    html = response.get_data(as_text=True)
    assert response.status_code == 200 and SIDEBAR_DOWN in sidebar(html) and "Road trip" not in html
    assert hearts(html) == {"Song 2": True, "Song 3": False, "Song 4": False}


def test_the_live_search_looks_up_its_songs_without_a_sidebar(listener, backends):
    backends.add(responses.GET, re.compile(rf"{SONG}/api/search\?.*"),
                 json={"songs": NEWEST, "artists": [], "albums": []})
    serve_library(backends, liked={song(4)["id"]})
    html = listener.get("/search/live?q=song").get_data(as_text=True)
    assert not calls_to(backends, PLAYLISTS) and len(calls_to(backends, LOOKUP)) == 1
    assert hearts(html) == {"Song 2": False, "Song 3": False, "Song 4": True} and 'aria-label="Library"' not in html


@pytest.mark.parametrize("path", ["/playlists", "/account", f"/songs/{'0' * 24}/add-to-playlist"])
def test_a_page_without_songs_makes_one_playlists_call_and_no_lookup(listener, backends, path):
    backends.add(responses.GET, re.compile(rf"{SONG}/api/songs/0+$"), json=song(0))
    # The account page's listening apps section.
    backends.add(responses.GET, re.compile(rf"{AUTH}/api/users/[0-9a-f]+/app-credentials$"),
                 json={"credentials": [], "app_passwords_available": True})
    serve_library(backends)
    response = listener.get(path)
    assert response.status_code == 200 and "Road trip" in sidebar(response.get_data(as_text=True))
    assert len(calls_to(backends, PLAYLISTS)) == 1 and not calls_to(backends, LOOKUP)


def test_the_upload_results_look_up_the_uploaded_songs(client, backends):
    log_in(client, backends, ADMIN)
    backends.add(responses.POST, re.compile(rf"{MEDIA}/api/media\?.*"), status=201,
                 json={"audio_id": song(7)["audio_id"], "title": "Song 7"})
    backends.add(responses.POST, f"{SONG}/api/songs", status=201, json=song(7))
    serve_library(backends)
    response = client.post("/admin/upload", content_type="multipart/form-data", data={
        "csrf_token": csrf_token(client, "/account"), "audio_files": [(io.BytesIO(b"ID3 fake"), "song.mp3")]})
    html = response.get_data(as_text=True)
    assert response.status_code == 200 and hearts(html) == {"Song 7": False}
    assert json.loads(calls_to(backends, LOOKUP)[-1].body)["song_ids"] == [song(7)["id"]]


def test_an_error_page_shows_the_sidebar(listener, backends):
    backends.add(responses.GET, f"{SONG}/api/songs/{'0' * 24}", status=404, json={"error": "No such song."})
    serve_library(backends)
    response = listener.get(f"/songs/{'0' * 24}")
    html = response.get_data(as_text=True)
    assert response.status_code == 404 and "No such song." in html and "Road trip" in sidebar(html)
    assert len(calls_to(backends, PLAYLISTS)) == 1 and not calls_to(backends, LOOKUP)


def test_an_error_page_whose_sidebar_fails_is_still_the_error_page(listener, backends, monkeypatch):
    backends.add(responses.GET, f"{SONG}/api/songs/{'0' * 24}", status=404, json={"error": "No such song."})
    serve_library(backends, playlists_status=503)
    page = listener.get(f"/songs/{'0' * 24}")
    assert page.status_code == 404 and SIDEBAR_DOWN in sidebar(page.get_data(as_text=True))

    def broken(*args, **kwargs):
        raise RuntimeError("a bug in gathering")

    monkeypatch.setattr("operator_service.middleware.error_pages.page_context", broken)
    page = listener.get(f"/songs/{'0' * 24}")
    html = page.get_data(as_text=True)
    assert page.status_code == 404 and "No such song." in html and SIDEBAR_DOWN in sidebar(html)


def test_a_template_reads_only_what_its_controller_gathered(app):
    """A page that forgot page_context fails its tests; in production it degrades, with no backend call."""
    with app.test_request_context("/"):
        with pytest.raises(NotGathered):
            library_playlists()
        with pytest.raises(NotGathered):
            song_is_liked(song(1))
    app.config["TESTING"] = False
    with app.test_request_context("/"):
        assert library_playlists() is None and song_is_liked(song(1)) is False


# The same page in a process gevent has patched, as gunicorn's gevent worker does before it loads the app.
UNDER_GEVENT = """
from gevent import monkey; monkey.patch_all()
import json, re, threading
import responses
from operator_service.app import create_app
from tests.operator_service.conftest import AUTH, LISTENER, MEDIA, SONG, log_in
native_thread = monkey.get_original("threading", "get_native_id")
app = create_app({"TESTING": True, "SECRET_KEY": "s", "SERVICE_TOKEN_SECRET": "t", "AUTH_SERVICE_URL": AUTH,
                  "SONG_SERVICE_URL": SONG, "MEDIA_SERVICE_URL": MEDIA})
barrier, threads = threading.Barrier(2, timeout=5), set()
def answer(body):
    def callback(request):
        threads.add(native_thread())
        barrier.wait()
        return 200, {}, json.dumps(body)
    return callback
with responses.RequestsMock(assert_all_requests_are_fired=False) as backends:
    client = app.test_client()
    log_in(client, backends, LISTENER)
    backends.add_callback(responses.GET, SONG + "/api/playlists", callback=answer({"playlists": []}))
    backends.add_callback(responses.POST, SONG + "/api/likes/lookup", callback=answer({"liked": []}))
    backends.add(responses.GET, re.compile(SONG + r"/api/songs/.*"), json={"id": "1" * 24, "title": "S",
                                                                          "audio_id": "2" * 24})
    status = client.get("/songs/" + "1" * 24).status_code
print("RESULT", json.dumps({"status": status, "threads": sorted(threads), "main": native_thread()}))
"""


def test_under_gevent_the_calls_are_greenlets_of_the_request_thread():
    root = pathlib.Path(__file__).resolve().parents[2]
    run = subprocess.run([sys.executable, "-c", UNDER_GEVENT], cwd=root, capture_output=True, text=True,
                         timeout=120, env={**os.environ, "PYTHONPATH": f"{root}{os.pathsep}{root / 'tests'}"})
    result = next((line for line in run.stdout.splitlines() if line.startswith("RESULT ")), None)
    assert result, run.stdout + run.stderr
    found = json.loads(result.removeprefix("RESULT "))
    # Both calls were waiting at once (the barrier), on the one native thread: a helper is a greenlet.
    assert found == {"status": 200, "threads": [found["main"]], "main": found["main"]}

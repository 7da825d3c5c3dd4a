"""Playlists and likes through the operator's pages, against the four services under gunicorn:
forms with CSRF tokens, the sidebar on every page, escaping, sharing, export and import, and deletion."""
import re

import pytest
import requests
from audio_factory import make_audio, make_cover_png
from web_session import WebSession

from common.service_tokens import issue_token

pytestmark = pytest.mark.stack

TITLES = ("Alpha", "Bravo", "Charlie")
EVIL = '<script>alert("x")</script>'


@pytest.fixture(scope="module")
def site(stack, tmp_path_factory):
    """An admin who uploaded three songs; returns the operator's URL and the songs' ids by title."""
    folder = tmp_path_factory.mktemp("playlist-audio")
    base = stack.url("operator_service")
    admin = WebSession(base)
    admin.sign_up("curator")
    for number, title in enumerate(TITLES):
        path = make_audio(folder / f"{title}.mp3", "mp3", seconds=1, title=title, artist="The Band",
                          album=f"Album {title}", cover=make_cover_png(color=(60 * number, 90, 90)))
        with open(path, "rb") as body:
            assert admin.submit("/admin/upload", files={"audio_files": (path.name, body, "audio/mpeg")}).ok
    home = admin.get("/").text
    ids = {title: re.search(rf'href="/songs/([0-9a-f]{{24}})">{title}<', home).group(1) for title in TITLES}
    return {"base": base, "admin": admin, "ids": ids}


@pytest.fixture(scope="module")
def listener(site):
    session = WebSession(site["base"])
    assert session.sign_up("mia").ok
    return session


@pytest.fixture(scope="module")
def other(site):
    session = WebSession(site["base"])
    assert session.sign_up("noah").ok
    return session


def create_playlist(session, name, **fields):
    response = session.submit("/playlists", {"name": name, **fields})
    assert response.ok, response.text
    return re.search(r"/playlists/([0-9a-f]{24})$", response.url).group(1)


def post(session, path, data=None, as_json=False):
    """A POST from a button on a page: the form's CSRF token, or the header playlists.js sends."""
    token = session.csrf_token("/")
    if as_json:
        headers = {"X-CSRFToken": token, "Accept": "application/json"}
        return session.http.post(session.base_url + path, data=data or {}, headers=headers, timeout=30)
    return session.http.post(session.base_url + path, data={"csrf_token": token, **(data or {})}, timeout=30)


def add_song(session, playlist_id, song_id, as_json=False):
    return post(session, f"/playlists/{playlist_id}/songs", {"song_id": song_id, "next": "/search"}, as_json)


def playlist_titles(session, playlist_id):
    page = session.get(f"/playlists/{playlist_id}").text
    return re.findall(r'class="play" aria-label="Play ([^"]+)"', page)


def entry_ids(session, playlist_id):
    return re.findall(r'data-entry-id="([0-9a-f]{24})"', session.get(f"/playlists/{playlist_id}").text)


def test_create_add_move_remove_through_forms(site, listener):
    playlist_id = create_playlist(listener, "Morning", description="Quiet songs")
    for title in TITLES:
        added = add_song(listener, playlist_id, site["ids"][title])
        assert added.url.endswith("/search") and "Added to “Morning”" in added.text
    page = listener.get(f"/playlists/{playlist_id}").text
    assert playlist_titles(listener, playlist_id) == list(TITLES)
    assert "3 songs" in page and 'data-play-list="#playlist-songs"' in page and 'data-shuffle-list' in page
    assert page.count('class="collection-art mosaic"') == 0 and "/covers/" in page  # three covers: the first one

    charlie = entry_ids(listener, playlist_id)[2]
    moved = post(listener, f"/playlists/{playlist_id}/songs/{charlie}/move", {"offset": "-1"})
    assert moved.url.endswith(f"/playlists/{playlist_id}")
    assert playlist_titles(listener, playlist_id) == ["Alpha", "Charlie", "Bravo"]

    alpha = entry_ids(listener, playlist_id)[0]
    last = entry_ids(listener, playlist_id)[2]
    as_json = post(listener, f"/playlists/{playlist_id}/songs/{alpha}/move", {"after": last}, as_json=True)
    assert as_json.json() == {"position": 2}
    assert playlist_titles(listener, playlist_id) == ["Charlie", "Bravo", "Alpha"]

    removed = post(listener, f"/playlists/{playlist_id}/songs/{alpha}/remove")
    assert removed.ok and playlist_titles(listener, playlist_id) == ["Charlie", "Bravo"]


def test_sidebar_lists_playlists_and_liked_songs_on_every_page(site, listener):
    playlist_id = create_playlist(listener, "Sidebar check")
    for path in ("/", "/search?q=alpha", f"/songs/{site['ids']['Alpha']}", "/liked", "/playlists", "/recent",
                 f"/playlists/{playlist_id}", "/no-such-page"):
        sidebar = listener.get(path).text.split('aria-label="Library"', 1)[1].split("</nav>", 1)[0]
        assert 'href="/liked"' in sidebar and f'href="/playlists/{playlist_id}"' in sidebar, path


def test_names_and_descriptions_are_escaped_everywhere(site, listener):
    playlist_id = create_playlist(listener, EVIL, description=EVIL)
    add_song(listener, playlist_id, site["ids"]["Alpha"])
    for path in (f"/playlists/{playlist_id}", "/playlists", "/", f"/songs/{site['ids']['Alpha']}/add-to-playlist"):
        page = listener.get(path).text
        assert EVIL not in page and "&lt;script&gt;alert(" in page, path


def test_bad_input_shows_messages_not_errors(site, listener):
    assert listener.submit("/playlists", {"name": ""}).status_code == 400
    too_long = listener.submit("/playlists", {"name": "x" * 101})
    assert too_long.status_code == 400 and "100 characters" in too_long.text
    playlist_id = create_playlist(listener, "Limits")
    missing = add_song(listener, playlist_id, "0" * 24, as_json=True)
    assert missing.status_code == 404 and missing.json()["error"] == "No such song: 000000000000000000000000."
    assert listener.get("/playlists/" + "0" * 24).status_code == 404
    assert listener.get("/playlists/nonsense").status_code == 404
    no_token = listener.http.post(f"{site['base']}/playlists", data={"name": "Forged"}, timeout=30)
    assert no_token.status_code == 400 and "Forged" not in listener.get("/playlists").text


def test_hearts_and_liked_songs(site, listener):
    song_id = site["ids"]["Bravo"]
    liked = post(listener, f"/songs/{song_id}/like", {"liked": "true", "next": "/"})
    assert liked.url == site["base"] + "/"
    heart = re.search(r'aria-pressed="(true|false)"\s+aria-label="Like Bravo"', liked.text)
    assert heart.group(1) == "true"
    page = listener.get("/liked").text
    assert re.findall(r'class="play" aria-label="Play ([^"]+)"', page) == ["Bravo"]
    assert 'data-play-list="#liked-songs"' in page
    unliked = post(listener, f"/songs/{song_id}/like", {"liked": "false"}, as_json=True)
    assert unliked.json() == {"song_id": song_id, "liked": False}
    assert "Play Bravo" not in listener.get("/liked").text


def test_private_and_public_playlists_of_others(site, listener, other, stack):
    playlist_id = create_playlist(listener, "Mine")
    add_song(listener, playlist_id, site["ids"]["Alpha"])
    private = other.get(f"/playlists/{playlist_id}")
    assert private.status_code == 404 and "No such playlist" in private.text

    post(listener, f"/playlists/{playlist_id}/edit", {"name": "Mine", "public": "y"})
    shared = other.get(f"/playlists/{playlist_id}")
    assert shared.status_code == 200 and "By mia" in shared.text and "Play Alpha" in shared.text
    assert "data-entry-id" not in shared.text and "Edit details" not in shared.text
    assert post(other, f"/playlists/{playlist_id}/edit", {"name": "Ha"}).status_code == 403
    assert add_song(other, playlist_id, site["ids"]["Bravo"], as_json=True).status_code == 403
    # Straight at song_service with another user's valid token: still refused.
    secret = stack.environment["SERVICE_TOKEN_SECRET"]
    as_other = {"Authorization": "Bearer " + issue_token(secret, "0" * 24, "noah", "listener")}
    direct = requests.patch(f"{stack.url('song_service')}/api/playlists/{playlist_id}", json={"name": "Ha"},
                            headers=as_other, timeout=10)
    assert direct.status_code == 403
    assert playlist_titles(listener, playlist_id) == ["Alpha"] and "Ha<" not in listener.get("/playlists").text


def test_export_then_import_through_the_pages(site, listener):
    playlist_id = create_playlist(listener, "Für die Reise")
    for title in ("Charlie", "Alpha", "Charlie", "Bravo"):
        add_song(listener, playlist_id, site["ids"][title])
    exported = listener.get(f"/playlists/{playlist_id}/export.m3u8")
    assert exported.status_code == 200 and exported.headers["Content-Type"].startswith("audio/x-mpegurl")
    assert "attachment" in exported.headers["Content-Disposition"]
    assert "filename*=UTF-8''F%C3%BCr%20die%20Reise.m3u8" in exported.headers["Content-Disposition"]
    assert f"{site['base']}/audio/" in exported.text
    text = exported.text + "#EXTINF:100,Nobody - Nothing\nnothing.mp3\n"
    token = listener.csrf_token("/playlists")
    imported = listener.http.post(f"{site['base']}/playlists/import", timeout=30,
                                  data={"import-csrf_token": token},
                                  files={"import-m3u8_file": ("trip.m3u8", text.encode(), "audio/x-mpegurl")})
    assert imported.status_code == 200, imported.text
    assert "4 songs matched" in imported.text and "Nobody - Nothing" in imported.text
    new_id = re.search(r'href="/playlists/([0-9a-f]{24})">Open the playlist', imported.text).group(1)
    assert new_id != playlist_id
    assert playlist_titles(listener, new_id) == ["Charlie", "Alpha", "Charlie", "Bravo"]
    assert "Für die Reise" in listener.get(f"/playlists/{new_id}").text


def test_deleting_a_song_or_a_playlist(site, listener, tmp_path):
    admin = site["admin"]
    path = make_audio(tmp_path / "doomed.mp3", "mp3", seconds=1, title="Doomed song", artist="Nobody")
    with open(path, "rb") as body:
        assert admin.submit("/admin/upload", files={"audio_files": (path.name, body, "audio/mpeg")}).ok
    doomed = re.search(r'href="/songs/([0-9a-f]{24})">Doomed song<', admin.get("/").text).group(1)
    playlist_id = create_playlist(listener, "Doomed")
    add_song(listener, playlist_id, doomed)
    post(listener, f"/songs/{doomed}/like")
    assert "Play Doomed song" in listener.get(f"/playlists/{playlist_id}").text
    assert "Play Doomed song" in listener.get("/liked").text
    assert post(admin, f"/admin/songs/{doomed}/delete").ok
    assert "Doomed song" not in listener.get(f"/playlists/{playlist_id}").text
    assert "Doomed song" not in listener.get("/liked").text
    gone = post(listener, f"/playlists/{playlist_id}/delete")
    assert gone.url.endswith("/playlists") and f"/playlists/{playlist_id}" not in gone.text
    assert listener.get(f"/playlists/{playlist_id}").status_code == 404


def test_a_form_sent_twice_creates_and_adds_once(site, listener):
    """A retry after a timeout, or a second click, sends the same form again: its key makes it count once."""
    chooser = listener.get(f"/songs/{site['ids']['Alpha']}/add-to-playlist").text
    create_key = re.search(r'action="/playlists" class="chooser-new".*?name="request_key" value="([0-9a-f]{24})"',
                           chooser, re.S).group(1)
    fields = {"name": "Twice", "song_id": site["ids"]["Alpha"], "request_key": create_key}
    first, second = post(listener, "/playlists", fields), post(listener, "/playlists", fields)
    assert first.url == second.url and first.url.endswith(f"/playlists/{create_key}")
    linked = re.findall(r'href="/playlists/([0-9a-f]{24})"[^>]*>(?:<[^>]+>)*\s*Twice\s*<',
                        listener.get("/playlists").text)
    assert set(linked) == {create_key}
    add_key = re.search(r'name="request_key" value="([0-9a-f]{24})"',
                        listener.get(f"/songs/{site['ids']['Bravo']}/add-to-playlist").text).group(1)
    for _ in range(2):
        post(listener, f"/playlists/{create_key}/songs", {"song_id": site["ids"]["Bravo"], "request_key": add_key})
    assert playlist_titles(listener, create_key) == ["Alpha", "Bravo"]


def test_a_move_up_clicked_twice_moves_once(site, listener):
    playlist_id = create_playlist(listener, "Clicks")
    for title in TITLES:
        add_song(listener, playlist_id, site["ids"][title])
    charlie = entry_ids(listener, playlist_id)[2]
    page = listener.get(f"/playlists/{playlist_id}").text
    form = re.search(r'<form[^>]*action="/playlists/[0-9a-f]{24}/songs/' + charlie + r'/move"[^>]*>(.*?)</form>',
                     page, re.S).group(1)
    fields = dict(re.findall(r'name="(offset|from_position)" value="([^"]*)"', form))
    assert fields == {"offset": "-1", "from_position": "2"}
    for _ in range(2):
        post(listener, f"/playlists/{playlist_id}/songs/{charlie}/move", fields)
    assert playlist_titles(listener, playlist_id) == ["Alpha", "Charlie", "Bravo"]

"""The listening loop over HTTP against the four services running under gunicorn: sign up, upload,
find, stream and seek, with roles, bad input and a backend going away."""
import re

import pytest
import requests
from audio_factory import make_audio, make_cover_png
from web_session import WebSession

from common.service_tokens import issue_token

pytestmark = pytest.mark.stack


@pytest.fixture(scope="module")
def song_path(tmp_path_factory):
    folder = tmp_path_factory.mktemp("audio")
    return make_audio(folder / "hyperballad.mp3", "mp3", seconds=4, title="Hyperballad", artist="Björk",
                      album="Post", genres=["Electronic"], year=1995, track=4, cover=make_cover_png())


@pytest.fixture(scope="module")
def admin(stack):
    session = WebSession(stack.url("operator_service"))
    response = session.sign_up("alice")
    assert response.status_code == 200 and response.url.endswith("/")
    return session


@pytest.fixture(scope="module")
def listener(stack, admin):
    session = WebSession(stack.url("operator_service"))
    assert session.sign_up("bob").status_code == 200
    return session


@pytest.fixture(scope="module")
def uploaded(admin, song_path):
    with open(song_path, "rb") as audio:
        response = admin.submit("/admin/upload", files={"audio_files": ("hyperballad.mp3", audio, "audio/mpeg")})
    assert response.status_code == 200, response.text
    assert "Uploaded 1 song" in response.text
    return response


def song_links(page):
    return re.findall(r'href="(/songs/[0-9a-f]{24})"', page.text)


def audio_url(page):
    return re.search(r"/audio/[0-9a-f]{24}", page.text).group(0)


def test_visitor_is_sent_to_the_login_page(stack):
    response = requests.get(stack.url("operator_service") + "/", allow_redirects=False, timeout=10)
    assert response.status_code == 302 and "/login" in response.headers["Location"]


def test_first_account_is_admin_second_is_listener(admin, listener):
    assert admin.get("/admin/upload").status_code == 200
    forbidden = listener.get("/admin/upload")
    assert forbidden.status_code == 403 and "admins only" in forbidden.text


def test_uploaded_song_appears_on_home_and_in_search(uploaded, listener):
    home = listener.get("/")
    assert 'aria-label="Play Hyperballad"' in home.text
    for query in ("hyper", "BJÖ", "bjo", "post", "electr", "1995"):
        results = listener.get("/search", params={"q": query})
        assert 'aria-label="Play Hyperballad"' in results.text, query
    assert "Play Hyperballad" not in listener.get("/search", params={"q": "zzz"}).text


def test_song_page_shows_tags_and_cover(uploaded, listener):
    page = listener.get(song_links(listener.get("/"))[0])
    assert page.status_code == 200
    for text in ("Björk", "Post", "Electronic", "1995", "128 kbps"):
        assert text in page.text
    cover = re.search(r'src="(/covers/[0-9a-f]{24})[?"]', page.text).group(1)
    original = listener.get(cover)
    assert original.status_code == 200 and original.content == make_cover_png()
    thumbnail = listener.get(cover, params={"size": "thumb"})
    assert thumbnail.status_code == 200 and thumbnail.headers["Content-Type"].startswith("image/")


def test_streaming_through_the_operator_supports_seeking(uploaded, listener, song_path):
    url = audio_url(listener.get("/"))
    data = song_path.read_bytes()
    whole = listener.get(url)
    assert whole.status_code == 200 and whole.content == data
    assert whole.headers["Content-Type"] == "audio/mpeg" and whole.headers["Accept-Ranges"] == "bytes"
    middle = len(data) // 2
    part = listener.get(url, headers={"Range": f"bytes={middle}-"})
    assert part.status_code == 206
    assert part.headers["Content-Range"] == f"bytes {middle}-{len(data) - 1}/{len(data)}"
    assert part.content == data[middle:]
    assert listener.get(url, headers={"Range": f"bytes={len(data) + 5}-"}).status_code == 416
    assert listener.get(url, headers={"If-None-Match": whole.headers["ETag"]}).status_code == 304


def test_wrong_password_and_taken_username_get_clear_messages(stack, admin):
    stranger = WebSession(stack.url("operator_service"))
    wrong = stranger.log_in("alice", "not the password")
    unknown = stranger.log_in("nobody-here", "not the password")
    assert wrong.status_code == unknown.status_code == 401
    assert "Invalid username or password." in wrong.text and "Invalid username or password." in unknown.text
    taken = stranger.sign_up("Alice")
    assert taken.status_code == 409 and "already taken" in taken.text


def test_form_without_csrf_token_is_refused(stack):
    response = requests.post(stack.url("operator_service") + "/login",
                             data={"username": "alice", "password": "correct horse"}, timeout=10)
    assert response.status_code == 400 and "CSRF" in response.text


def test_non_audio_and_oversized_uploads_show_errors_and_store_nothing(admin, tmp_path):
    before = admin.get("/").text.count("aria-label=\"Play ")
    fake = tmp_path / "photo.mp3"
    fake.write_bytes(make_cover_png(size=(400, 400)))
    with open(fake, "rb") as body:
        refused = admin.submit("/admin/upload", files={"audio_files": ("photo.mp3", body, "audio/mpeg")})
    assert refused.status_code == 415 and "not a supported audio file" in refused.text
    big = make_audio(tmp_path / "long.wav", "wav", seconds=13)  # over the 2 MB limit of this stack
    with open(big, "rb") as body:
        too_big = admin.submit("/admin/upload", files={"audio_files": ("long.wav", body, "audio/wav")})
    assert too_big.status_code == 413 and "upload limit" in too_big.text
    assert admin.get("/").text.count("aria-label=\"Play ") == before


def test_unknown_and_malformed_ids_are_404_pages(listener):
    for path in ("/songs/not-an-id", "/songs/" + "0" * 24, "/audio/" + "0" * 24, "/covers/xyz"):
        response = listener.get(path)
        assert response.status_code == 404, path
        assert "Traceback" not in response.text


def test_backends_check_credentials_themselves(stack, uploaded, listener):
    song_url = stack.url("song_service") + "/api/songs"
    media_url = stack.url("media_service") + "/api/media"
    secret = stack.environment["SERVICE_TOKEN_SECRET"]
    as_listener = {"Authorization": "Bearer " + issue_token(secret, "0" * 24, "bob", "listener")}
    assert requests.get(song_url, timeout=10).status_code == 401
    assert requests.post(song_url, json={"title": "x"}, headers=as_listener, timeout=10).status_code == 403
    assert requests.post(media_url, data=b"ID3", headers=as_listener, timeout=10).status_code == 403
    audio_id = audio_url(listener.get("/")).rsplit("/", 1)[1]
    assert requests.delete(f"{media_url}/{audio_id}", headers=as_listener, timeout=10).status_code == 403
    assert requests.get(f"{media_url}/{audio_id}", timeout=10).status_code == 401


def test_backend_outage_shows_an_error_page_keeps_the_music_playing_and_recovers(stack, uploaded, listener):
    home = listener.get("/")
    audio = audio_url(home)
    album = re.search(r'href="(/albums/[0-9a-f]{24})"', listener.get(song_links(home)[0]).text).group(1)
    playing = listener.http.get(listener.base_url + audio, stream=True, timeout=30)
    first_bytes = next(playing.iter_content(4096))
    stack.stop("song_service")
    try:
        for page in ("/", album):
            down = listener.get(page)
            assert down.status_code == 503, page
            assert "song service is not answering" in down.text and "Traceback" not in down.text
        # The operator stays in the Service: what does not need song_service goes on.
        assert listener.get("/readyz").status_code == 200
        rest = b"".join(playing.iter_content(65536))
        assert len(first_bytes) + len(rest) == int(playing.headers["Content-Length"])
        assert listener.get(audio, headers={"Range": "bytes=1000-1999"}).status_code == 206
    finally:
        playing.close()
        stack.start("song_service")
    assert 'aria-label="Play Hyperballad"' in listener.get("/").text
    assert listener.get("/readyz").status_code == 200

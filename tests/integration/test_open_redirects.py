"""A ``next`` that is not a plain local path is never followed: not by a link, not by a redirect."""
import re

import pytest
from audio_factory import make_audio
from web_session import WebSession

pytestmark = pytest.mark.stack


@pytest.fixture(scope="module")
def admin(first_admin):
    return first_admin


@pytest.fixture(scope="module")
def song_id(admin, tmp_path_factory):
    path = make_audio(tmp_path_factory.mktemp("redirects") / "s.mp3", "mp3", seconds=1, title="Elsewhere")
    with open(path, "rb") as audio:
        page = admin.submit("/admin/upload", files={"audio_files": ("s.mp3", audio, "audio/mpeg")})
    return re.search(r"/songs/([0-9a-f]{24})", page.text).group(1)


@pytest.mark.parametrize("next_path", ["/%5Cevil.example/phish", "//evil.example", "https://evil.example/x"])
def test_the_back_link_of_add_to_playlist_stays_on_this_site(admin, song_id, next_path):
    page = admin.get(f"/songs/{song_id}/add-to-playlist?next={next_path}")
    assert page.status_code == 200
    assert "evil.example" not in page.text
    assert f'<a href="/songs/{song_id}">Back</a>' in page.text


@pytest.fixture(scope="module")
def listener_name(stack, admin):
    assert WebSession(stack.url("operator_service")).sign_up("redirect-listener").status_code == 200
    return "redirect-listener"


def log_in_with_next(stack, username, next_path):
    visitor = WebSession(stack.url("operator_service"))
    token = visitor.csrf_token("/login")
    return visitor.http.post(f"{stack.url('operator_service')}/login?next={next_path}", allow_redirects=False,
                             data={"csrf_token": token, "username": username, "password": "correct horse"},
                             timeout=10)


def test_a_login_with_a_header_breaking_next_lands_home(stack, listener_name):
    response = log_in_with_next(stack, listener_name, "/%0D%0AX:%20y")
    assert response.status_code == 302 and response.headers["Location"] == "/"
    assert "X" not in response.headers


def test_a_login_follows_a_local_next(stack, listener_name):
    response = log_in_with_next(stack, listener_name, "/playlists")
    assert response.status_code == 302 and response.headers["Location"] == "/playlists"

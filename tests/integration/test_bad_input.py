"""Odd input found by a fuzzer, each once a 5xx: now a 4xx with a message a person can read."""
import re

import pytest
import requests
from web_session import WebSession

from common.service_tokens import issue_token

pytestmark = pytest.mark.stack

ODD_VALUES = [["a", "b"], 5, None, {"$gt": ""}, True]


@pytest.fixture(scope="module")
def admin(first_admin):
    return first_admin


@pytest.fixture(scope="module")
def playlist_id(admin):
    response = admin.submit("/playlists", {"name": "Fuzzed"})
    return re.search(r"/playlists/([0-9a-f]{24})$", response.url).group(1)


def post_json(session, path, body):
    """What a script (or a fuzzer) sends with a valid CSRF token in the header."""
    headers = {"X-CSRFToken": session.csrf_token("/playlists"), "Accept": "text/html"}
    return session.http.post(session.base_url + path, json=body, headers=headers, allow_redirects=False, timeout=10)


@pytest.mark.parametrize("body", [[], ["song"], "song", 5, None])
def test_a_play_whose_body_is_not_an_object_is_a_400(admin, body):
    response = post_json(admin, "/plays", body)
    assert response.status_code == 400 and "JSON object" in response.text


@pytest.mark.parametrize("value", ODD_VALUES)
def test_forms_sent_as_json_with_odd_fields_are_400s(admin, playlist_id, value):
    for path, fields in (("/playlists", ("name", "description")), (f"/playlists/{playlist_id}/edit", ("name",)),
                         ("/account", ("current_password", "new_password", "confirm"))):
        response = post_json(admin, path, {field: value for field in fields})
        assert 400 <= response.status_code < 500, (path, value, response.status_code)
    visitor = WebSession(admin.base_url)
    for path, fields in (("/login", ("username", "password")), ("/signup", ("username", "password", "confirm"))):
        response = post_json(visitor, path, {field: value for field in fields})
        assert response.status_code == 400, (path, value, response.status_code)


@pytest.mark.parametrize("before", ["²", "١٢", "1" * 40, "-3", "0"])
def test_a_position_that_is_no_plain_number_is_refused_or_ignored(stack, admin, before):
    assert admin.get("/songs", params={"before": before}).status_code == 400
    assert admin.get("/", params={"before": before}).status_code == 200
    token = issue_token(stack.environment["SERVICE_TOKEN_SECRET"], "0" * 24, "fuzzer", "listener")
    for path, params in (("/api/songs", {}), ("/api/albums", {"sort": "newest"})):
        response = requests.get(stack.url("song_service") + path, params={"before": before, **params}, timeout=10,
                                headers={"Authorization": f"Bearer {token}"})
        assert response.status_code == 400, (path, response.status_code)


def test_an_empty_file_is_refused_by_name(admin):
    response = admin.submit("/admin/upload", files={"audio_files": ("silence.mp3", b"", "audio/mpeg")})
    assert response.status_code == 400
    assert "silence.mp3: The file is empty." in response.text


def test_a_file_whose_tags_are_odd_is_stored_and_the_repairs_are_shown(admin, tmp_path):
    """Once refused with "year must be between 1 and 9999": one bad tag value lost the whole song."""
    from audio_factory import make_audio

    path = make_audio(tmp_path / "odd-year.mp3", "mp3", seconds=1, title="Odd Year Tune", artist="Tagger",
                      year="99999", track="x/y")
    with open(path, "rb") as audio:
        response = admin.submit("/admin/upload", files={"audio_files": ("odd-year.mp3", audio, "audio/mpeg")})
    assert response.status_code == 200 and "Uploaded 1 song" in response.text
    assert "Tags repaired" in response.text
    assert "year: “99999” dropped: not a year" in response.text
    assert "Odd Year Tune" in admin.get("/search", params={"q": "odd year tune"}).text

"""The admin console through the operator, on the real stack: fragments from three backends composed in the
operator's layout, CSRF, redirects passed on, backend errors shown inside the layout, and roles."""
import re

import pytest
import requests
from web_session import WebSession

from common.service_tokens import issue_token

pytestmark = pytest.mark.stack

AREAS = ("users", "catalogue", "storage")


@pytest.fixture(scope="module")
def listener(stack, first_admin):
    session = WebSession(stack.url("operator_service"))
    assert session.sign_up("console-listener").status_code == 200
    return session


def user_id(stack, username):
    token = issue_token(stack.environment["SERVICE_TOKEN_SECRET"], "0" * 24, "test", "admin")
    users = requests.get(stack.url("auth_service") + "/api/users", headers={"Authorization": f"Bearer {token}"},
                         timeout=10).json()["users"]
    return next(user["id"] for user in users if user["username"] == username)


@pytest.mark.parametrize("area", AREAS)
def test_each_area_is_a_backend_fragment_inside_the_operators_layout(first_admin, area):
    page = first_admin.get(f"/admin/{area}/")
    assert page.status_code == 200
    assert page.text.count("<html") == 1 and 'id="player"' in page.text  # one page, with the player bar
    assert f'data-area="{area}"' in page.text and 'aria-current="page"' in page.text
    fragment = page.text.split(f'data-area="{area}"', 1)[1]
    assert f'="/admin/{area}/' in fragment  # the backend's own links and forms use the public paths


@pytest.mark.parametrize("area", AREAS)
def test_listeners_get_403_through_the_operator_and_at_each_backend(stack, listener, area):
    assert listener.get(f"/admin/{area}/").status_code == 403
    backend = {"users": "auth_service", "catalogue": "song_service", "storage": "media_service"}[area]
    token = issue_token(stack.environment["SERVICE_TOKEN_SECRET"], "0" * 24, "bob", "listener")
    direct = requests.get(stack.url(backend) + "/admin/", headers={"Authorization": f"Bearer {token}"}, timeout=10)
    assert direct.status_code == 403
    assert requests.get(stack.url(backend) + "/admin/", timeout=10).status_code == 401


def test_a_post_without_the_csrf_token_is_refused(stack, first_admin, listener):
    target = user_id(stack, "console-listener")
    refused = first_admin.http.post(f"{first_admin.base_url}/admin/users/users/{target}/role",
                                    data={"role": "admin"}, timeout=10)
    assert refused.status_code == 400
    assert listener.get("/admin/users/").status_code == 403  # nothing changed


def test_a_change_redirects_with_its_message(stack, first_admin, listener):
    target = user_id(stack, "console-listener")
    changed = first_admin.submit(f"/admin/users/users/{target}", {"disabled": "1"},
                                 action=f"/admin/users/users/{target}/disabled")
    assert changed.status_code == 200 and changed.url.endswith(f"/admin/users/users/{target}")
    assert "console-listener is disabled" in changed.text
    enabled = first_admin.submit(f"/admin/users/users/{target}", {"disabled": "0"},
                                 action=f"/admin/users/users/{target}/disabled")
    assert "can log in again" in enabled.text


def test_backend_errors_are_shown_inside_the_layout(stack, first_admin):
    missing = first_admin.get("/admin/users/users/" + "0" * 24)
    assert missing.status_code == 404 and "No such user." in missing.text and "Traceback" not in missing.text
    assert first_admin.get("/admin/nowhere/").status_code == 404
    stack.stop("media_service")
    try:
        down = first_admin.get("/admin/storage/")
        assert down.status_code == 503 and "media service is not answering" in down.text
        assert 'id="player"' in down.text  # inside the layout, so the music goes on
        assert first_admin.get("/admin/users/").status_code == 200  # the other areas go on
    finally:
        stack.start("media_service")


def test_an_albums_new_cover_is_stored_by_media_and_shown_by_the_catalogue(stack, first_admin, tmp_path):
    from audio_factory import make_audio, make_cover_png

    song = make_audio(tmp_path / "cover-me.mp3", "mp3", seconds=1, title="Cover Me", album="Plain Sleeve")
    with open(song, "rb") as body:
        first_admin.submit("/admin/upload", files={"audio_files": ("cover-me.mp3", body, "audio/mpeg")})
    catalogue = first_admin.get("/admin/catalogue/", params={"q": "cover me"}).text
    album_path = re.search(r'href="(/admin/catalogue/albums/[0-9a-f]{24})"', catalogue).group(1)
    with_cover = first_admin.submit(album_path, action=album_path + "/cover",
                                    files={"cover": ("sleeve.png", make_cover_png(size=(300, 300)), "image/png")})
    assert with_cover.status_code == 200 and "New cover for the album and its 1 song." in with_cover.text
    cover = re.search(r'src="(/covers/[0-9a-f]{24})\?size=thumb"', with_cover.text).group(1)
    assert first_admin.get(cover, params={"size": "thumb"}).headers["Content-Type"].startswith("image/")
    refused = first_admin.submit(album_path, action=album_path + "/cover",
                                 files={"cover": ("notes.png", b"not an image", "image/png")})
    assert refused.status_code == 400 and "not a JPEG" in refused.text


def test_a_temporary_password_leads_straight_to_choosing_a_new_one(stack, first_admin):
    person = WebSession(stack.url("operator_service"))
    assert person.sign_up("forgetful").status_code == 200
    target = user_id(stack, "forgetful")
    first_admin.submit(f"/admin/users/users/{target}", {"password": "temporary pass 1"},
                       action=f"/admin/users/users/{target}/temporary-password")
    again = WebSession(stack.url("operator_service"))
    landed = again.log_in("forgetful", "temporary pass 1")
    assert landed.status_code == 200 and landed.url.endswith("/account") and "temporary password" in landed.text
    assert again.get("/", allow_redirects=False).headers["Location"].endswith("/account")
    changed = again.submit("/account", {"current_password": "temporary pass 1", "new_password": "my own choice",
                                        "confirm": "my own choice"})
    assert "Password changed." in changed.text
    assert again.get("/", allow_redirects=False).status_code == 200


def test_invite_only_sign_up_through_the_operator(stack, first_admin):
    first_admin.submit("/admin/users/signup", {"mode": "invite"}, action="/admin/users/signup")
    try:
        assert "by invitation" in WebSession(stack.url("operator_service")).get("/signup").text
        created = first_admin.submit("/admin/users/signup", {"days": "1"}, action="/admin/users/invites")
        link = re.search(r"/signup\?invite=[\w-]+", created.text).group(0)
        newcomer = WebSession(stack.url("operator_service"))
        joined = newcomer.submit(link, {"username": "invited-one", "password": "correct horse",
                                        "confirm": "correct horse"})
        assert joined.status_code == 200 and joined.url.endswith("/")
        reused = WebSession(stack.url("operator_service")).submit(
            link, {"username": "invited-two", "password": "correct horse", "confirm": "correct horse"})
        assert reused.status_code == 403 and "not valid any more" in reused.text
    finally:
        first_admin.submit("/admin/users/signup", {"mode": "open"}, action="/admin/users/signup")

"""The operator's controllers in-process and fast, with the three backends replaced at the HTTP boundary
(the ``responses`` library answers the operator's requests calls; the fixtures are in conftest.py). What
the backends really do is covered by tests/integration and tests/browser; these check how the operator
maps their answers to pages: status codes, redirects and flashes, backend 4xx and 5xx, CSRF, and the
admin console's composition."""
import io
import re

import pytest
import responses

from tests.operator_service.conftest import ADMIN, AUTH, LISTENER, MEDIA, SONG, csrf_token, log_in


@pytest.mark.parametrize("status, backend_says, page_says", [
    # The operator's own words for a failed login: never which half was wrong, whatever the backend said.
    (401, "no such user", "Invalid username or password."),
    (403, "This account is disabled. Ask an admin to enable it.", "This account is disabled."),
    (429, "Too many login attempts. Please wait a few minutes and try again.", "Too many login attempts."),
])
def test_a_refused_login_is_the_form_again_with_the_reason(client, backends, status, backend_says, page_says):
    backends.add(responses.POST, f"{AUTH}/api/credentials/check", status=status, json={"error": backend_says},
                 headers={"Retry-After": "120"} if status == 429 else {})
    response = client.post("/login", data={"csrf_token": csrf_token(client, "/login"), "username": "fan",
                                           "password": "a guess"})
    assert response.status_code == status and page_says in response.get_data(as_text=True)
    assert 'name="password"' in response.get_data(as_text=True)
    if status == 429:
        assert response.headers["Retry-After"] == "120"


def test_a_form_without_its_csrf_token_is_refused(client, backends):
    response = client.post("/login", data={"username": "fan", "password": "correct horse"})
    assert response.status_code == 400
    assert not [call for call in backends.calls if "/credentials/check" in call.request.url]


def test_a_temporary_password_sends_the_user_to_the_account_page(client, backends):
    log_in(client, backends, {**LISTENER, "must_change_password": True})
    assert client.get("/").headers["Location"].endswith("/account")
    assert client.get("/search?q=x").headers["Location"].endswith("/account")


def test_a_backend_that_does_not_answer_is_a_503_page_inside_the_layout(client, backends):
    log_in(client, backends, LISTENER)
    backends.add(responses.GET, re.compile(rf"{SONG}/api/search.*"), status=500)
    page = client.get("/search", query_string={"q": "anything"})
    html = page.get_data(as_text=True)
    assert page.status_code == 503 and "song service is not answering" in html and 'id="player"' in html


def test_sign_up_closed_or_by_invitation_says_so(client, backends):
    backends.add(responses.GET, f"{AUTH}/api/signup", json={"mode": "closed"})
    closed = client.get("/signup")
    assert closed.status_code == 403 and "Sign-up is closed" in closed.get_data(as_text=True)
    backends.replace(responses.GET, f"{AUTH}/api/signup", json={"mode": "invite"})
    assert "by invitation" in client.get("/signup").get_data(as_text=True)
    assert client.get("/signup", query_string={"invite": "abc"}).status_code == 200


def test_the_console_places_a_backends_fragment_in_the_layout(client, backends):
    log_in(client, backends, ADMIN)
    fragment = '<section><h1>Users</h1><a href="/admin/users/x">x</a></section>'
    backends.add(responses.GET, f"{AUTH}/admin/", body=fragment, headers={"X-Page-Title": "Users"},
                 content_type="text/html")
    page = client.get("/admin/users/")
    html = page.get_data(as_text=True)
    assert page.status_code == 200 and "<title>Users · Admin" in html and 'data-area="users"' in html
    assert '<h1>Users</h1><a href="/admin/users/x">' in html and 'id="player"' in html
    sent = next(call.request for call in backends.calls if call.request.url.startswith(f"{AUTH}/admin/"))
    assert sent.headers["X-Admin-Prefix"] == "/admin/users" and sent.headers["X-CSRF-Token"]
    assert sent.headers["Authorization"].startswith("Bearer ")


def test_the_console_passes_a_redirect_on_with_its_flash(client, backends):
    log_in(client, backends, ADMIN)
    backends.add(responses.POST, f"{AUTH}/admin/signup", status=303,
                 headers={"Location": "/admin/users/signup", "X-Flash": "Sign-up%20is%20now%20closed."})
    backends.add(responses.GET, f"{AUTH}/admin/signup", body="<p>modes</p>", content_type="text/html")
    token = csrf_token(client, "/account")
    moved = client.post("/admin/users/signup", data={"csrf_token": token, "mode": "closed"})
    assert moved.status_code == 303 and moved.headers["Location"] == "/admin/users/signup"
    assert "Sign-up is now closed." in client.get("/admin/users/signup").get_data(as_text=True)
    sent = next(call.request for call in backends.calls if call.request.method == "POST"
                and "/admin/signup" in call.request.url)
    assert "mode=closed" in sent.body


def test_the_console_refuses_a_redirect_out_of_its_area(client, backends):
    log_in(client, backends, ADMIN)
    backends.add(responses.GET, f"{AUTH}/admin/", status=302, headers={"Location": "https://evil.test/"})
    assert client.get("/admin/users/").status_code == 503


def test_the_console_shows_a_backends_error_inside_the_layout(client, backends):
    log_in(client, backends, ADMIN)
    backends.add(responses.GET, f"{SONG}/admin/songs/{'0' * 24}", status=404, json={"error": "No such song."})
    page = client.get(f"/admin/catalogue/songs/{'0' * 24}")
    html = page.get_data(as_text=True)
    assert page.status_code == 404 and "No such song." in html and 'id="player"' in html
    assert client.get("/admin/nowhere/").status_code == 404


def test_the_console_checks_the_role_afresh_and_refuses_listeners(client, backends):
    log_in(client, backends, LISTENER)
    assert client.get("/admin/users/").status_code == 403
    assert not [call for call in backends.calls if "/admin/" in call.request.url]


def test_a_console_forms_image_goes_to_media_and_its_id_to_the_owner(client, backends):
    log_in(client, backends, ADMIN)
    backends.add(responses.POST, f"{MEDIA}/api/covers", status=201, json={"cover_id": "c" * 24})
    backends.add(responses.POST, f"{SONG}/admin/albums/{'d' * 24}/cover", status=303,
                 headers={"Location": f"/admin/catalogue/albums/{'d' * 24}"})
    token = csrf_token(client, "/account")
    response = client.post(f"/admin/catalogue/albums/{'d' * 24}/cover",
                           data={"csrf_token": token, "cover": (io.BytesIO(b"\x89PNG fake"), "sleeve.png")},
                           content_type="multipart/form-data")
    assert response.status_code == 303
    forwarded = next(call.request for call in backends.calls if call.request.url.endswith("/cover"))
    assert f"cover_id={'c' * 24}" in forwarded.body and "sleeve" not in forwarded.body


def test_a_move_goes_to_song_service_as_sent_and_its_refusal_is_shown_as_it_said(client, backends):
    log_in(client, backends, LISTENER)
    playlist, entry = "c" * 24, "d" * 24
    move_url = f"{SONG}/api/playlists/{playlist}/songs/{entry}/move"
    backends.add(responses.POST, move_url, json={"entry_id": entry, "position": 2})
    token = csrf_token(client, "/account")
    path = f"/playlists/{playlist}/songs/{entry}/move"
    moved = client.post(path, data={"csrf_token": token, "offset": "-1", "from_position": "3"},
                        headers={"Accept": "application/json"})
    assert moved.status_code == 200 and moved.get_json() == {"position": 2}
    assert backends.calls[-1].request.body == b'{"offset": -1, "from_position": 3}'

    # The operator does not check the move itself: song_service's reason reaches the listener unchanged.
    backends.replace(responses.POST, move_url, status=400, json={"error": "offset must be a whole number."})
    refused = client.post(path, data={"csrf_token": token, "offset": "up"}, headers={"Accept": "application/json"})
    assert refused.status_code == 400 and refused.get_json() == {"error": "offset must be a whole number."}
    assert backends.calls[-1].request.body == b'{"offset": "up"}'
    without_js = client.post(path, data={"csrf_token": token, "before": ""})
    assert without_js.status_code == 302 and without_js.headers["Location"].endswith(f"/playlists/{playlist}")
    assert backends.calls[-1].request.body == b'{"before": null}'


def test_with_auth_service_down_a_logged_in_page_is_a_503_page_not_a_500(client, backends):
    log_in(client, backends, LISTENER)
    backends.replace(responses.GET, f"{AUTH}/api/users/{LISTENER['id']}", status=503, json={"error": "down"})
    page = client.get("/")
    html = page.get_data(as_text=True)
    assert page.status_code == 503 and "auth service is not answering" in html
    assert "Traceback" not in html and 'id="player"' not in html  # shown as to a visitor: whose it is is unknown

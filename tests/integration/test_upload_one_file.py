"""POST /admin/upload/one, which upload.js sends each file to: the stored song or the reason it was refused,
as JSON, on the real stack; and the body limits of both upload views."""
import re

import pytest
from audio_factory import ENCODED_FORMATS, encode_audio, make_audio
from pymongo import MongoClient
from web_session import WebSession

pytestmark = pytest.mark.stack

ONE_FILE = "/admin/upload/one"


@pytest.fixture(scope="module")
def admin(first_admin):
    return first_admin


@pytest.fixture(scope="module")
def listener(stack, admin):
    session = WebSession(stack.url("operator_service"))
    assert session.sign_up("upload-listener").status_code == 200
    return session


@pytest.fixture
def stored_counts(stack, mongo_uri):
    """``stored_counts()``: how many songs song_service and audio files media_service hold now."""
    client = MongoClient(mongo_uri)
    songs = client[stack.environment["SONG_DB_NAME"]]["songs"]
    audio = client[stack.environment["MEDIA_DB_NAME"]]["audio.files"]
    yield lambda: (songs.count_documents({}), audio.count_documents({}))
    client.close()


def post_one(session, files, csrf=True):
    """What upload.js sends: the file under the form's field, the token in a header, JSON asked for."""
    headers = {"Accept": "application/json"}
    data = {}
    if csrf:
        token = session.csrf_token("/admin/upload")
        headers["X-CSRFToken"] = token
        data["csrf_token"] = token
    return session.http.post(session.base_url + ONE_FILE, data=data, files=files, headers=headers,
                             allow_redirects=False, timeout=60)


def test_a_song_is_stored_and_described_as_json(admin, stored_counts, tmp_path):
    before = stored_counts()
    path = make_audio(tmp_path / "first-light.mp3", "mp3", seconds=1, title="First Light", artist="Morning Band",
                      album="Dawn")
    with open(path, "rb") as audio:
        response = post_one(admin, [("audio_files", ("first-light.mp3", audio, "audio/mpeg"))])
    assert response.status_code == 201, response.text
    song = response.json()["song"]
    assert (song["title"], song["artist"], song["album"], song["converting"]) == (
        "First Light", "Morning Band", "Dawn", False)
    assert song["url"] == f"/songs/{song['id']}" and response.headers["Location"].endswith(song["url"])
    assert "First Light" in admin.get(song["url"]).text
    assert stored_counts() == (before[0] + 1, before[1] + 1)


def test_a_song_browsers_cannot_play_is_said_to_be_converted(admin, tmp_path):
    aiff = next(encoded for encoded in ENCODED_FORMATS if encoded.label == "aiff")
    path = encode_audio(tmp_path / "take.aiff", aiff, seconds=1)
    with open(path, "rb") as audio:
        response = post_one(admin, [("audio_files", ("take.aiff", audio, "audio/aiff"))])
    assert response.status_code == 201, response.text
    assert response.json()["song"]["converting"] is True


def test_a_file_that_is_not_audio_is_refused_with_its_reason_and_nothing_is_stored(admin, stored_counts):
    before = stored_counts()
    response = post_one(admin, [("audio_files", ("notes.mp3", b"These are words, not music.\n" * 40, "audio/mpeg"))])
    assert response.status_code == 415
    assert response.headers["Content-Type"].startswith("application/json")
    assert re.match(r"notes\.mp3: .*not a supported audio file", response.json()["error"])
    assert stored_counts() == before


def test_a_file_over_the_limit_is_refused_before_it_is_stored(admin, stored_counts, tmp_path):
    before = stored_counts()
    path = make_audio(tmp_path / "long.wav", "wav", seconds=13)  # over the 2 MB limit of this stack
    with open(path, "rb") as audio:
        response = post_one(admin, [("audio_files", ("long.wav", audio, "audio/wav"))])
    assert response.status_code == 413
    assert response.json()["error"] == "The file is larger than the 2 MB upload limit."
    assert stored_counts() == before


@pytest.mark.parametrize("files, message", [
    ([], "Choose at least one file."),
    ([("audio_files", ("a.mp3", b"a", "audio/mpeg")), ("audio_files", ("b.mp3", b"b", "audio/mpeg"))],
     "Send one file per request."),
])
def test_a_request_without_exactly_one_file_is_a_400(admin, files, message):
    response = post_one(admin, files or {"other": ("x.txt", b"x")})
    assert response.status_code == 400 and response.json()["error"] == message


def test_without_a_csrf_token_nothing_is_stored(admin, stored_counts, tmp_path):
    before = stored_counts()
    path = make_audio(tmp_path / "forged.mp3", "mp3", seconds=1, title="Forged")
    with open(path, "rb") as audio:
        response = post_one(admin, [("audio_files", ("forged.mp3", audio, "audio/mpeg"))], csrf=False)
    assert response.status_code == 400 and "CSRF" in response.json()["error"]
    assert stored_counts() == before


def test_a_listener_is_refused(listener, stored_counts, tmp_path):
    before = stored_counts()
    path = make_audio(tmp_path / "sneaky.mp3", "mp3", seconds=1, title="Sneaky")
    with open(path, "rb") as audio:
        response = post_one(listener, [("audio_files", ("sneaky.mp3", audio, "audio/mpeg"))])
    assert response.status_code == 403 and response.json()["error"] == "This page is for admins only."
    assert stored_counts() == before


def test_the_form_without_javascript_refuses_a_body_larger_than_its_files_may_be(stack, admin):
    """UPLOAD_MAX_FILES files of UPLOAD_MAX_BYTES each at most; werkzeug refuses more before spooling any."""
    big = b"\0" * (2 * 1024 * 1024)
    files = [("audio_files", (f"part-{number}.mp3", big, "audio/mpeg")) for number in range(5)]
    response = admin.submit("/admin/upload", files=files)
    assert response.status_code == 413
    assert "Upload at most 4 files of up to 2 MB each at once." in response.text

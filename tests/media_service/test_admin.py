"""media_service's admin fragments (the storage area of the admin console), with Flask's test client."""
import pytest
from audio_factory import ENCODED_FORMATS, encode_audio, make_audio

from media_service.app import create_app

PREFIX = {"X-Admin-Prefix": "/admin/storage", "X-CSRF-Token": "operator-token-123"}


@pytest.fixture
def app(make_service_app, tmp_path):
    # No song_service answers here: the unused-files page must say it cannot judge.
    return make_service_app(create_app, UPLOAD_TMP_DIR=str(tmp_path), SONG_SERVICE_URL="http://127.0.0.1:9",
                            SWEEP_GRACE_SECONDS=0)


@pytest.fixture
def client(app):
    return app.test_client()


def upload(client, token_for, path):
    with open(path, "rb") as body:
        return client.post("/api/media", query_string={"filename": path.name}, data=body,
                           content_type="application/octet-stream", headers=token_for("admin")).json


@pytest.mark.parametrize("path", ["/admin/", "/admin/unused", "/admin/files/" + "0" * 24])
def test_storage_fragments_need_an_admin_token(client, token_for, path):
    assert client.get(path).status_code == 401
    assert client.get(path, headers=token_for("listener")).status_code == 403


def test_the_overview_shows_totals_formats_and_the_largest_files(client, token_for, tmp_path):
    upload(client, token_for, make_audio(tmp_path / "small <b>.mp3", "mp3", seconds=1))
    big = upload(client, token_for, encode_audio(tmp_path / "big.aiff", next(f for f in ENCODED_FORMATS
                                                                                if f.label == "aiff"), 2))
    page = client.get("/admin/", headers={**token_for("admin"), **PREFIX})
    html = page.get_data(as_text=True)
    assert page.status_code == 200 and page.headers["X-Page-Title"] == "Storage"
    assert "Audio as uploaded</td><td>2<" in html and "pcm_s16be" in html and "mp3" in html
    assert html.index("big.aiff") < html.index("small &lt;b&gt;.mp3")  # largest first, and escaped
    assert f'href="/admin/storage/files/{big["audio_id"]}"' in html
    assert "Renditions waiting or being made: 3" in html  # the AIFF's two and the MP3's data saver
    details = client.get(f"/admin/files/{big['audio_id']}", headers={**token_for("admin"), **PREFIX})
    assert details.status_code == 200 and "browser: pending" in details.get_data(as_text=True)
    assert client.get("/admin/files/" + "0" * 24, headers={**token_for("admin"), **PREFIX}).status_code == 404


def test_unused_files_are_not_judged_without_song_service(client, token_for, tmp_path):
    upload(client, token_for, make_audio(tmp_path / "maybe-unused.mp3", "mp3", seconds=1))
    page = client.get("/admin/unused", headers={**token_for("admin"), **PREFIX})
    assert page.status_code == 503 and "nothing can be judged" in page.get_data(as_text=True)
    removed = client.post("/admin/unused", headers={**token_for("admin"), **PREFIX})
    assert removed.status_code == 503 and "nothing was removed" in removed.get_data(as_text=True)


def test_an_admin_stores_a_cover_image_and_nothing_else(client, token_for):
    from audio_factory import make_cover_png

    stored = client.post("/api/covers", data=make_cover_png(size=(300, 300)), headers=token_for("admin"),
                         content_type="application/octet-stream")
    assert stored.status_code == 201
    thumb = client.get(f"/api/covers/{stored.json['cover_id']}", query_string={"size": "thumb"},
                       headers=token_for("listener"))
    assert thumb.status_code == 200 and thumb.mimetype.startswith("image/")
    refused = client.post("/api/covers", data=b"not an image", headers=token_for("admin"))
    assert refused.status_code == 415 and "not a JPEG" in refused.json["error"]
    assert client.post("/api/covers", data=make_cover_png(), headers=token_for("listener")).status_code == 403

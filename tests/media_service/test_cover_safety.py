"""Cover art is identified by its content: only real JPEG, PNG, WebP and GIF images of a sane size are
stored and served, whatever type the tag claims, and every media response says how to treat it."""
import io

import pytest
from audio_factory import make_audio, make_cover_jpeg, make_cover_png
from bson import ObjectId
from mutagen.id3 import APIC, ID3
from PIL import Image

from media_service.app import create_app


@pytest.fixture
def app(make_service_app, tmp_path):
    return make_service_app(create_app, UPLOAD_TMP_DIR=str(tmp_path))


@pytest.fixture
def client(app):
    return app.test_client()


def song_with_picture(path, data, mime):
    """An MP3 whose front cover tag holds ``data`` and claims the type ``mime``."""
    make_audio(path, "mp3", seconds=1, title="Tagged")
    tags = ID3(path)
    tags.add(APIC(encoding=3, mime=mime, type=3, desc="cover", data=data))
    tags.save(path)
    return path


def upload(client, headers, path):
    with open(path, "rb") as body:
        return client.post("/api/media", query_string={"filename": path.name}, data=body,
                           content_type="application/octet-stream", headers=headers)


def webp_bytes():
    output = io.BytesIO()
    Image.new("RGB", (64, 48), (10, 200, 30)).save(output, format="WEBP")
    return output.getvalue()


def test_a_script_claiming_to_be_a_cover_is_no_cover(client, token_for, tmp_path):
    html = b"<html><script src='/covers/x'></script></html>"
    for number, mime in enumerate(("text/html", "application/javascript", "image/svg+xml", "image/jpeg")):
        response = upload(client, token_for("admin"), song_with_picture(tmp_path / f"evil{number}.mp3", html, mime))
        assert response.status_code == 201, response.json
        assert response.json["cover_id"] is None  # the song is stored, without a cover


@pytest.mark.parametrize("claimed", ["text/html", "application/octet-stream", "image/png"])
def test_a_real_image_is_stored_with_the_type_of_its_content(client, token_for, tmp_path, claimed):
    listener = token_for("listener")
    path = song_with_picture(tmp_path / "webp.mp3", webp_bytes(), claimed)
    cover_id = upload(client, token_for("admin"), path).json["cover_id"]
    cover = client.get(f"/api/covers/{cover_id}", headers=listener)
    assert cover.status_code == 200 and cover.content_type == "image/webp"


def test_both_sizes_are_made_with_the_upload(app, client, token_for, tmp_path):
    from media_service.extensions import mongo

    path = make_audio(tmp_path / "sized.mp3", "mp3", seconds=1, title="Sized", cover=make_cover_png(size=(900, 900)))
    cover_id = upload(client, token_for("admin"), path).json["cover_id"]
    with app.app_context():  # before anyone has asked for a thumbnail
        variants = mongo.db["covers.files"].find({"metadata.variant_of": ObjectId(cover_id)})
        sizes = {d["metadata"]["variant"] for d in variants}
    assert sizes == {f"{cover_id}:thumb", f"{cover_id}:large"}


def test_a_real_image_stored_under_a_tags_odd_type_is_served_as_what_it_is(app, client, token_for):
    from media_service.models import media_store

    with app.app_context():  # as an older version stored it: "image/jpg" is what many taggers write
        cover_id = media_store.save_cover(make_cover_jpeg(size=(50, 40)), "image/jpg")
    response = client.get(f"/api/covers/{cover_id}", headers=token_for("listener"))
    assert response.status_code == 200 and response.content_type == "image/jpeg"


def test_a_cover_stored_with_an_unsafe_type_is_never_served(app, client, token_for):
    from media_service.models import media_store

    with app.app_context():  # as an older version stored it, type taken from the tag
        cover_id = media_store.save_cover(b"<script>alert(1)</script>", "text/html")
    for size in (None, "thumb", "large"):
        response = client.get(f"/api/covers/{cover_id}", query_string={"size": size} if size else {},
                              headers=token_for("listener"))
        assert response.status_code == 404 and b"<script>" not in response.data


def test_a_decompression_bomb_is_no_cover_and_costs_little(client, token_for, tmp_path):
    output = io.BytesIO()
    Image.new("1", (12000, 12000)).save(output, format="PNG")  # a few KB on disk, 144 megapixels decoded
    path = song_with_picture(tmp_path / "bomb.mp3", output.getvalue(), "image/png")
    response = upload(client, token_for("admin"), path)
    assert response.status_code == 201 and response.json["cover_id"] is None


def test_every_media_response_is_inline_and_not_to_be_sniffed(client, token_for, tmp_path):
    path = make_audio(tmp_path / "song.mp3", "mp3", seconds=1, title="Song", cover=make_cover_png())
    stored = upload(client, token_for("admin"), path).json
    listener = token_for("listener")
    for url, query in ((f"/api/media/{stored['audio_id']}", {}), (f"/api/covers/{stored['cover_id']}", {}),
                       (f"/api/covers/{stored['cover_id']}", {"size": "thumb"})):
        response = client.get(url, query_string=query, headers=listener)
        assert response.status_code == 200
        assert response.headers["X-Content-Type-Options"] == "nosniff"
        disposition = response.headers["Content-Disposition"]
        assert disposition.startswith("inline; filename=") and "/" not in disposition.split("=", 1)[1]

"""Cover art in two sizes, resized with Pillow once, stored once per album, and cached by browsers."""
import io

import pytest
from audio_factory import make_cover_jpeg, make_cover_png
from bson import ObjectId
from PIL import Image


@pytest.fixture
def listener(token_for):
    return token_for("listener")


def store_cover(app, image, content_type="image/jpeg"):
    from media_service.models import media_store

    with app.app_context():
        return media_store.save_cover(image, content_type)


def stored_files(app):
    from media_service.extensions import mongo

    with app.app_context():
        return mongo.db["covers.files"].count_documents({})


@pytest.mark.parametrize("size, longest", [("thumb", 360), ("large", 640)])
def test_each_size_is_a_resized_jpeg_made_once(app, client, listener, size, longest):
    cover_id = store_cover(app, make_cover_jpeg(size=(1600, 1200)))
    first = client.get(f"/api/covers/{cover_id}", query_string={"size": size}, headers=listener)
    assert first.status_code == 200 and first.content_type == "image/jpeg"
    with Image.open(io.BytesIO(first.data)) as image:
        assert image.size == (longest, longest * 3 // 4)
    again = client.get(f"/api/covers/{cover_id}", query_string={"size": size}, headers=listener)
    assert again.data == first.data and again.headers["ETag"] == first.headers["ETag"]
    assert stored_files(app) == 2  # the original and this size, however often it is asked for


def test_covers_carry_etag_and_long_lived_cache_headers(app, client, listener):
    cover_id = store_cover(app, make_cover_jpeg(size=(800, 800)))
    for params in ({}, {"size": "thumb"}):
        response = client.get(f"/api/covers/{cover_id}", query_string=params, headers=listener)
        cache = response.headers["Cache-Control"]
        assert "max-age=604800" in cache and "immutable" in cache and response.headers["ETag"]
        revalidated = client.get(f"/api/covers/{cover_id}", query_string=params,
                                 headers={**listener, "If-None-Match": response.headers["ETag"]})
        assert revalidated.status_code == 304 and not revalidated.data
    original = client.get(f"/api/covers/{cover_id}", headers=listener).headers["ETag"]
    assert original != client.get(f"/api/covers/{cover_id}?size=thumb", headers=listener).headers["ETag"]


def test_transparent_png_stays_png_and_small_images_are_not_enlarged(app, client, listener):
    buffer = io.BytesIO()
    Image.new("RGBA", (100, 80), (255, 0, 0, 128)).save(buffer, format="PNG")
    cover_id = store_cover(app, buffer.getvalue(), "image/png")
    response = client.get(f"/api/covers/{cover_id}?size=large", headers=listener)
    assert response.content_type == "image/png"
    with Image.open(io.BytesIO(response.data)) as image:
        assert image.size == (100, 80)


def test_one_album_cover_is_stored_once(app):
    image = make_cover_png(size=(300, 300))
    assert store_cover(app, image, "image/png") == store_cover(app, image, "image/png")
    assert stored_files(app) == 1


def test_a_cover_pillow_cannot_read_is_served_as_it_is(app, client, listener):
    cover_id = store_cover(app, b"\x89PNG not really an image")
    response = client.get(f"/api/covers/{cover_id}?size=thumb", headers=listener)
    assert response.status_code == 200 and response.data == b"\x89PNG not really an image"


def test_bad_sizes_and_unknown_covers(app, client, listener):
    cover_id = store_cover(app, make_cover_jpeg())
    assert client.get(f"/api/covers/{cover_id}?size=huge", headers=listener).status_code == 400
    assert client.get(f"/api/covers/{ObjectId()}?size=thumb", headers=listener).status_code == 404
    assert client.get(f"/api/covers/{cover_id}?size=thumb").status_code == 401

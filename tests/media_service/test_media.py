"""media_service: uploads checked by content and bounded in size, and streaming with Range and caching."""
import pytest
from audio_factory import make_audio, make_cover_png
from bson import ObjectId

from media_service.app import create_app


@pytest.fixture
def app(make_service_app, tmp_path):
    return make_service_app(create_app, UPLOAD_MAX_BYTES=300_000, MAX_CONTENT_LENGTH=400_000,
                            UPLOAD_TMP_DIR=str(tmp_path))


@pytest.fixture
def client(app):
    return app.test_client()


@pytest.fixture
def song_file(tmp_path):
    return make_audio(tmp_path / "joga.mp3", "mp3", seconds=3, title="Jóga", artist="Björk", album="Homogenic",
                      genres=["Electronic"], year=1997, track=3, cover=make_cover_png())


def upload(client, headers, path, filename="joga.mp3"):
    with open(path, "rb") as body:
        return client.post("/api/media", query_string={"filename": filename}, data=body,
                           content_type="application/octet-stream", headers=headers)


def stored_counts(app):
    from media_service.extensions import mongo

    with app.app_context():
        return mongo.db["audio.files"].count_documents({}), mongo.db["audio.chunks"].count_documents({})


def test_upload_reads_tags_and_stores_cover_once(client, token_for, song_file):
    first = upload(client, token_for("admin"), song_file)
    second = upload(client, token_for("admin"), song_file)
    assert first.status_code == 201
    body = first.json
    assert (body["title"], body["artist"], body["album"], body["year"], body["track"]) == ("Jóga", "Björk",
                                                                                           "Homogenic", 1997, 3)
    assert body["content_type"] == "audio/mpeg" and body["bitrate"] == 128000
    assert body["duration"] == pytest.approx(3, abs=0.2)
    assert body["cover_id"] and second.json["cover_id"] == body["cover_id"]
    assert second.json["audio_id"] != body["audio_id"]


@pytest.mark.parametrize("fmt", ["mp3", "flac", "m4a"])
def test_odd_tag_values_are_repaired_and_the_file_is_stored(client, token_for, tmp_path, fmt):
    path = make_audio(tmp_path / f"odd.{fmt}", fmt, seconds=1, title="Song\x07 " + "x" * 10_000, artist="Artist\x1b",
                      album="Album", year="99999" if fmt != "m4a" else "abc", track="x/y" if fmt != "m4a" else None,
                      genres=["Rock"])
    response = upload(client, token_for("admin"), path, filename=f"odd.{fmt}")
    assert response.status_code == 201, response.json
    body = response.json
    assert len(body["title"]) == 300 and body["title"].startswith("Song x") and body["title"].endswith("…")
    assert body["artist"] == "Artist" and body["year"] is None and body["track"] is None
    assert any(repair.startswith("title: control characters removed; shortened") for repair in body["tag_repairs"])
    assert any(repair.startswith("year: ") and "dropped" in repair for repair in body["tag_repairs"])


def test_a_clean_file_has_nothing_repaired(client, token_for, song_file):
    assert upload(client, token_for("admin"), song_file).json["tag_repairs"] == []


def test_filename_is_the_fallback_title(client, token_for, tmp_path):
    path = make_audio(tmp_path / "bare.mp3", "mp3", seconds=1)
    response = upload(client, token_for("admin"), path, filename="Night_Drive.mp3")
    assert response.json["title"] == "Night Drive" and response.json["cover_id"] is None


def test_non_audio_is_refused_and_nothing_stored(app, client, token_for, tmp_path):
    fake = tmp_path / "cover.mp3"
    fake.write_bytes(make_cover_png(size=(200, 200)))
    response = upload(client, token_for("admin"), fake, filename="cover.mp3")
    assert response.status_code == 415
    assert "not a supported audio file" in response.json["error"]
    assert stored_counts(app) == (0, 0)


def test_too_large_is_refused_and_nothing_stored(app, client, token_for, tmp_path):
    big = make_audio(tmp_path / "long.wav", "wav", seconds=3)  # about 500 kB of PCM
    response = upload(client, token_for("admin"), big, filename="long.wav")
    assert response.status_code == 413
    assert "upload limit" in response.json["error"]
    assert stored_counts(app) == (0, 0)


def test_empty_body_is_a_400(client, token_for):
    response = client.post("/api/media", data=b"", headers=token_for("admin"))
    assert response.status_code == 400


def test_only_admins_upload_and_delete(client, token_for, song_file):
    assert upload(client, token_for("listener"), song_file).status_code == 403
    assert upload(client, {}, song_file).status_code == 401
    audio_id = upload(client, token_for("admin"), song_file).json["audio_id"]
    assert client.delete(f"/api/media/{audio_id}", headers=token_for("listener")).status_code == 403
    assert client.delete(f"/api/media/{audio_id}", headers=token_for("admin")).status_code == 204
    assert client.get(f"/api/media/{audio_id}", headers=token_for("listener")).status_code == 404


def test_streaming_supports_range_and_conditional_requests(client, token_for, song_file):
    audio_id = upload(client, token_for("admin"), song_file).json["audio_id"]
    listener = token_for("listener")
    size = song_file.stat().st_size
    whole = client.get(f"/api/media/{audio_id}", headers=listener)
    assert whole.status_code == 200 and whole.data == song_file.read_bytes()
    assert whole.headers["Accept-Ranges"] == "bytes" and whole.headers["Content-Type"] == "audio/mpeg"
    assert whole.headers["ETag"] and whole.headers["Last-Modified"]

    middle = client.get(f"/api/media/{audio_id}", headers={**listener, "Range": "bytes=1000-1999"})
    assert middle.status_code == 206
    assert middle.headers["Content-Range"] == f"bytes 1000-1999/{size}"
    assert middle.data == song_file.read_bytes()[1000:2000]

    tail = client.get(f"/api/media/{audio_id}", headers={**listener, "Range": "bytes=-100"})
    assert tail.status_code == 206 and tail.data == song_file.read_bytes()[-100:]

    beyond = client.get(f"/api/media/{audio_id}", headers={**listener, "Range": f"bytes={size + 10}-"})
    assert beyond.status_code == 416 and beyond.headers["Content-Range"] == f"bytes */{size}"

    cached = client.get(f"/api/media/{audio_id}", headers={**listener, "If-None-Match": whole.headers["ETag"]})
    assert cached.status_code == 304


def test_streaming_needs_a_token_and_a_real_id(client, token_for):
    assert client.get(f"/api/media/{ObjectId()}").status_code == 401
    assert client.get(f"/api/media/{ObjectId()}", headers=token_for("listener")).status_code == 404
    assert client.get("/api/media/zzz", headers=token_for("listener")).status_code == 404


def test_cover_is_served_with_cache_headers(client, token_for, song_file):
    cover_id = upload(client, token_for("admin"), song_file).json["cover_id"]
    response = client.get(f"/api/covers/{cover_id}", headers=token_for("listener"))
    assert response.status_code == 200 and response.headers["Content-Type"] == "image/png"
    assert response.data == make_cover_png() and "max-age" in response.headers["Cache-Control"]


def test_an_empty_suffix_range_is_416_and_several_ranges_get_the_whole_file(client, token_for, song_file):
    audio_id = upload(client, token_for("admin"), song_file).json["audio_id"]
    listener = token_for("listener")
    whole = song_file.read_bytes()
    for header in ("bytes=-0", "bytes= -000"):
        empty = client.get(f"/api/media/{audio_id}", headers={**listener, "Range": header})
        assert empty.status_code == 416 and empty.headers["Content-Range"] == f"bytes */{len(whole)}"
    several = client.get(f"/api/media/{audio_id}", headers={**listener, "Range": "bytes=0-1, 5-6"})
    assert several.status_code == 200 and several.data == whole
    suffix = client.get(f"/api/media/{audio_id}", headers={**listener, "Range": "bytes=-10"})
    assert suffix.status_code == 206 and suffix.data == whole[-10:]


def test_a_long_suffix_is_the_whole_file_and_a_range_that_cannot_be_parsed_is_ignored(client, token_for, song_file):
    """RFC 9110: a suffix longer than the representation selects all of it, and an unparseable Range
    header is ignored; both were answered 416."""
    audio_id = upload(client, token_for("admin"), song_file).json["audio_id"]
    whole = song_file.read_bytes()
    longer = client.get(f"/api/media/{audio_id}", headers={**token_for("listener"), "Range": "bytes=-99999999999"})
    assert longer.status_code == 206 and longer.get_data() == whole
    assert longer.headers["Content-Range"] == f"bytes 0-{len(whole) - 1}/{len(whole)}"
    for junk in ("bytes=abc", "bytes=5-2", "pages=1-2", "bytes=--1"):
        ignored = client.get(f"/api/media/{audio_id}", headers={**token_for("listener"), "Range": junk})
        assert ignored.status_code == 200 and ignored.get_data() == whole, junk


def test_a_deleted_song_is_not_served_from_the_kept_file_document(client, token_for, song_file):
    """Opened files' documents are kept 30 s in the process; a delete here forgets its own at once."""
    audio_id = upload(client, token_for("admin"), song_file).json["audio_id"]
    assert client.get(f"/api/media/{audio_id}", headers=token_for("listener")).status_code == 200
    assert client.delete(f"/api/media/{audio_id}", headers=token_for("admin")).status_code in (200, 204)
    assert client.get(f"/api/media/{audio_id}", headers=token_for("listener")).status_code == 404

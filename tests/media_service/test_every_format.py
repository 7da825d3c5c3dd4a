"""Every kind of file a real library holds: accepted by decoding, measured right, and made playable.

One file of each format that PyAV encodes here (tests/audio_factory.py ENCODED_FORMATS) is uploaded.
Browsers play the originals of some; the others get a browser rendition from the worker. Every song
gets a data-saver rendition. Files without audio that decodes are refused and leave nothing behind.
"""
import io
import struct

import av
import pytest
from audio_factory import ENCODED_FORMATS, encode_audio, make_audio, make_cover_png

from media_service.app import create_app
from media_service.models import media_store, renditions

SECONDS = 3.0


@pytest.fixture
def app(make_service_app, tmp_path):
    return make_service_app(create_app, UPLOAD_MAX_BYTES=20_000_000, MAX_CONTENT_LENGTH=21_000_000,
                            UPLOAD_TMP_DIR=str(tmp_path))


@pytest.fixture
def client(app):
    return app.test_client()


def upload(client, headers, body, filename):
    return client.post("/api/media", query_string={"filename": filename}, data=body,
                       content_type="application/octet-stream", headers=headers)


def upload_path(client, headers, path):
    with open(path, "rb") as body:
        return upload(client, headers, body, path.name)


def make_renditions(app):
    with app.app_context():
        return renditions.work(media_store.open_audio, app.config["UPLOAD_TMP_DIR"], once=True)


def stored(app):
    """How many files and chunks each bucket holds, and how many rendition jobs there are."""
    from media_service.extensions import mongo

    with app.app_context():
        counts = {name: mongo.db[name].count_documents({}) for name in
                  ("audio.files", "audio.chunks", "renditions.files", "renditions.chunks", "covers.files")}
        counts["jobs"] = mongo.db.renditions.count_documents({})
        return counts


def probe_bytes(data):
    """(codec, seconds, sample rate, channels) of audio held in memory (small test files only)."""
    with av.open(io.BytesIO(data)) as container:
        stream = container.streams.audio[0]
        samples = sum(frame.samples for frame in container.decode(stream))
        return stream.codec_context.name, samples / stream.sample_rate, stream.sample_rate, stream.channels


@pytest.mark.parametrize("encoded", ENCODED_FORMATS, ids=str)
def test_each_format_is_accepted_measured_and_playable(app, client, token_for, tmp_path, encoded):
    path = encode_audio(tmp_path / f"{encoded.label}.{encoded.extension}", encoded, SECONDS)
    response = upload_path(client, token_for("admin"), path)
    assert response.status_code == 201, response.json
    body = response.json
    assert body["duration"] == pytest.approx(SECONDS, abs=0.1)
    assert body["browser_playable"] is encoded.played_as_stored
    assert body["sample_rate"] == encoded.sample_rate
    assert body["channels"] == av.AudioLayout(encoded.layout).nb_channels
    listener = token_for("listener")
    original = client.get(f"/api/media/{body['audio_id']}", query_string={"original": "1"}, headers=listener)
    assert original.data == path.read_bytes(), "the original is kept byte for byte"

    if not encoded.played_as_stored:
        waiting = client.get(f"/api/media/{body['audio_id']}", headers=listener)
        assert waiting.status_code == 409 and "being converted" in waiting.json["error"]
        assert waiting.headers["Retry-After"] == "30"
    assert make_renditions(app) == (1 if encoded.played_as_stored else 2)

    played = client.get(f"/api/media/{body['audio_id']}", headers=listener)
    assert played.status_code == 200 and played.mimetype == body["content_type"]
    codec, seconds, _, channels = probe_bytes(played.data)
    assert seconds == pytest.approx(SECONDS, abs=0.1)
    if encoded.played_as_stored:
        assert played.data == path.read_bytes()
    else:
        assert codec == ("flac" if body["lossless"] else "opus") and channels == 2
    middle = played.headers["Content-Length"]
    ranged = client.get(f"/api/media/{body['audio_id']}", headers={**listener, "Range": f"bytes={int(middle) // 2}-"})
    assert ranged.status_code == 206 and len(ranged.data) == int(middle) - int(middle) // 2


def test_data_saver_is_opus_at_about_96_kbps_for_every_song(app, client, token_for, tmp_path):
    path = make_audio(tmp_path / "long.flac", "flac", seconds=20)
    body = upload_path(client, token_for("admin"), path).json
    make_renditions(app)
    listener = token_for("listener")
    saver = client.get(f"/api/media/{body['audio_id']}", query_string={"quality": "saver"}, headers=listener)
    assert saver.status_code == 200 and saver.mimetype == "audio/ogg"
    codec, seconds, rate, channels = probe_bytes(saver.data)
    assert (codec, rate, channels) == ("opus", 48000, 2) and seconds == pytest.approx(20, abs=0.1)
    assert 80_000 <= len(saver.data) * 8 / seconds <= 112_000
    half = len(saver.data) // 2
    ranged = client.get(f"/api/media/{body['audio_id']}", query_string={"quality": "saver"},
                        headers={**listener, "Range": f"bytes={half}-"})
    assert ranged.status_code == 206 and ranged.data == saver.data[half:]
    normal = client.get(f"/api/media/{body['audio_id']}", headers=listener)
    assert normal.mimetype == "audio/flac" and normal.data == path.read_bytes()
    assert client.get(f"/api/media/{body['audio_id']}", query_string={"quality": "best"},
                      headers=listener).status_code == 400


def test_before_its_saver_rendition_is_made_a_song_plays_in_full_quality(app, client, token_for, tmp_path):
    path = make_audio(tmp_path / "new.mp3", "mp3", seconds=2)
    body = upload_path(client, token_for("admin"), path).json
    saver = client.get(f"/api/media/{body['audio_id']}", query_string={"quality": "saver"},
                       headers=token_for("listener"))
    assert saver.status_code == 200 and saver.data == path.read_bytes()


def test_deleting_a_song_deletes_its_renditions(app, client, token_for, tmp_path):
    body = upload_path(client, token_for("admin"), encode_audio(tmp_path / "a.aiff", _format("aiff"))).json
    make_renditions(app)
    assert stored(app)["renditions.files"] == 2
    assert client.delete(f"/api/media/{body['audio_id']}", headers=token_for("admin")).status_code == 204
    counts = stored(app)
    assert counts["audio.files"] == counts["renditions.files"] == counts["renditions.chunks"] == counts["jobs"] == 0


def test_a_file_that_cannot_be_converted_is_retried_then_marked_failed(app, client, token_for, tmp_path):
    body = upload_path(client, token_for("admin"), encode_audio(tmp_path / "a.wma", _format("wma"))).json
    from media_service.extensions import mongo

    with app.app_context():  # the original's chunks go bad after it was accepted
        mongo.db["audio.chunks"].update_many({"files_id": _object_id(body["audio_id"])}, {"$set": {"data": b"\0" * 10}})
    for _ in range(renditions.MAX_ATTEMPTS):
        make_renditions(app)
    with app.app_context():
        jobs = {job["kind"]: job for job in mongo.db.renditions.find()}
    assert {job["state"] for job in jobs.values()} == {renditions.FAILED}
    assert all(job["attempts"] == renditions.MAX_ATTEMPTS and job["error"] for job in jobs.values())
    assert stored(app)["renditions.files"] == 0


def _format(label):
    return next(encoded for encoded in ENCODED_FORMATS if encoded.label == label)


def _object_id(text):
    from bson import ObjectId

    return ObjectId(text)


def _video_only_mp4(path):
    with av.open(str(path), "w", format="mp4") as container:
        stream = container.add_stream("mpeg4", rate=10)
        stream.width, stream.height, stream.pix_fmt = 64, 64, "yuv420p"
        for number in range(10):
            frame = av.VideoFrame.from_ndarray(__import__("numpy").zeros((64, 64, 3), dtype="uint8"), format="rgb24")
            frame.pts = number
            container.mux(stream.encode(frame))
        container.mux(stream.encode(None))
    return path.read_bytes()


MIDI = b"MThd" + struct.pack(">IHHH", 6, 0, 1, 96) + b"MTrk" + struct.pack(">I", 12) + \
    b"\x00\x90\x3c\x40\x60\x80\x3c\x40\x00\xff\x2f\x00"


@pytest.mark.parametrize("kind", ["png", "midi", "video-only mp4", "truncated mp3", "text"])
def test_files_without_audio_that_decodes_are_refused_and_leave_nothing(app, client, token_for, tmp_path, kind):
    if kind == "png":
        data = make_cover_png(size=(300, 300))
    elif kind == "midi":
        data = MIDI
    elif kind == "video-only mp4":
        data = _video_only_mp4(tmp_path / "video.mp4")
    elif kind == "truncated mp3":
        data = make_audio(tmp_path / "cut.mp3", "mp3", seconds=2).read_bytes()[:300]
    else:
        data = "Tracklist:\n1. Jóga\n".encode() * 50
    response = upload(client, token_for("admin"), data, f"{kind}.mp3")
    assert response.status_code == 415, response.json
    assert "not a supported audio file" in response.json["error"] and response.json["error"].startswith(f"{kind}.mp3: ")
    assert set(stored(app).values()) == {0}


def test_a_header_that_lies_about_the_duration_does_not_decide_it(client, token_for, tmp_path):
    path = encode_audio(tmp_path / "lying.wav", _format("wav-s16"), SECONDS)
    data = bytearray(path.read_bytes())
    data_chunk = data.index(b"data")
    data[data_chunk + 4:data_chunk + 8] = struct.pack("<I", 0x7FFFFFF0)  # "2 GB of samples follow"
    response = upload(client, token_for("admin"), bytes(data), "lying.wav")
    assert response.status_code == 201 and response.json["duration"] == pytest.approx(SECONDS, abs=0.1)


def test_the_sweeper_removes_renditions_no_job_records(app, client, token_for, tmp_path):
    from datetime import datetime, timedelta, timezone

    from media_service.extensions import mongo
    from media_service.models import chunked_files, sweeper

    body = upload_path(client, token_for("admin"), encode_audio(tmp_path / "a.aiff", _format("aiff"))).json
    make_renditions(app)
    with app.app_context():
        # What a worker that died between storing a rendition and recording it leaves behind.
        leftover = chunked_files.write_file(mongo.db, renditions.BUCKET, io.BytesIO(b"x" * 1000), "leftover", {})
        long_ago = datetime.now(timezone.utc) - timedelta(days=1)
        mongo.db["renditions.files"].update_many({}, {"$set": {"uploadDate": long_ago}})
        report = sweeper.sweep()
        remaining = {document["_id"] for document in mongo.db["renditions.files"].find({}, {"_id": 1})}
    assert report.unused_renditions == 1 and leftover not in remaining and len(remaining) == 2
    assert client.get(f"/api/media/{body['audio_id']}", headers=token_for("listener")).status_code == 200


def test_songs_stored_before_renditions_get_their_data_saver_copy(app, client, token_for, tmp_path):
    from media_service.extensions import mongo

    body = upload_path(client, token_for("admin"), make_audio(tmp_path / "old.mp3", "mp3", seconds=2)).json
    with app.app_context():  # as a song stored by the previous version: no job
        mongo.db.renditions.delete_many({})
        assert renditions.queue_missing(media_store.AUDIO_BUCKET) == 1
        assert renditions.queue_missing(media_store.AUDIO_BUCKET) == 0
    assert make_renditions(app) == 1
    saver = client.get(f"/api/media/{body['audio_id']}", query_string={"quality": "saver"},
                       headers=token_for("listener"))
    assert saver.mimetype == "audio/ogg"

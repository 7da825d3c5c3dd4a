"""The storage sweeper removes what nothing will use, asks song_service what songs use, and keeps the rest."""
import os
import re
import time
from datetime import datetime, timedelta, timezone

import pytest
import requests
from audio_factory import make_audio, make_cover_jpeg, make_cover_png
from bson import ObjectId
from pymongo import MongoClient
from web_session import WebSession

from common.service_tokens import issue_token

pytestmark = pytest.mark.stack

TWO_DAYS_AGO = datetime.now(timezone.utc) - timedelta(days=2)


@pytest.fixture
def media_db(stack, mongo_uri):
    client = MongoClient(mongo_uri, tz_aware=True)
    yield client[stack.environment["MEDIA_DB_NAME"]]
    client.close()


def sweeper_app(stack, mongo_uri, spool, song_url=None):
    from media_service.app import create_app

    return create_app({
        "MONGO_URI": mongo_uri, "MONGO_DB_NAME": stack.environment["MEDIA_DB_NAME"],
        "SECRET_KEY": stack.environment["SECRET_KEY"],
        "SERVICE_TOKEN_SECRET": stack.environment["SERVICE_TOKEN_SECRET"],
        "SONG_SERVICE_URL": song_url or stack.url("song_service"), "UPLOAD_TMP_DIR": str(spool),
        "SWEEP_GRACE_SECONDS": 3600,
    })


def test_the_sweeper_removes_only_what_nothing_uses(stack, mongo_uri, media_db, tmp_path):
    admin = WebSession(stack.url("operator_service"))
    admin.sign_up("sweeper-admin")
    kept_song = make_audio(tmp_path / "kept.mp3", "mp3", seconds=1, title="Kept", cover=make_cover_png())
    with open(kept_song, "rb") as audio:
        page = admin.submit("/admin/upload", files={"audio_files": ("kept.mp3", audio, "audio/mpeg")})
    kept_audio = re.search(r"/audio/([0-9a-f]{24})", page.text).group(1)
    # Stored in media_service, but the song was never created: what a failed creation leaves.
    token = issue_token(stack.environment["SERVICE_TOKEN_SECRET"], "0" * 24, "admin", "admin")
    lost = make_audio(tmp_path / "lost.mp3", "mp3", seconds=1, title="Lost",
                      cover=make_cover_jpeg(color=(1, 2, 3), size=(500, 500)))
    stored = requests.post(stack.url("media_service") + "/api/media", params={"filename": "lost.mp3"},
                           data=lost.read_bytes(), headers={"Authorization": f"Bearer {token}"}, timeout=10).json()
    for bucket in ("audio", "covers"):
        media_db[f"{bucket}.files"].update_many({}, {"$set": {"uploadDate": TWO_DAYS_AGO}})
    old_orphan, new_orphan = ObjectId.from_datetime(TWO_DAYS_AGO), ObjectId()
    media_db["audio.chunks"].insert_many([{"files_id": old_orphan, "n": 0, "data": b"x" * 10},
                                          {"files_id": new_orphan, "n": 0, "data": b"y" * 10}])
    stale, fresh = tmp_path / "upload-stale", tmp_path / "upload-fresh"
    stale.write_bytes(b"left by a killed worker")
    fresh.write_bytes(b"an upload in progress")
    os.utime(stale, (time.time() - 7200, time.time() - 7200))

    result = sweeper_app(stack, mongo_uri, tmp_path).test_cli_runner().invoke(args=["sweep-storage"])

    assert result.exit_code == 0, result.output
    assert ("1 unfinished uploads' chunks, 1 audio files and 1 covers no song uses, 0 renditions no job records, "
            "1 stale spool files") in result.output
    assert media_db["audio.files"].count_documents({"_id": ObjectId(stored["audio_id"])}) == 0
    cover_id = ObjectId(stored["cover_id"])
    covers = media_db["covers.files"]
    assert covers.count_documents({"$or": [{"_id": cover_id}, {"metadata.variant_of": cover_id}]}) == 0
    assert media_db["audio.chunks"].count_documents({"files_id": old_orphan}) == 0
    assert media_db["audio.chunks"].count_documents({"files_id": new_orphan}) == 1
    assert not stale.exists() and fresh.exists()
    # The song's own audio and cover stay, and still play.
    assert admin.get(f"/audio/{kept_audio}").content == kept_song.read_bytes()
    assert media_db["covers.files"].count_documents({}) == 3  # the kept cover and its two sizes


def test_without_an_answer_from_song_service_nothing_is_removed(stack, mongo_uri, media_db, tmp_path):
    media_db["audio.files"].insert_one({"_id": ObjectId(), "length": 0, "chunkSize": 261120, "filename": "x",
                                        "uploadDate": TWO_DAYS_AGO, "metadata": {}})
    before = media_db["audio.files"].count_documents({})
    app = sweeper_app(stack, mongo_uri, tmp_path, song_url="http://127.0.0.1:9")
    result = app.test_cli_runner().invoke(args=["sweep-storage"])
    assert result.exit_code != 0 and "nothing was removed" in result.output
    assert media_db["audio.files"].count_documents({}) == before

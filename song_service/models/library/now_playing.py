"""Who is playing what right now, for everyone to see: one entry per listener and player, replaced by each
new song, and forgotten by MongoDB (a TTL index) after EXPIRE_SECONDS."""
from datetime import datetime, timedelta, timezone

from pymongo import DESCENDING

from song_service.errors import SongNotFound
from song_service.extensions import mongo
from song_service.models.catalogue import song_lookup

EXPIRE_SECONDS = 15 * 60
MAX_CLIENT_LENGTH = 64
# A song is still playing until its length plus this has passed (pauses, buffering).
GRACE_SECONDS = 60
# Entries read per call: far more than the people listening at once on one service.
MAX_ENTRIES = 500


def _entries():
    return mongo.db.now_playing


def record(user_id, username, client, song_id, now=None):
    if not song_lookup.existing_song_ids([song_id]):
        raise SongNotFound("No such song.")
    now = now or datetime.now(timezone.utc)
    now = now.replace(microsecond=now.microsecond // 1000 * 1000)  # as BSON keeps it, so reads agree
    # The _id is the (listener, player) pair, so that a new song replaces the old one without a second index.
    _entries().replace_one({"_id": {"user_id": user_id, "client": client}},
                           {"username": username, "song_id": song_id, "started_at": now}, upsert=True)
    return now


def playing(now=None):
    """Everyone's current songs, newest first; entries past their song's end (plus GRACE_SECONDS) are left out,
    as are those of songs deleted since."""
    now = now or datetime.now(timezone.utc)
    query = {"started_at": {"$gte": now - timedelta(seconds=EXPIRE_SECONDS)}}
    entries = list(_entries().find(query).sort("started_at", DESCENDING).limit(MAX_ENTRIES))
    songs = song_lookup.songs_by_id(entry["song_id"] for entry in entries)
    shown = []
    for entry in entries:
        song = songs.get(entry["song_id"])
        started_at = entry["started_at"]
        if song is None or now - started_at > timedelta(seconds=(song.get("duration") or 0) + GRACE_SECONDS):
            continue
        shown.append({"song": song, "username": entry.get("username"), "user_id": entry["_id"]["user_id"],
                      "client": entry["_id"]["client"], "started_at": started_at,
                      "minutes_ago": int((now - started_at).total_seconds() // 60)})
    return shown


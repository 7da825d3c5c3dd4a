"""Plays: each user's listening history and every song's play count.

A play counts after half the song or four minutes (the Last.fm rule, applied by the player), so one user
cannot count the same song again before that much time has passed: nobody could have heard it twice
sooner. The gate is one atomic upsert per user and song, so a burst of requests counts once.
"""
from datetime import datetime, timedelta, timezone

from pymongo import DESCENDING
from pymongo.errors import DuplicateKeyError

from song_service.errors import SongNotFound, TooSoon
from song_service.extensions import mongo
from song_service.models.catalogue import bounded_reads, song_lookup
from song_service.models.catalogue.song import HIDDEN, public_song
from song_service.models.search import change_log

HISTORY_LIMIT = 200
# What must be heard for a play to count: half the song, at most four minutes; for a song of unknown
# length, the shortest a scrobbled track may be.
MAX_LISTEN_SECONDS = 240
UNKNOWN_LENGTH_LISTEN_SECONDS = 30


def listen_seconds(duration):
    return min(duration / 2, MAX_LISTEN_SECONDS) if duration and duration > 0 else UNKNOWN_LENGTH_LISTEN_SECONDS


def _claim_listen(user_id, song_id, needed, now):
    """True when the user's last counted play of the song is at least ``needed`` seconds old (or there is
    none), marking this one as the last; False otherwise. An upsert whose filter misses an existing
    document inserts the same _id again and fails, which is how a play too soon is told apart."""
    try:
        mongo.db.play_gates.update_one(
            {"_id": {"user_id": user_id, "song_id": song_id}, "counted_at": {"$lte": now - timedelta(seconds=needed)}},
            {"$set": {"counted_at": now}},
            upsert=True,
        )
    except DuplicateKeyError:
        return False
    return True


def record_play(user_id, song_id, now=None):
    """Count one play of a song and add it to the user's history.

    SongNotFound when there is no such song; TooSoon when the user counted it too recently.
    """
    now = now or datetime.now(timezone.utc)
    song = mongo.db.songs.find_one({"_id": song_id}, {"duration": 1})
    if song is None:
        raise SongNotFound("No such song.")
    needed = listen_seconds(song.get("duration"))
    if not _claim_listen(user_id, song_id, needed, now):
        gate = mongo.db.play_gates.find_one({"_id": {"user_id": user_id, "song_id": song_id}}) or {}
        counted_at = gate.get("counted_at", now)
        raise TooSoon(max(1, int(needed - (now - counted_at).total_seconds()) + 1))
    counted = mongo.db.songs.find_one_and_update({"_id": song_id}, {"$inc": {"play_count": 1}}, {"album_id": 1})
    if counted is None:
        raise SongNotFound("No such song.")  # deleted a moment ago
    if counted.get("album_id"):
        # Only an album that already counts: one stored before album play counts gets its total from its
        # songs' counts (backfill.backfill_albums), which this play is already part of.
        mongo.db.albums.update_one({"_id": counted["album_id"], "play_count": {"$exists": True}},
                                   {"$inc": {"play_count": 1}})
    change_log.record(songs=[song_id])  # search ranks by play count
    mongo.db.plays.insert_one({"user_id": user_id, "song_id": song_id, "played_at": now})
    return now


def recent_plays(user_id, limit):
    """The user's last plays, newest first, each with its song; plays of deleted songs are left out."""
    plays = list(
        mongo.db.plays.find({"user_id": user_id}, {"_id": 0, "song_id": 1, "played_at": 1})
        .sort("played_at", DESCENDING)
        .limit(min(limit, HISTORY_LIMIT))
    )
    songs = song_lookup.songs_by_id(play["song_id"] for play in plays)
    return [{"played_at": play["played_at"], "song": songs[play["song_id"]]}
            for play in plays if play["song_id"] in songs]


def most_played(limit):
    # Read in play-count bands from the top: SecantusDB fetches every document an open range matches
    # before it applies the limit (20,193 examined for a limit of 10 at 50,000 songs).
    songs = bounded_reads.top_played(mongo.db.songs, {}, limit, projection=HIDDEN, unplayed=False)
    return [public_song(song) for song in songs]

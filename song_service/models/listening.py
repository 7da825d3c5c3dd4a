"""Plays: each user's listening history and every song's play count."""
from datetime import datetime, timezone

from pymongo import DESCENDING

from song_service.extensions import mongo
from song_service.models import bounded_reads, song_lookup
from song_service.models.song import HIDDEN, public_song

HISTORY_LIMIT = 200


class SongNotFound(LookupError):
    pass


def record_play(user_id, song_id):
    """Count one play of a song and add it to the user's history; SongNotFound when there is no such song."""
    counted = mongo.db.songs.update_one({"_id": song_id}, {"$inc": {"play_count": 1}})
    if counted.matched_count == 0:
        raise SongNotFound(song_id)
    played_at = datetime.now(timezone.utc)
    mongo.db.plays.insert_one({"user_id": user_id, "song_id": song_id, "played_at": played_at})
    return played_at


def recent_plays(user_id, limit):
    """The user's last plays, newest first, each with its song; plays of deleted songs are left out."""
    plays = list(
        mongo.db.plays.find({"user_id": user_id}, {"_id": 0, "song_id": 1, "played_at": 1})
        .sort("played_at", DESCENDING)
        .limit(min(limit, HISTORY_LIMIT))
    )
    songs = song_lookup.songs_by_id(play["song_id"] for play in plays)
    return [{"played_at": play["played_at"], "song": songs[play["song_id"]]} for play in plays if play["song_id"] in songs]


def most_played(limit):
    # Read in play-count bands from the top: SecantusDB fetches every document an open range matches
    # before it applies the limit (20,193 examined for a limit of 10 at 50,000 songs).
    songs = bounded_reads.top_played(mongo.db.songs, {}, limit, projection=HIDDEN, unplayed=False)
    return [public_song(song) for song in songs]

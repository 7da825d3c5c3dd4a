"""Plays and listening history, kept by song_service under the logged-in user's token."""
from operator_service.models.backend import song_backend


def record_play(song_id, played_at_ms=None):
    """Count a play, now or at ``played_at_ms`` (an app's scrobble of a song heard earlier, such as offline)."""
    body = {"song_id": str(song_id)}
    if played_at_ms is not None:
        body["played_at_ms"] = played_at_ms
    return song_backend.json("POST", "/api/plays", json=body)


def recent_plays(limit=50):
    return song_backend.json("GET", "/api/plays/mine", params={"limit": limit})["plays"]


def most_played(limit=10):
    return song_backend.json("GET", "/api/plays/top-songs", params={"limit": limit})["songs"]

"""Plays and listening history, kept by song_service under the logged-in user's token."""
from operator_service.models.backend import song_backend


def record_play(song_id):
    return song_backend.json("POST", "/api/plays", json={"song_id": str(song_id)})


def recent_plays(limit=50):
    return song_backend.json("GET", "/api/plays/mine", params={"limit": limit})["plays"]


def most_played(limit=10):
    return song_backend.json("GET", "/api/plays/top-songs", params={"limit": limit})["songs"]

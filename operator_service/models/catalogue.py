"""Songs, kept by song_service."""
from operator_service.models.backend import song_backend


def recent_songs(limit=24, before=None):
    params = {"limit": limit}
    if before:
        params["before"] = before
    return song_backend.json("GET", "/api/songs", params=params)


def search_songs(query, limit=30):
    return song_backend.json("GET", "/api/songs/search", params={"q": query, "limit": limit})["songs"]


def get_song(song_id):
    return song_backend.json("GET", f"/api/songs/{song_id}")


def create_song(metadata):
    return song_backend.json("POST", "/api/songs", json=metadata)


def delete_song(song_id):
    return song_backend.json("DELETE", f"/api/songs/{song_id}")

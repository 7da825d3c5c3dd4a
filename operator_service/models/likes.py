"""Liked songs, kept by song_service under the logged-in user's token."""
from common.browse_contract import MAX_LIKED_LOOKUP
from operator_service.models.backend import song_backend


def like(song_id):
    return song_backend.json("PUT", f"/api/likes/{song_id}")


def unlike(song_id):
    return song_backend.json("DELETE", f"/api/likes/{song_id}")


def liked_songs(before=None, limit=100):
    params = {"limit": limit}
    if before:
        params["before"] = before
    return song_backend.json("GET", "/api/likes", params=params)


def liked_among(song_ids):
    """The ids, among these, of the songs the user likes."""
    if not song_ids:
        return set()
    return set(song_backend.json("POST", "/api/likes/lookup", json={"song_ids": list(song_ids)})["liked"])


def liked_at(song_ids):
    """``{song id: when the user liked it}`` for the liked ones among these."""
    found = {}
    song_ids = list(dict.fromkeys(str(song_id) for song_id in song_ids))
    for start in range(0, len(song_ids), MAX_LIKED_LOOKUP):
        chunk = song_ids[start:start + MAX_LIKED_LOOKUP]
        found.update(song_backend.json("POST", "/api/likes/lookup", json={"song_ids": chunk}).get("liked_at", {}))
    return found

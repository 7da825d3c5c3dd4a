"""Playlists, kept by song_service under the logged-in user's token (which is how it knows the owner)."""
from operator_service.models.backend import song_backend

PAGE_SIZE = 500


def my_playlists(limit=1000):
    return song_backend.json("GET", "/api/playlists", params={"limit": limit})["playlists"]


def create_playlist(name, description="", public=False, song_ids=(), request_key=None):
    """``request_key`` becomes the playlist's id, so that the same form sent twice creates one playlist."""
    body = {"name": name, "description": description, "public": public, "song_ids": [str(s) for s in song_ids]}
    if request_key is not None:
        body["playlist_id"] = str(request_key)
    return song_backend.json("POST", "/api/playlists", json=body)


def get_playlist(playlist_id, offset=0, limit=PAGE_SIZE):
    return song_backend.json("GET", f"/api/playlists/{playlist_id}", params={"offset": offset, "limit": limit})


def update_playlist(playlist_id, **details):
    return song_backend.json("PATCH", f"/api/playlists/{playlist_id}", json=details)


def delete_playlist(playlist_id):
    return song_backend.json("DELETE", f"/api/playlists/{playlist_id}")


def add_song(playlist_id, song_id, request_key=None):
    """``request_key`` becomes the new entry's id, so that the same form sent twice adds the song once."""
    body = {"song_id": str(song_id)}
    if request_key is not None:
        body["entry_id"] = str(request_key)
    return song_backend.json("POST", f"/api/playlists/{playlist_id}/songs", json=body)


def remove_entry(playlist_id, entry_id):
    return song_backend.json("DELETE", f"/api/playlists/{playlist_id}/songs/{entry_id}")


def move_entry(playlist_id, entry_id, where):
    """``where``: ``{"offset": -1}``, ``{"before": entry_id or None}``, ``{"after": entry_id}`` or
    ``{"position": i}``."""
    return song_backend.json("POST", f"/api/playlists/{playlist_id}/songs/{entry_id}/move", json=where)


def export_m3u8(playlist_id, location_prefix):
    """The backend's response: the file's text, and the headers that name it."""
    return song_backend.request("GET", f"/api/playlists/{playlist_id}/export.m3u8",
                                params={"location_prefix": location_prefix})


def import_m3u8(text, name=None, file_name=None):
    body = {"m3u8": text, "name": name, "file_name": file_name}
    return song_backend.json("POST", "/api/playlists/import", json=body)


# What song_service adds in one request (its MAX_SONGS_PER_ADD).
SONGS_PER_ADD = 1_000


def add_songs(playlist_id, song_ids):
    """Add songs at the end, in order, in as few requests as song_service takes."""
    song_ids = [str(song_id) for song_id in song_ids]
    for start in range(0, len(song_ids), SONGS_PER_ADD):
        song_backend.json("POST", f"/api/playlists/{playlist_id}/songs",
                          json={"song_ids": song_ids[start:start + SONGS_PER_ADD]})

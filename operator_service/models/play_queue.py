"""The caller's saved play queue and what everyone is playing now, kept by song_service."""
from operator_service.models.backend import song_backend


def saved_queue():
    """``{"song_ids", "songs", "current_index", "position_ms", "changed_at", "changed_by"}``."""
    return song_backend.json("GET", "/api/play-queue")


def save_queue(song_ids, current_index, position_ms, changed_by):
    body = {"song_ids": list(song_ids), "current_index": current_index, "position_ms": position_ms,
            "changed_by": changed_by}
    return song_backend.json("PUT", "/api/play-queue", json=body)


def playing_now(song_id, client):
    return song_backend.json("PUT", "/api/now-playing", json={"song_id": str(song_id), "client": client})


def everyone_playing_now():
    return song_backend.json("GET", "/api/now-playing")["entries"]

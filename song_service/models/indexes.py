"""Every index song_service needs, created at start-up."""
from pymongo import ASCENDING, DESCENDING

INDEXES = {
    "songs": [
        # Multikey: each word prefix of every metadata field; search matches one prefix through it.
        ([("search_prefixes", ASCENDING)], {"name": "search_prefixes"}),
        ([("audio_id", ASCENDING)], {"unique": True, "name": "unique_audio"}),
        ([("play_count", DESCENDING), ("_id", DESCENDING)], {"name": "most_played"}),
    ],
    # A user's listening history, newest first: one indexed range per user.
    "plays": [
        ([("user_id", ASCENDING), ("played_at", DESCENDING)], {"name": "history_by_user"}),
    ],
}

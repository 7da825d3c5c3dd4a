"""Every index song_service needs, created at start-up."""
from pymongo import ASCENDING

INDEXES = {
    "songs": [
        # Multikey: each word prefix of every metadata field; search matches one prefix through it.
        ([("search_prefixes", ASCENDING)], {"name": "search_prefixes"}),
        ([("audio_id", ASCENDING)], {"unique": True, "name": "unique_audio"}),
    ],
}

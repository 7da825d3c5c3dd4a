"""Every index media_service needs, created at start-up (GridFS creates its own chunk indexes)."""
from pymongo import ASCENDING

INDEXES = {
    # Identical cover art is stored once: songs of one album share it.
    "covers.files": [
        ([("metadata.sha256", ASCENDING)], {"name": "cover_by_hash"}),
    ],
}

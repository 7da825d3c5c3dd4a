"""Every index media_service needs, created at start-up."""
from pymongo import ASCENDING

from common import idempotency
from media_service.models import renditions

# The GridFS specification's indexes: chunks are read one by one through (files_id, n).
_GRIDFS_INDEXES = {
    f"{bucket}.{collection}": [(keys, {"unique": unique, "name": name})]
    for bucket in ("audio", "covers", "renditions")
    for collection, keys, unique, name in (
        ("chunks", [("files_id", ASCENDING), ("n", ASCENDING)], True, "files_id_1_n_1"),
        ("files", [("filename", ASCENDING), ("uploadDate", ASCENDING)], False, "filename_1_uploadDate_1"),
    )
}

INDEXES = {
    **_GRIDFS_INDEXES,
    # Identical cover art is stored once: songs of one album share it.
    "covers.files": [
        ([("metadata.sha256", ASCENDING)], {"name": "cover_by_hash"}),
        # A thumbnail or large copy of a cover, made once (models/cover_sizes.py); originals have none.
        ([("metadata.variant", ASCENDING)], {"unique": True, "sparse": True, "name": "cover_variant"}),
    ],
    # The renditions' work queue (models/renditions.py).
    **renditions.INDEXES,
    # Answers to repeated requests (common/idempotency.py), forgotten after a day.
    **idempotency.INDEXES,
}

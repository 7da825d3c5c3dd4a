"""Audio files and cover images in GridFS buckets: stored in chunks, read back as seekable streams."""
import hashlib
import io
from datetime import datetime, timezone

from gridfs import GridFSBucket
from gridfs.errors import NoFile

from media_service.extensions import mongo
from media_service.models import chunked_files

AUDIO_BUCKET = "audio"
COVER_BUCKET = "covers"


def _bucket(name):
    return GridFSBucket(mongo.db, bucket_name=name)


def save_audio(source, filename, content_type, uploaded_by):
    """Copy an open file into GridFS chunk by chunk and return the new id."""
    return chunked_files.write_file(
        mongo.db, AUDIO_BUCKET, source, filename or "audio",
        metadata={"content_type": content_type, "uploaded_by": uploaded_by},
    )


def open_audio(audio_id):
    """A seekable stored file, or None."""
    return chunked_files.open_file(mongo.db, AUDIO_BUCKET, audio_id)


def delete_audio(audio_id):
    try:
        _bucket(AUDIO_BUCKET).delete(audio_id)
        return True
    except NoFile:
        return False


def save_cover(image, content_type):
    """Store cover art once however many songs carry it; the id of the stored copy."""
    digest = hashlib.sha256(image).hexdigest()
    existing = mongo.db[f"{COVER_BUCKET}.files"].find_one({"metadata.sha256": digest}, {"_id": 1})
    if existing:
        return existing["_id"]
    return chunked_files.write_file(
        mongo.db, COVER_BUCKET, io.BytesIO(image), f"cover-{digest[:16]}",
        metadata={"content_type": content_type, "sha256": digest, "stored_at": datetime.now(timezone.utc)},
    )


def open_cover(cover_id):
    return chunked_files.open_file(mongo.db, COVER_BUCKET, cover_id)

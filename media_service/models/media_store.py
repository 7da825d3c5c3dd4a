"""Audio files and cover images in GridFS buckets: stored in chunks, read back as seekable streams."""
import hashlib
from datetime import datetime, timezone

from gridfs import GridFSBucket
from gridfs.errors import NoFile

from media_service.extensions import mongo

AUDIO_BUCKET = "audio"
COVER_BUCKET = "covers"
CHUNK_SIZE = 255 * 1024


def _bucket(name):
    return GridFSBucket(mongo.db, bucket_name=name, chunk_size_bytes=CHUNK_SIZE)


def save_audio(source, filename, content_type, uploaded_by):
    """Copy an open file into GridFS chunk by chunk and return the new id."""
    return _bucket(AUDIO_BUCKET).upload_from_stream(
        filename or "audio",
        source,
        metadata={"content_type": content_type, "uploaded_by": uploaded_by},
    )


def open_audio(audio_id):
    """A seekable GridOut for the audio file, or None."""
    try:
        return _bucket(AUDIO_BUCKET).open_download_stream(audio_id)
    except NoFile:
        return None


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
    return _bucket(COVER_BUCKET).upload_from_stream(
        f"cover-{digest[:16]}",
        image,
        metadata={"content_type": content_type, "sha256": digest, "stored_at": datetime.now(timezone.utc)},
    )


def open_cover(cover_id):
    try:
        return _bucket(COVER_BUCKET).open_download_stream(cover_id)
    except NoFile:
        return None

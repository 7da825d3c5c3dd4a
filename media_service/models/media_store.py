"""Audio files and cover images in GridFS buckets: stored in chunks, read back as seekable streams."""
import hashlib
import io
from datetime import datetime, timezone

from flask import current_app
from gridfs import GridFSBucket
from gridfs.errors import NoFile

from common.offload import run_cpu_bound
from media_service.extensions import mongo
from media_service.models import chunked_files, renditions

AUDIO_BUCKET = "audio"
COVER_BUCKET = "covers"


_chunk_cache = None


def _audio_chunk_cache():
    """One cache per process, sized by MEDIA_CHUNK_CACHE_BYTES; created in the worker, after the fork."""
    global _chunk_cache
    if _chunk_cache is None:
        _chunk_cache = chunked_files.ChunkCache(current_app.config["MEDIA_CHUNK_CACHE_BYTES"])
    return _chunk_cache


# How long an opened audio file's document is kept in this process (chunked_files.FileDocuments).
FILE_DOCUMENT_SECONDS = 30
_file_documents = chunked_files.FileDocuments(FILE_DOCUMENT_SECONDS)


def _bucket(name):
    return GridFSBucket(mongo.durable_db, bucket_name=name)


def save_audio(source, filename, info, uploaded_by):
    """Copy an open file into GridFS chunk by chunk, queue the renditions it needs, and return the new id.

    The original is kept byte for byte; ``content_type`` is its own only when browsers play it.
    """
    audio_id = chunked_files.write_file(
        mongo.durable_db, AUDIO_BUCKET, source, filename or "audio",
        metadata={"content_type": info.content_type if info.browser_playable else "application/octet-stream",
                  "browser_playable": info.browser_playable, "codec": info.codec, "container": info.container,
                  "lossless": info.lossless, "uploaded_by": uploaded_by},
    )
    renditions.queue(audio_id, info.browser_playable, info.lossless)
    return audio_id


def open_audio(audio_id):
    """A seekable stored file, or None."""
    return chunked_files.open_file(mongo.db, AUDIO_BUCKET, audio_id, _audio_chunk_cache(), _file_documents)


def open_for_playback(audio_id, data_saver=False):
    """What a browser should play for the song stored as ``audio_id``: its data-saver rendition when asked
    for and made, else the original when browsers play it, else its browser rendition. None when there is
    no such file; RenditionPending while the only playable copy is still being made."""
    original = open_audio(audio_id)
    if original is None:
        return None
    if data_saver:
        saver = renditions.open_ready(audio_id, renditions.SAVER, _audio_chunk_cache())
        if saver is not None:
            return saver
    if original.metadata.get("browser_playable", True):
        return original
    browser = renditions.open_ready(audio_id, renditions.BROWSER, _audio_chunk_cache())
    if browser is None:
        raise renditions.RenditionPending()
    return browser


def _delete(bucket, file_id):
    try:
        _bucket(bucket).delete(file_id)
        return True
    except NoFile:
        return False


def delete_audio(audio_id):
    renditions.delete_for(audio_id)
    _file_documents.forget((AUDIO_BUCKET, audio_id))
    return _delete(AUDIO_BUCKET, audio_id)


def delete_cover(cover_id):
    """The cover's original; its sizes are cover_sizes' to delete (``delete_with_sizes``)."""
    return _delete(COVER_BUCKET, cover_id)


def _sha256_hex(data):
    return hashlib.sha256(data).hexdigest()


def save_cover(image, content_type):
    """Store cover art once however many songs carry it; the id of the stored copy."""
    digest = run_cpu_bound(_sha256_hex, image)
    existing = mongo.db[f"{COVER_BUCKET}.files"].find_one({"metadata.sha256": digest}, {"_id": 1})
    if existing:
        return existing["_id"]
    return chunked_files.write_file(
        mongo.durable_db, COVER_BUCKET, io.BytesIO(image), f"cover-{digest[:16]}",
        metadata={"content_type": content_type, "sha256": digest, "stored_at": datetime.now(timezone.utc)},
    )


def open_cover(cover_id):
    return chunked_files.open_file(mongo.db, COVER_BUCKET, cover_id)

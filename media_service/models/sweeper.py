"""Removes what storage holds that nothing will ever use, once it is older than the grace period:

- chunks whose file has no files document: an upload stopped in the middle of its copy (the files
  document is written last, so a copy in progress is recognised by its age alone);
- audio files and covers (with their sizes) that no song uses: a song whose creation failed after its
  file was stored, or a song deleted since;
- renditions that no job points at: a rendition worker died after storing one and before recording it,
  and the job was done again;
- spool files of uploads that a killed worker left in UPLOAD_TMP_DIR.

Whether a song uses a file is asked of song_service; when it cannot answer, nothing is deleted.
"""
import os
import time
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone

from bson import ObjectId
from flask import current_app

from media_service.extensions import mongo
from media_service.models import cover_sizes, media_store, renditions, song_references

SPOOL_PREFIX = "upload-"
BATCH = 500


@dataclass
class SweepReport:
    orphan_chunk_files: int = 0
    unused_audio: int = 0
    unused_covers: int = 0
    unused_renditions: int = 0
    spool_files: int = 0


def _batches(items):
    items = list(items)
    for start in range(0, len(items), BATCH):
        yield items[start:start + BATCH]


def _orphan_chunk_file_ids(bucket, cutoff):
    files = mongo.db[f"{bucket}.files"]
    candidates = [file_id for file_id in mongo.db[f"{bucket}.chunks"].distinct("files_id")
                  if isinstance(file_id, ObjectId) and file_id.generation_time < cutoff]
    for batch in _batches(candidates):
        present = {document["_id"] for document in files.find({"_id": {"$in": batch}}, {"_id": 1})}
        yield from (file_id for file_id in batch if file_id not in present)


def _old_files(bucket, cutoff, extra=None):
    query = {"uploadDate": {"$lt": cutoff}, **(extra or {})}
    return [document["_id"] for document in mongo.db[f"{bucket}.files"].find(query, {"_id": 1})]


def _stale_spool_files(directory, cutoff_seconds):
    return [entry.path for entry in os.scandir(directory)
            if entry.name.startswith(SPOOL_PREFIX) and entry.is_file() and entry.stat().st_mtime < cutoff_seconds]


def sweep(dry_run=False):
    """Remove what is left over; returns a SweepReport of what was (or, with ``dry_run``, would be) removed."""
    grace = current_app.config["SWEEP_GRACE_SECONDS"]
    cutoff = datetime.now(timezone.utc) - timedelta(seconds=grace)
    report = SweepReport()
    for bucket in (media_store.AUDIO_BUCKET, media_store.COVER_BUCKET, renditions.BUCKET):
        for file_id in list(_orphan_chunk_file_ids(bucket, cutoff)):
            report.orphan_chunk_files += 1
            if not dry_run:
                mongo.db[f"{bucket}.chunks"].delete_many({"files_id": file_id})
    audio_ids = _old_files(media_store.AUDIO_BUCKET, cutoff)
    # Originals only: a cover's sizes go with their original.
    cover_ids = _old_files(media_store.COVER_BUCKET, cutoff, {"metadata.variant": {"$exists": False}})
    used_audio, used_covers = song_references.referenced(audio_ids, cover_ids)
    for audio_id in (i for i in audio_ids if str(i) not in used_audio):
        report.unused_audio += 1
        if not dry_run:
            media_store.delete_audio(audio_id)
    for cover_id in (i for i in cover_ids if str(i) not in used_covers):
        report.unused_covers += 1
        if not dry_run:
            cover_sizes.delete_with_sizes(cover_id)
    recorded = set(renditions.recorded_file_ids())
    for file_id in (i for i in _old_files(renditions.BUCKET, cutoff) if i not in recorded):
        report.unused_renditions += 1
        if not dry_run:
            renditions.delete_file(file_id)
    for path in _stale_spool_files(current_app.config["UPLOAD_TMP_DIR"], time.time() - grace):
        if dry_run:
            report.spool_files += 1
            continue
        try:
            os.remove(path)
            report.spool_files += 1
        except FileNotFoundError:
            pass  # finished and removed by its own upload a moment ago
    return report

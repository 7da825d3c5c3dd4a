"""Renditions: copies of an uploaded song that browsers play, made once, in the background.

Every song gets a **saver** rendition (Opus, 96 kbps, stereo) for listeners who choose "Data saver".
A song whose original browsers cannot play (ALAC, AIFF, WMA, APE, WavPack, AC-3, ...) also gets a
**browser** rendition: FLAC when the original is lossless, so nothing is lost, otherwise Opus at
160 kbps, where listening tests find it transparent. Both are stereo: browsers mix everything down to
two channels anyway.

Why at upload and not on demand: a rendition is streamed like any stored file, so it seeks to any
second with exact Range answers from its first request, and it costs a few CPU seconds per song once
(README, "Every file a music library holds", has the measurements). Made on demand, the first listener
of every song would wait for, or be unable to seek in, a transcode still running.

The work queue is the ``renditions`` collection: one document per (song's audio file, kind), claimed
by a worker with a lease. Workers are separate processes (``flask --app media_service.app
make-renditions``: the media-transcoder Deployment, compose's media-transcoder service), never the
gunicorn workers that stream, so a 200 MB FLAC being converted does not stall anyone's music. A worker
that dies mid-job loses its lease and another takes the job again; a file that cannot be converted is
retried twice and then marked failed with the reason.
"""
import logging
import os
import socket
import tempfile
import time
from datetime import datetime, timedelta, timezone

import av
from pymongo import ASCENDING, ReturnDocument
from pymongo.errors import DuplicateKeyError

from media_service.extensions import mongo
from media_service.models import audio_encoding, chunked_files

log = logging.getLogger(__name__)

BUCKET = "renditions"
BROWSER = "browser"
SAVER = "saver"

PENDING, WORKING, READY, FAILED = "pending", "working", "ready", "failed"
MAX_ATTEMPTS = 3
LEASE_SECONDS = 300
# A worker reports progress (renewing its lease, touching its heartbeat) every so many packets decoded:
# about a minute of audio, well under a second of work.
PACKETS_PER_PROGRESS = 2000
OPUS_RATE = 48000
BROWSER_OPUS_BITRATE = 160_000
SAVER_OPUS_BITRATE = 96_000

INDEXES = {
    "renditions": [
        ([("source_id", ASCENDING), ("kind", ASCENDING)], {"unique": True, "name": "one_rendition_per_kind"}),
        ([("state", ASCENDING), ("created_at", ASCENDING)], {"name": "queue_order"}),
    ],
}


class RenditionPending(Exception):
    """The song's browser rendition is not made yet."""


def _jobs():
    return mongo.durable_db.renditions


def _now():
    return datetime.now(timezone.utc)


def target(kind, lossless):
    """``(container, codec, content type, bitrate)`` of a rendition of this kind for such a source."""
    if kind == BROWSER and lossless:
        return "flac", "flac", "audio/flac", None
    return "ogg", "libopus", "audio/ogg", BROWSER_OPUS_BITRATE if kind == BROWSER else SAVER_OPUS_BITRATE


def kinds_for(browser_playable):
    return [SAVER] if browser_playable else [BROWSER, SAVER]


def queue(source_id, browser_playable, lossless):
    """Ask for the renditions a new upload needs; the workers make them."""
    now = _now()
    for kind in kinds_for(browser_playable):
        container, codec, content_type, bitrate = target(kind, lossless)
        try:
            _jobs().insert_one({"source_id": source_id, "kind": kind, "state": PENDING, "lossless": lossless,
                                "content_type": content_type, "bitrate": bitrate, "attempts": 0,
                                "created_at": now})
        except DuplicateKeyError:
            pass


def queue_missing(audio_bucket):
    """Queue the renditions that songs stored before renditions existed lack (every song's data saver);
    the worker does this as it starts, so an upgrade needs no step of its own. Returns how many."""
    queued = set(_jobs().distinct("source_id", {"kind": SAVER}))
    missing = 0
    # One pass over the files' ids and the two facts needed, not a read per file.
    for document in mongo.db[f"{audio_bucket}.files"].find(
            {}, {"metadata.browser_playable": 1, "metadata.lossless": 1}):
        if document["_id"] in queued:
            continue
        metadata = document.get("metadata") or {}
        queue(document["_id"], metadata.get("browser_playable", True), metadata.get("lossless", False))
        missing += 1
    return missing


def states(source_ids):
    """``{source id: {kind: state}}``, for the songs' "converting" labels."""
    found = {}
    for job in _jobs().find({"source_id": {"$in": list(source_ids)}}, {"source_id": 1, "kind": 1, "state": 1}):
        found.setdefault(job["source_id"], {})[job["kind"]] = job["state"]
    return found


def ready_file_id(source_id, kind):
    job = _jobs().find_one({"source_id": source_id, "kind": kind, "state": READY}, {"file_id": 1})
    return job["file_id"] if job else None


def open_ready(source_id, kind, cache=chunked_files.NO_CACHE):
    """The stored rendition of this kind, or None while it is not made."""
    file_id = ready_file_id(source_id, kind)
    return chunked_files.open_file(mongo.db, BUCKET, file_id, cache) if file_id else None


def delete_for(source_id):
    """Remove a deleted song's renditions: their files first, then their jobs."""
    for job in _jobs().find({"source_id": source_id}, {"file_id": 1}):
        if job.get("file_id"):
            delete_file(job["file_id"])
    _jobs().delete_many({"source_id": source_id})


def recorded_file_ids():
    """The stored renditions that a job points at; any other is a leftover (models/sweeper.py)."""
    return _jobs().distinct("file_id", {"file_id": {"$exists": True}})


def delete_file(file_id):
    chunked_files.delete_file(mongo.db, BUCKET, file_id)


# ---- the worker ----

def claim(worker):
    """The oldest job waiting, or one whose worker's lease ran out, now leased to ``worker``; or None."""
    now = _now()
    return _jobs().find_one_and_update(
        {"$or": [{"state": PENDING}, {"state": WORKING, "lease_until": {"$lt": now}}]},
        {"$set": {"state": WORKING, "worker": worker, "lease_until": now + timedelta(seconds=LEASE_SECONDS)},
         "$inc": {"attempts": 1}},
        sort=[("created_at", ASCENDING)], return_document=ReturnDocument.AFTER,
    )


def _encode(source, destination, container_format, codec_name, bitrate, still_working=lambda: None):
    """Decode ``source`` (a seekable file) and encode it, stereo, to the file at ``destination``;
    ``still_working`` is called every few seconds of work."""
    with av.open(source, metadata_errors="ignore") as decoder_container:
        stream = decoder_container.streams.best("audio")
        with av.open(destination, "w", format=container_format) as output:
            rate = OPUS_RATE if codec_name == "libopus" else stream.codec_context.sample_rate
            # Constrained VBR: Opus still spends bits where the music needs them, but a data saver's
            # 96 kbps stays 96 kbps over any few seconds.
            encoded = output.add_stream(codec_name, rate=rate,
                                        options={"vbr": "constrained"} if codec_name == "libopus" else {})
            encoded.layout = "stereo"
            if codec_name == "flac":
                deep = (stream.codec_context.format.bits if stream.codec_context.format else 16) > 16
                encoded.format = "s32" if deep else "s16"
            if bitrate:
                encoded.bit_rate = bitrate

            def progress(packet_number):
                if packet_number % PACKETS_PER_PROGRESS == 0:
                    still_working()

            audio_encoding.encode_stereo(audio_encoding.decoded_frames(decoder_container, stream, progress),
                                         encoded, output)


def renew(job):
    """Keep the job's lease while it is being worked on, so that no other worker takes it over."""
    _jobs().update_one({"_id": job["_id"], "worker": job["worker"]},
                       {"$set": {"lease_until": _now() + timedelta(seconds=LEASE_SECONDS)}})


def make(job, open_source, spool_directory, heartbeat=lambda: None):
    """Make the job's rendition and store it; returns the stored file's id and the CPU seconds it took."""
    container_format, codec_name, content_type, bitrate = target(job["kind"], job.get("lossless", False))
    started = time.process_time()
    with tempfile.NamedTemporaryFile(dir=spool_directory, prefix="rendition-", suffix=f".{container_format}") as out:
        source = open_source(job["source_id"])
        if source is None:
            raise FileNotFoundError("the original is gone")
        last_renewal = [time.monotonic()]

        def still_working():
            heartbeat()
            if time.monotonic() - last_renewal[0] > LEASE_SECONDS / 5:
                renew(job)
                last_renewal[0] = time.monotonic()

        _encode(source, out.name, container_format, codec_name, bitrate, still_working)
        out.seek(0)
        file_id = chunked_files.write_file(
            mongo.durable_db, BUCKET, out, f"{job['kind']}-{job['source_id']}",
            metadata={"content_type": content_type, "source_id": job["source_id"], "kind": job["kind"]},
        )
    return file_id, time.process_time() - started


def finish(job, file_id, cpu_seconds):
    """Mark the job done, unless the song was deleted meanwhile (then the new file goes too)."""
    done = _jobs().update_one(
        {"_id": job["_id"], "worker": job["worker"]},
        {"$set": {"state": READY, "file_id": file_id, "cpu_seconds": round(cpu_seconds, 3), "finished_at": _now()},
         "$unset": {"lease_until": "", "error": ""}},
    )
    if not done.matched_count:
        delete_file(file_id)


def fail(job, error):
    """Try again later, or give up after MAX_ATTEMPTS with the reason kept for the admin."""
    state = FAILED if job["attempts"] >= MAX_ATTEMPTS else PENDING
    _jobs().update_one({"_id": job["_id"], "worker": job["worker"]},
                       {"$set": {"state": state, "error": str(error)[:500]}, "$unset": {"lease_until": ""}})


def work(open_source, spool_directory, stop=lambda: False, idle_seconds=1.0, once=False, heartbeat=lambda: None):
    """Make renditions until ``stop()``; with ``once``, until the queue is empty. Returns how many were made.

    ``heartbeat`` is called at least every few seconds while the worker is healthy, idle or busy.
    """
    worker = f"{socket.gethostname()}:{os.getpid()}"
    made = 0
    while not stop():
        heartbeat()
        job = claim(worker)
        if job is None:
            if once:
                return made
            time.sleep(idle_seconds)
            continue
        try:
            file_id, cpu_seconds = make(job, open_source, spool_directory, heartbeat)
        except Exception as error:  # any failure of one file must not stop the worker
            log.warning("rendition %s of %s failed: %s", job["kind"], job["source_id"], error)
            fail(job, error)
            continue
        finish(job, file_id, cpu_seconds)
        made += 1
        log.info("rendition made", extra={"kind": job["kind"], "source_id": str(job["source_id"]),
                                          "cpu_seconds": round(cpu_seconds, 2)})
    return made

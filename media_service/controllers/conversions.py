"""Audio for listening apps that ask for a format or bit rate: the stored data-saver rendition when it
fits (it seeks with Range like any stored file), otherwise a conversion made while it streams
(models/live_conversion.py)."""
import os
import shutil
import subprocess
import tempfile
import time

from flask import Response, current_app, jsonify, request
from werkzeug.exceptions import BadRequest, NotFound

from common.metrics import meter_stream
from common.streaming import tune_stream_socket
from media_service.controllers.streaming import stream_stored_file
from media_service.middleware.roles import people_only
from media_service.models import live_conversion, media_store, renditions, sweeper

# The data-saver rendition's bit rate, in kbps (renditions.SAVER_OPUS_BITRATE).
SAVER_KBPS = renditions.SAVER_OPUS_BITRATE // 1000
READ_CHUNK = 64 * 1024
COPY_CHUNK = 1024 * 1024
MAX_OFFSET_SECONDS = 24 * 3600


def _number(name, maximum):
    value = request.args.get(name, "0")
    try:
        number = float(value) if name == "offset" else int(value)
    except ValueError:
        raise BadRequest(f"{name} must be a number.") from None
    if not 0 <= number <= maximum:
        raise BadRequest(f"{name} must be from 0 to {maximum}.")
    return number


@people_only
def converted_audio(audio_id):
    """``?format=mp3|aac|opus`` (empty: whatever fits), ``kbps`` (0: the format's default), ``offset`` in
    seconds, ``estimate=1`` for a Content-Length estimated from the song's length."""
    format_name = request.args.get("format", "")
    if format_name not in ("", *live_conversion.FORMATS):
        raise BadRequest(f"format must be one of {', '.join(live_conversion.FORMATS)}.")
    kbps = _number("kbps", 100_000)
    offset = _number("offset", MAX_OFFSET_SECONDS)
    original = media_store.open_audio(audio_id)
    if original is None:
        raise NotFound("No such audio file.")
    if format_name in ("", "opus") and (kbps == 0 or kbps >= SAVER_KBPS) and not offset:
        saver = renditions.open_ready(audio_id, renditions.SAVER)
        if saver is not None:
            original.close()
            return stream_stored_file(saver, saver.metadata.get("content_type", "audio/ogg"),
                                      current_app.config["AUDIO_CACHE_SECONDS"], "audio")
    return _convert_live(original, format_name or "mp3", kbps, offset)


def _convert_live(original, format_name, kbps, offset):
    config = current_app.config
    try:
        slot = live_conversion.Slot.take(config["LIVE_CONVERSION_DIR"], config["LIVE_CONVERSIONS_PER_POD"])
    except live_conversion.NoSlotFree:
        original.close()
        return jsonify(error="Too many songs are being converted on this server right now. Play the song as it "
                             "was uploaded, or try again in a minute."), 429, {"Retry-After": "30"}
    # The converter reads a file on disk (some containers must be read out of order), never the database.
    spool = tempfile.NamedTemporaryFile(dir=config["UPLOAD_TMP_DIR"], prefix=sweeper.SPOOL_PREFIX, delete=False)
    try:
        with original, spool:
            shutil.copyfileobj(original, spool, COPY_CHUNK)
        # gevent's worker patches subprocess: reading the converter's output waits cooperatively.
        process = subprocess.Popen(live_conversion.command(spool.name, format_name, kbps, offset),
                                   stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, stdin=subprocess.DEVNULL)
    except Exception:
        slot.release()
        os.unlink(spool.name)
        raise
    content_type = live_conversion.FORMATS[format_name][2]
    pace = config["LIVE_CONVERSION_PACE"] * live_conversion.bitrate_for(format_name, kbps) * 1000 / 8
    body = ConversionOutput(process, slot, spool.name, pace)
    response = Response(body, mimetype=content_type, direct_passthrough=True)
    estimate = _estimated_length(format_name, kbps, offset)
    if estimate:
        body.exact_length = estimate
        response.content_length = estimate
    response.headers["X-Content-Type-Options"] = "nosniff"
    response.cache_control.no_store = True
    tune_stream_socket()
    return meter_stream(response, "audio")


def _estimated_length(format_name, kbps, offset):
    """Bytes a constant-bit-rate conversion of the rest of the song comes to, when asked for (``estimate``)."""
    duration = request.args.get("duration")
    if request.args.get("estimate") != "1" or not duration:
        return None
    try:
        seconds = max(0.0, float(duration) - offset)
    except ValueError:
        return None
    return int(seconds * live_conversion.bitrate_for(format_name, kbps) * 1000 / 8) or None


class ConversionOutput:
    """A WSGI body: the converter's output as it comes. With ``exact_length`` (an estimated Content-Length
    promised to the app) the output is cut or padded with zero bytes to exactly that many: a player that was
    promised a length reads that many. Closing it stops the converter and frees its slot."""

    def __init__(self, process, slot, spool_path, bytes_per_second):
        self.process = process
        self.slot = slot
        self.spool_path = spool_path
        self.bytes_per_second = bytes_per_second
        self.exact_length = None

    def __iter__(self):
        sent, started = 0, time.monotonic()
        while self.exact_length is None or sent < self.exact_length:
            # read, not read1: under gevent the pipe is non-blocking, and read1 can come back empty before the
            # converter's end, which would cut the song short.
            chunk = self.process.stdout.read(READ_CHUNK)
            if not chunk:
                break
            if self.exact_length is not None:
                chunk = chunk[:self.exact_length - sent]
            sent += len(chunk)
            yield chunk
            # Paced: the converter waits on a full pipe instead of taking a core (see live_conversion).
            time.sleep(max(0.0, sent / self.bytes_per_second - (time.monotonic() - started)))
        while self.exact_length is not None and sent < self.exact_length:
            padding = min(READ_CHUNK, self.exact_length - sent)
            sent += padding
            yield bytes(padding)

    def close(self):
        if self.process.poll() is None:
            self.process.kill()
        self.process.wait()
        self.process.stdout.close()
        self.slot.release()
        try:
            os.unlink(self.spool_path)
        except FileNotFoundError:
            pass


"""What an uploaded file really is, found by decoding it with ffmpeg's libraries (PyAV), not by its tags.

A file is audio when it has an audio stream whose first packets decode to samples; its headers may be
missing, odd or wrong. Its duration is measured from the demuxed packets' timestamps, which every
demuxer derives from the stream itself, so a header that lies (a VBR MP3 without a Xing header, a WAV
whose size field is wrong) does not decide it. mutagen still reads the tags and pictures
(tag_reader.py).
"""
import logging
from dataclasses import dataclass

import av

from common import audio_formats

log = logging.getLogger(__name__)

# Enough decoded audio to be sure the stream is audio and not a header in front of nothing.
DECODE_CHECK_SECONDS = 0.25
# A few damaged packets at the start of a real file are skipped, as players skip them.
MAX_DECODE_ERRORS = 8
# Encoder delay and padding are a few thousand samples; a header further off than this is wrong.
HEADER_TOLERANCE_SECONDS = 0.5
HEADER_TOLERANCE = 0.01


class NotAudio(ValueError):
    """The file holds no audio that decodes; the message says why, for the uploader."""


@dataclass(frozen=True)
class Probe:
    container: str           # ffmpeg's demuxer: "mp3", "flac", "ogg", "mov,mp4,m4a,3gp,3g2,mj2", "aiff", ...
    codec: str               # ffmpeg's codec: "mp3", "flac", "opus", "aac", "alac", "wmav2", "pcm_s16be", ...
    codec_name: str          # as people know it: "MP3 (MPEG audio layer 3)"
    duration: float          # seconds
    sample_rate: int
    channels: int
    bit_depth: int           # of lossless audio; None for lossy codecs, which have none
    bitrate: int             # bits per second, over the whole file when the stream states none
    lossless: bool
    # The type browsers play it as, or None when they cannot play it and it needs a rendition.
    content_type: str

    @property
    def browser_playable(self):
        return self.content_type is not None


def _decoded_seconds(frames):
    return sum(frame.samples / frame.sample_rate for frame in frames if frame.sample_rate)


def _bit_depth(codec, stream):
    if not codec.lossless:
        return None
    if codec.name.startswith("pcm_"):  # pcm_s24le: the codec names its depth
        digits = "".join(character for character in codec.name.split("_")[1] if character.isdigit())
        return int(digits) if digits else None
    return stream.format.bits if stream.format is not None else None


def _header_duration(container, stream):
    if stream.duration and stream.time_base:
        return float(stream.duration * stream.time_base)
    return float(container.duration / av.time_base) if container.duration else 0.0


def _duration(measured, header, decoded):
    """The header's duration when the packets agree with it: it knows the encoder's delay and padding,
    which the packets include (an MP3's LAME tag, an M4A's edit list). Otherwise the packets', since the
    header is missing or lies; otherwise what was decoded, the only audio known to be there."""
    if header > 0 and measured > 0:
        tolerance = max(HEADER_TOLERANCE_SECONDS, measured * HEADER_TOLERANCE)
        return header if abs(measured - header) <= tolerance else measured
    return measured or header or decoded


def probe(path, size):
    """The Probe of the file at ``path`` (``size`` bytes), or NotAudio saying why it is none."""
    try:
        container = av.open(path, metadata_errors="ignore")
    except (av.FFmpegError, OSError, ValueError, UnicodeDecodeError) as error:
        log.info("not audio: %s", error)
        raise NotAudio("The file is not a supported audio file: no decoder recognises it.") from None
    with container:
        if not container.streams.audio:
            raise NotAudio("The file is not a supported audio file: it has no audio in it.")
        stream = container.streams.best("audio")
        codec = stream.codec_context.codec
        first, last, decoded, errors = None, None, 0.0, 0
        try:
            for packet in container.demux(stream):
                if packet.pts is not None and packet.time_base is not None:
                    start = packet.pts * packet.time_base
                    end = start + (packet.duration or 0) * packet.time_base
                    first = start if first is None else min(first, start)
                    last = end if last is None else max(last, end)
                if decoded < DECODE_CHECK_SECONDS and errors <= MAX_DECODE_ERRORS:
                    try:
                        decoded += _decoded_seconds(packet.decode())
                    except av.FFmpegError:
                        errors += 1
        except av.FFmpegError as error:  # a truncated or damaged end: what came before counts
            log.info("demuxing stopped early: %s", error)
        if decoded < DECODE_CHECK_SECONDS:
            try:
                decoded += _decoded_seconds(stream.codec_context.decode(None))
            except av.FFmpegError:
                pass
        if decoded <= 0:
            raise NotAudio("The file is not a supported audio file: its audio could not be decoded "
                           "(it is damaged, cut short or empty).")
        measured = float(last - first) if last is not None and first is not None else 0.0
        duration = _duration(measured, _header_duration(container, stream), decoded)
        container_name = container.format.name
        canonical = codec.canonical_name if hasattr(codec, "canonical_name") else codec.name
        bitrate = stream.bit_rate or container.bit_rate or (int(size * 8 / duration) if duration else None)
        return Probe(
            container=container_name,
            codec=canonical,
            codec_name=codec.long_name,
            duration=round(duration, 3),
            sample_rate=stream.sample_rate or stream.codec_context.sample_rate,
            channels=stream.codec_context.channels,
            bit_depth=_bit_depth(codec, stream),
            bitrate=int(bitrate) if bitrate else None,
            lossless=bool(codec.lossless),
            content_type=audio_formats.browser_content_type(container_name, canonical),
        )

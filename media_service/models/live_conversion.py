"""Conversions made while they stream, for listening apps that ask for MP3, AAC or Opus at a bit rate no
stored copy has (iOS apps cannot play Opus in Ogg; a phone on a weak signal asks for 64 kbps).

Each conversion runs in a process of its own at a lower CPU priority than the workers that serve streams,
so the event loop of a gevent worker never decodes a packet, and its output is read at most
LIVE_CONVERSION_PACE times as fast as it plays: the converter then waits on a full pipe most of the time
instead of taking a whole core. Measured with two conversions read as fast as they came beside 300
listeners, the listeners' p99 time to first byte went from 20 ms to 2 to 6 s, with the converters at
niceness 10 and also under SCHED_IDLE. The cause was not pinned down: not the CPU as such (two SCHED_IDLE
busy loops beside the same listeners left their p99 at 20 ms), not starting and ending conversions (200
short ones in 30 s did not move it). Paced, three runs gave 27 to 37 ms.

A pod runs at most LIVE_CONVERSIONS_PER_POD at once: each holds one of that many slot files, locked with
flock in a directory every worker of the pod shares, and a request beyond them is refused at once with a
clear message, never queued behind the others.

Run as ``python -m media_service.models.live_conversion SOURCE FORMAT KBPS OFFSET``: it writes the
converted audio to its standard output.
"""
import fcntl
import os
import sys

import av

from media_service.models import audio_encoding

# Format asked for -> (container, encoder, Content-Type, default kbps).
FORMATS = {
    "mp3": ("mp3", "libmp3lame", "audio/mpeg", 192),
    "aac": ("adts", "aac", "audio/aac", 192),
    "opus": ("ogg", "libopus", "audio/ogg", 128),
}
MIN_KBPS, MAX_KBPS = 32, 320
OPUS_RATE = 48000
MP3_RATES = (48000, 44100, 32000, 24000, 22050, 16000)
# How much lower the converter's CPU priority is than the serving workers'.
NICENESS = 10


class NoSlotFree(Exception):
    """As many conversions as the pod allows are running."""


def bitrate_for(format_name, kbps):
    """The bit rate a conversion uses: the asked one within MIN_KBPS..MAX_KBPS, or the format's default."""
    return max(MIN_KBPS, min(MAX_KBPS, kbps)) if kbps else FORMATS[format_name][3]


class Slot:
    """One of the pod's conversion slots, held while its conversion runs (``with Slot.take(...)``)."""

    def __init__(self, handle):
        self.handle = handle

    @classmethod
    def take(cls, directory, count):
        os.makedirs(directory, mode=0o700, exist_ok=True)
        for number in range(count):
            handle = open(os.path.join(directory, f"slot-{number}.lock"), "a+b")
            try:
                fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:
                handle.close()
                continue
            return cls(handle)
        raise NoSlotFree()

    def release(self):
        if self.handle is not None:
            self.handle.close()  # closing the file releases its lock, also when the process dies
            self.handle = None


def command(source_path, format_name, kbps, offset_seconds):
    """The command line of one conversion."""
    return [sys.executable, "-m", "media_service.models.live_conversion", source_path, format_name,
            str(bitrate_for(format_name, kbps)), str(max(0, offset_seconds))]


def convert(source_path, output, format_name, kbps, offset_seconds=0):
    """Decode ``source_path`` from ``offset_seconds`` and write it encoded as ``format_name`` to ``output``."""
    container_format, encoder, _content_type, _default = FORMATS[format_name]
    with av.open(source_path, metadata_errors="ignore") as source:
        stream = source.streams.best("audio")
        source_rate = stream.codec_context.sample_rate or 44100
        if encoder == "libopus":
            rate = OPUS_RATE
        elif encoder == "libmp3lame":
            rate = next((candidate for candidate in MP3_RATES if candidate <= source_rate), MP3_RATES[-1])
        else:
            rate = source_rate
        if offset_seconds and stream.time_base:
            source.seek(int(offset_seconds / stream.time_base), stream=stream, backward=True)
        with av.open(output, "w", format=container_format) as destination:
            encoded = destination.add_stream(encoder, rate=rate)
            encoded.layout = "stereo"
            encoded.bit_rate = bitrate_for(format_name, kbps) * 1000
            frames = audio_encoding.decoded_frames(source, stream)
            if offset_seconds:
                # The seek lands on the packet before the offset: what ends before it is left out.
                frames = (frame for frame in frames if frame.time is None
                          or frame.time + frame.samples / frame.sample_rate > offset_seconds)
            audio_encoding.encode_stereo(frames, encoded, destination)


def main(arguments):
    source_path, format_name, kbps, offset = arguments
    os.nice(NICENESS)
    try:
        convert(source_path, sys.stdout.buffer, format_name, int(kbps), float(offset))
    except BrokenPipeError:
        pass  # the listener went away; the parent stops reading and so do we
    sys.stdout.buffer.flush()


if __name__ == "__main__":
    main(sys.argv[1:])

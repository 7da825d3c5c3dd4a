"""The audio formats accepted for upload and how each is played, listed once: media_service decides with
it, the upload page shows it, and the format tests generate a file of each kind that PyAV can encode.

Anything that ffmpeg decodes is accepted (media_service/models/audio_probe.py decides by decoding).
What browsers play as it is, is streamed as it is; everything else is also converted, once, to a
rendition browsers play (media_service/models/renditions.py). The original is kept byte for byte.
"""
from typing import NamedTuple


class AudioFormat(NamedTuple):
    name: str             # as people know it
    extensions: tuple     # for the file picker's hint only: files are identified by decoding them
    played_as_stored: bool


# The ones people bring, in the order the upload page names them. Others that ffmpeg decodes are
# accepted too ("and anything else ffmpeg decodes").
FORMATS = (
    AudioFormat("MP3", (".mp3",), True),
    AudioFormat("AAC", (".m4a", ".mp4", ".aac"), True),
    AudioFormat("FLAC", (".flac",), True),
    AudioFormat("Ogg Vorbis", (".ogg", ".oga"), True),
    AudioFormat("Opus", (".opus", ".webm"), True),
    AudioFormat("WAV", (".wav",), True),
    AudioFormat("Apple Lossless (ALAC)", (".m4a",), False),
    AudioFormat("AIFF", (".aif", ".aiff", ".aifc"), False),
    AudioFormat("WMA", (".wma", ".asf"), False),
    AudioFormat("Monkey's Audio", (".ape",), False),
    AudioFormat("WavPack", (".wv",), False),
    AudioFormat("Musepack", (".mpc",), False),
    AudioFormat("TAK", (".tak",), False),
    AudioFormat("TTA", (".tta",), False),
    AudioFormat("Speex", (".spx",), False),
    AudioFormat("AC-3 and E-AC-3", (".ac3", ".eac3"), False),
    AudioFormat("Matroska audio", (".mka",), False),
    AudioFormat("DSD", (".dsf", ".dff"), False),
    AudioFormat("AMR", (".amr",), False),
)

MP4_DEMUXER = "mov,mp4,m4a,3gp,3g2,mj2"
MATROSKA_DEMUXER = "matroska,webm"
# (ffmpeg demuxer, codec) that browsers play as stored, and the type they are served as. Measured in
# chromium by tests/browser/test_audio_formats.py, which plays every one of them and fails when a
# pair listed here does not play or one left out does.
PLAYED_AS_STORED = {
    ("mp3", "mp3"): "audio/mpeg",
    (MP4_DEMUXER, "aac"): "audio/mp4",
    ("aac", "aac"): "audio/aac",
    ("flac", "flac"): "audio/flac",
    ("ogg", "flac"): "audio/ogg",
    ("ogg", "vorbis"): "audio/ogg",
    ("ogg", "opus"): "audio/ogg",
    (MATROSKA_DEMUXER, "opus"): "audio/webm",
    (MATROSKA_DEMUXER, "vorbis"): "audio/webm",
    **{("wav", pcm): "audio/wav" for pcm in ("pcm_u8", "pcm_s16le", "pcm_s24le", "pcm_f32le", "pcm_alaw")},
}


def browser_content_type(demuxer, codec):
    """The type browsers play this as stored, or None when it needs a rendition."""
    return PLAYED_AS_STORED.get((demuxer, codec))


def described():
    """"MP3, AAC, FLAC, … and anything else ffmpeg decodes": what the upload page promises."""
    return ", ".join(audio_format.name for audio_format in FORMATS) + " and anything else ffmpeg decodes"


def converted_described():
    """The formats converted for browsers, for the upload page."""
    return ", ".join(audio_format.name for audio_format in FORMATS if not audio_format.played_as_stored)


def file_picker_accept():
    """The ``accept`` attribute of an upload's file input."""
    extensions = dict.fromkeys(extension for audio_format in FORMATS for extension in audio_format.extensions)
    return ",".join(["audio/*", *extensions])

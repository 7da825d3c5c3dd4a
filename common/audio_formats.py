"""The audio formats accepted for upload, listed once: media_service identifies files against it and the
upload page shows it, so what the page promises is what is accepted."""
from typing import NamedTuple


class AudioFormat(NamedTuple):
    name: str             # as people know it
    content_type: str     # what it is served as
    extensions: tuple     # for the file picker's hint only: files are identified by content


ACCEPTED = (
    AudioFormat("MP3", "audio/mpeg", (".mp3",)),
    AudioFormat("FLAC", "audio/flac", (".flac",)),
    AudioFormat("Ogg Vorbis", "audio/ogg", (".ogg", ".oga")),
    AudioFormat("Opus", "audio/ogg", (".opus",)),
    AudioFormat("M4A", "audio/mp4", (".m4a", ".mp4")),
    AudioFormat("WAV", "audio/wav", (".wav",)),
)
BY_NAME = {audio_format.name: audio_format for audio_format in ACCEPTED}


def described():
    """"MP3, FLAC, Ogg Vorbis, Opus, M4A or WAV"."""
    names = [audio_format.name for audio_format in ACCEPTED]
    return f"{', '.join(names[:-1])} or {names[-1]}"


def file_picker_accept():
    """The ``accept`` attribute of an upload's file input."""
    return ",".join(["audio/*", *(extension for f in ACCEPTED for extension in f.extensions)])

"""Reads what an audio file is, and its tags, from its content with mutagen; never from its extension."""
import base64
import binascii
import os
from dataclasses import dataclass, field

import mutagen
from mutagen.flac import FLAC, Picture
from mutagen.id3 import ID3FileType
from mutagen.mp4 import MP4
from mutagen.oggopus import OggOpus
from mutagen.oggvorbis import OggVorbis
from mutagen.wave import WAVE

from common import audio_formats
from common.song_metadata import MAX_DURATION_SECONDS
from media_service.models import tag_repair

# mutagen's kind of file, and the accepted format it is (common/audio_formats.py lists them).
FORMATS = {
    "MP3": audio_formats.BY_NAME["MP3"],
    "FLAC": audio_formats.BY_NAME["FLAC"],
    "OggVorbis": audio_formats.BY_NAME["Ogg Vorbis"],
    "OggOpus": audio_formats.BY_NAME["Opus"],
    "MP4": audio_formats.BY_NAME["M4A"],
    "WAVE": audio_formats.BY_NAME["WAV"],
}


class NotAudio(ValueError):
    pass


@dataclass
class AudioInfo:
    content_type: str
    duration: float
    bitrate: int = None
    sample_rate: int = None
    title: str = None
    artist: str = None
    album_artist: str = None
    album: str = None
    genres: list = field(default_factory=list)
    # As the tags hold them, until ``tag_repair`` makes them numbers (or drops them).
    year: object = None
    track: object = None
    disc: object = None
    # What was repaired in the tags, a sentence each (tag_repair.repair).
    tag_repairs: list = field(default_factory=list)
    # The picture's bytes only: the type its tag claims is never used (cover_sizes.identify judges it).
    cover: bytes = field(default=None, repr=False)

    def metadata(self):
        """Everything but the cover bytes, as the song service expects it."""
        return {k: v for k, v in self.__dict__.items() if k != "cover"}


def _first(values):
    for value in values or []:
        text = str(value).strip()
        if text:
            return text
    return None


def _mp4_number(pair):
    """MP4 keeps track and disc as (number, total) pairs."""
    return str(pair[0]) if pair and pair[0] else None


def _split_genres(values):
    genres = []
    for value in values or []:
        for name in str(value).replace(";", "\0").split("\0"):
            name = name.strip()
            if name and name not in genres:
                genres.append(name)
    return genres


def _read_id3(audio, info):
    tags = audio.tags
    if tags is None:
        return

    def text(frame_id):
        frame = tags.get(frame_id)
        return _first(frame.text) if frame is not None else None

    info.title, info.artist, info.album_artist, info.album = (text(f) for f in ("TIT2", "TPE1", "TPE2", "TALB"))
    info.genres = _split_genres(tags["TCON"].genres) if "TCON" in tags else []
    if tags.version[:2] == (2, 3):
        # ID3v2.3 has no list of values: taggers (mutagen, Picard) join several genres with "/".
        info.genres = _split_genres(name.replace("/", ";") for name in info.genres)
    info.year = text("TDRC") or text("TYER")
    info.track, info.disc = text("TRCK"), text("TPOS")
    pictures = tags.getall("APIC")
    front = [p for p in pictures if p.type == 3] or pictures
    if front:
        info.cover = front[0].data


def _read_vorbis_comments(audio, info):
    tags = audio.tags or {}

    def text(key):
        return _first(tags.get(key))

    info.title, info.artist, info.album = text("title"), text("artist"), text("album")
    info.album_artist = text("albumartist") or text("album artist")
    info.genres = _split_genres(tags.get("genre"))
    info.year = text("date") or text("year")
    info.track, info.disc = text("tracknumber"), text("discnumber")
    pictures = list(getattr(audio, "pictures", []))
    for encoded in tags.get("metadata_block_picture", []):
        try:
            pictures.append(Picture(base64.b64decode(encoded)))
        except (binascii.Error, ValueError, mutagen.MutagenError):
            continue
    front = [p for p in pictures if p.type == 3] or pictures
    if front:
        info.cover = front[0].data


def _read_mp4(audio, info):
    tags = audio.tags or {}
    info.title, info.artist = _first(tags.get("\xa9nam")), _first(tags.get("\xa9ART"))
    info.album_artist, info.album = _first(tags.get("aART")), _first(tags.get("\xa9alb"))
    info.genres = _split_genres(tags.get("\xa9gen"))
    info.year = _first(tags.get("\xa9day"))
    info.track = _mp4_number((tags.get("trkn") or [None])[0])
    info.disc = _mp4_number((tags.get("disk") or [None])[0])
    covers = tags.get("covr") or []
    if covers:
        info.cover = bytes(covers[0])


def read_audio(path):
    """The kind, technical details and tags of the audio file at ``path``; NotAudio when it is none."""
    try:
        audio = mutagen.File(path)
    except (mutagen.MutagenError, OSError, ValueError, EOFError) as error:
        raise NotAudio("The file could not be read as audio.") from error
    kind = type(audio).__name__ if audio is not None else None
    if kind not in FORMATS or not getattr(audio.info, "length", 0):
        raise NotAudio(f"The file is not a supported audio file ({audio_formats.described()}).")
    info = AudioInfo(
        content_type=FORMATS[kind].content_type,
        duration=round(float(audio.info.length), 3),
        bitrate=int(getattr(audio.info, "bitrate", 0) or 0) or _average_bitrate(path, audio.info.length),
        sample_rate=int(getattr(audio.info, "sample_rate", 0) or 0) or (48000 if isinstance(audio, OggOpus) else None),
    )
    if isinstance(audio, (ID3FileType, WAVE)):
        _read_id3(audio, info)
    elif isinstance(audio, (FLAC, OggVorbis, OggOpus)):
        _read_vorbis_comments(audio, info)
    elif isinstance(audio, MP4):
        _read_mp4(audio, info)
    repaired, info.tag_repairs = tag_repair.repair(info.metadata())
    for name, value in repaired.items():
        setattr(info, name, value)
    if info.duration > MAX_DURATION_SECONDS:  # a header that lies: the player measures the stream instead
        info.tag_repairs.append(f"duration: the header's {info.duration / 3600:,.0f} hours dropped")
        info.duration = 0.0
    return info


def _average_bitrate(path, seconds):
    """The file's size over its length, for streams that state no bitrate (Ogg Vorbis from some encoders)."""
    return int(os.path.getsize(path) * 8 / seconds) if seconds else None


def title_from_filename(filename):
    stem = os.path.splitext(os.path.basename(filename or ""))[0]
    return " ".join(stem.replace("_", " ").split()) or None

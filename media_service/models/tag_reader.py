"""Reads an uploaded file: what it is, by decoding it (audio_probe.py), and its tags, lyrics (lyrics_tags.py)
and picture with mutagen, or from ffmpeg's view of the tags for the kinds mutagen has no reader for. Tags
never decide whether a file is accepted: a value that is out of range or malformed is repaired or dropped
(tag_repair.py), and a file whose tags cannot be read at all is stored untagged."""
import base64
import binascii
import logging
import os
from dataclasses import dataclass, field

import av
import mutagen
from mutagen.apev2 import APEv2
from mutagen.asf import ASFTags
from mutagen.flac import Picture
from mutagen.id3 import ID3
from mutagen.mp4 import MP4Tags

from common.song_metadata import MAX_DURATION_SECONDS
from media_service.models import audio_probe, lyrics_tags, renditions, tag_repair

log = logging.getLogger(__name__)

NotAudio = audio_probe.NotAudio


@dataclass
class AudioInfo:
    # What the player receives: the original's type when browsers play it, else its browser rendition's.
    content_type: str
    duration: float
    bitrate: int = None
    sample_rate: int = None
    channels: int = None
    bit_depth: int = None
    codec: str = None
    container: str = None
    lossless: bool = False
    # False when browsers cannot play the original, which then gets a browser rendition.
    browser_playable: bool = True
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
    # Versions of the words, as common/song_metadata.py describes them (lyrics_tags.py).
    lyrics: list = field(default_factory=list)
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
    info.lyrics = lyrics_tags.from_id3(tags)
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
    info.lyrics = lyrics_tags.from_texts([*tags.get("lyrics", []), *tags.get("unsyncedlyrics", [])])
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
    info.lyrics = lyrics_tags.from_texts(tags.get("\xa9lyr") or [])
    covers = tags.get("covr") or []
    if covers:
        info.cover = bytes(covers[0])


def _read_ape(tags, info):
    """APEv2, as Monkey's Audio, WavPack, Musepack, TAK and often TTA carry it."""
    def text(*keys):
        for key in keys:
            if key in tags:
                return _first(str(tags[key]).split("\0"))
        return None

    info.title, info.artist, info.album = text("Title"), text("Artist"), text("Album")
    info.album_artist = text("Album Artist", "AlbumArtist")
    info.genres = _split_genres(str(tags["Genre"]).split("\0")) if "Genre" in tags else []
    info.year, info.track, info.disc = text("Year", "Date"), text("Track"), text("Disc")
    info.lyrics = lyrics_tags.from_texts(str(tags["Lyrics"]).split("\0") if "Lyrics" in tags else [])
    cover = tags.get("Cover Art (Front)")
    if cover is not None and getattr(cover, "kind", None) == 0:  # binary: "name.jpg\0" then the image
        info.cover = bytes(cover.value).split(b"\0", 1)[-1]


def _read_asf(tags, info):
    """WMA's ASF attributes."""
    def text(key):
        return _first(str(value) for value in tags.get(key, []))

    info.title, info.artist, info.album = text("Title"), text("Author"), text("WM/AlbumTitle")
    info.album_artist = text("WM/AlbumArtist")
    info.genres = _split_genres(str(value) for value in tags.get("WM/Genre", []))
    info.year, info.track, info.disc = text("WM/Year"), text("WM/TrackNumber"), text("WM/PartOfSet")
    info.lyrics = lyrics_tags.from_texts(str(value) for value in tags.get("WM/Lyrics", []))


def _read_ffmpeg_tags(path, info):
    """Tags as ffmpeg reads them, for the kinds mutagen has no reader for (AC-3, Speex in odd files, ...)."""
    try:
        with av.open(path, metadata_errors="ignore") as container:
            tags = {key.lower(): value for key, value in container.metadata.items()}
            if container.streams.audio:
                tags = {**{key.lower(): value for key, value in container.streams.audio[0].metadata.items()}, **tags}
    except (av.FFmpegError, OSError, ValueError):
        return
    info.title, info.artist, info.album = tags.get("title"), tags.get("artist"), tags.get("album")
    info.album_artist = tags.get("album_artist")
    info.genres = _split_genres([tags["genre"]]) if tags.get("genre") else []
    info.year, info.track, info.disc = tags.get("date") or tags.get("year"), tags.get("track"), tags.get("disc")
    info.lyrics = lyrics_tags.from_ffmpeg(tags)


def _read_tags(path, info):
    try:
        audio = mutagen.File(path)
    except (mutagen.MutagenError, OSError, ValueError, EOFError, KeyError, IndexError) as error:
        log.info("mutagen could not read the tags: %s", error)
        audio = None
    tags = getattr(audio, "tags", None)
    if isinstance(tags, ID3):
        _read_id3(audio, info)
    elif isinstance(tags, MP4Tags):
        _read_mp4(audio, info)
    elif isinstance(tags, APEv2):
        _read_ape(tags, info)
    elif isinstance(tags, ASFTags):
        _read_asf(tags, info)
    elif tags is not None and hasattr(tags, "keys"):  # Vorbis comments: FLAC, Ogg Vorbis, Opus, Speex, Ogg FLAC
        _read_vorbis_comments(audio, info)
    else:
        _read_ffmpeg_tags(path, info)


def read_audio(path):
    """What the file at ``path`` is, its technical details and its tags; NotAudio when it holds no audio
    that decodes."""
    probe = audio_probe.probe(path, os.path.getsize(path))
    played_as = probe.content_type
    if played_as is None:
        played_as = renditions.target(renditions.BROWSER, probe.lossless)[2]
    info = AudioInfo(
        content_type=played_as, duration=probe.duration, bitrate=probe.bitrate, sample_rate=probe.sample_rate,
        channels=probe.channels, bit_depth=probe.bit_depth, codec=probe.codec, container=probe.container,
        lossless=probe.lossless, browser_playable=probe.browser_playable,
    )
    _read_tags(path, info)
    repaired, info.tag_repairs = tag_repair.repair(info.metadata())
    for name, value in repaired.items():
        setattr(info, name, value)
    if info.duration > MAX_DURATION_SECONDS:  # no real recording; the player measures the stream instead
        info.tag_repairs.append(f"duration: {info.duration / 3600:,.0f} hours is more than a week, dropped")
        info.duration = 0.0
    return info


def title_from_filename(filename):
    stem = os.path.splitext(os.path.basename(filename or ""))[0]
    return " ".join(stem.replace("_", " ").split()) or None

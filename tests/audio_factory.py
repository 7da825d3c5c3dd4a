"""Generate small, real, tagged audio files (sine tones) for the test suite.

Nothing is downloaded: numpy synthesises, lameenc (MP3) / PyAV encode, mutagen tags.
"""

from __future__ import annotations

import base64
import contextlib
import io
import math
import os
import pathlib
from fractions import Fraction
from typing import Iterable, Sequence

import av
import lameenc
import numpy as np
from mutagen.flac import FLAC, Picture
from mutagen.id3 import (
    APIC,
    ID3,
    TALB,
    TCON,
    TDRC,
    TIT2,
    TPE1,
    TPE2,
    TPOS,
    TRCK,
)
from mutagen.mp4 import MP4, MP4Cover
from mutagen.oggopus import OggOpus
from mutagen.oggvorbis import OggVorbis
from mutagen.wave import WAVE
from PIL import Image

__all__ = ["FORMATS", "make_audio", "make_cover_png", "make_cover_jpeg"]

#: Supported values for ``make_audio(fmt=...)``.
FORMATS = ("mp3", "flac", "ogg", "opus", "m4a", "wav")

# fmt -> (PyAV container format, encoder candidates in order of preference).
# The native FFmpeg "vorbis" and "opus" encoders are experimental and need strict=-2;
# the native vorbis encoder also only supports stereo, which is what we generate.
_PYAV_SPECS = {
    "flac": ("flac", ("flac",)),
    "ogg": ("ogg", ("libvorbis", "vorbis")),
    "opus": ("ogg", ("libopus", "opus")),
    "m4a": ("ipod", ("aac", "libfdk_aac")),
    "wav": ("wav", ("pcm_s16le",)),
}

_CHANNELS = 2


# --------------------------------------------------------------------------- covers


def _make_cover(color, size, fmt: str) -> bytes:
    buf = io.BytesIO()
    Image.new("RGB", tuple(size), tuple(color)).save(buf, format=fmt)
    return buf.getvalue()


def make_cover_png(color=(200, 30, 30), size=(64, 64)) -> bytes:
    """Return the bytes of a small solid-colour PNG image."""
    return _make_cover(color, size, "PNG")


def make_cover_jpeg(color=(30, 30, 200), size=(64, 64)) -> bytes:
    """Return the bytes of a small solid-colour JPEG image."""
    return _make_cover(color, size, "JPEG")


def _image_info(data: bytes) -> tuple[str, int, int]:
    """Return ``(mime, width, height)`` for PNG/JPEG bytes (mime detected from magic bytes)."""
    if data.startswith(b"\x89PNG\r\n\x1a\n"):
        mime = "image/png"
    elif data.startswith(b"\xff\xd8\xff"):
        mime = "image/jpeg"
    else:
        raise ValueError("cover must be PNG or JPEG bytes")
    try:
        with Image.open(io.BytesIO(data)) as img:
            width, height = img.size
    except Exception:  # pragma: no cover - odd but valid-magic data
        width = height = 0
    return mime, width, height


# --------------------------------------------------------------------------- audio


def _sine(seconds: float, frequency: float, sample_rate: int) -> np.ndarray:
    """Stereo sine tone as int16, shape (channels, samples) i.e. planar."""
    n = int(round(seconds * sample_rate))
    t = np.arange(n, dtype=np.float64) / sample_rate
    mono = (0.3 * 32767 * np.sin(2 * math.pi * frequency * t)).astype(np.int16)
    return np.vstack([mono] * _CHANNELS)


def _encode_mp3(path: pathlib.Path, seconds, frequency, sample_rate) -> None:
    samples = _sine(seconds, frequency, sample_rate)
    enc = lameenc.Encoder()
    enc.set_bit_rate(128)
    enc.set_in_sample_rate(sample_rate)
    enc.set_out_sample_rate(sample_rate)
    enc.set_channels(_CHANNELS)
    enc.set_quality(7)  # fast
    # lameenc wants interleaved int16 PCM.
    data = enc.encode(samples.T.tobytes()) + enc.flush()
    path.write_bytes(bytes(data))


def _open_encoder_stream(container, candidates: Sequence[str], sample_rate: int):
    last_err = None
    for name in candidates:
        try:
            av.codec.Codec(name, "w")
        except Exception as err:  # encoder not compiled into this FFmpeg build
            last_err = err
            continue
        stream = container.add_stream(name, rate=sample_rate, layout="stereo")
        if name in ("vorbis", "opus"):  # experimental native encoders
            stream.codec_context.options = {"strict": "-2"}
        return stream
    raise RuntimeError(f"none of the encoders {candidates} is available: {last_err}")


def _encode_pyav(path: pathlib.Path, fmt: str, seconds, frequency, sample_rate) -> None:
    container_fmt, candidates = _PYAV_SPECS[fmt]
    if fmt == "opus":
        sample_rate = 48000  # the only rate Opus really supports
    samples = _sine(seconds, frequency, sample_rate)
    with av.open(str(path), "w", format=container_fmt) as container:
        stream = _open_encoder_stream(container, candidates, sample_rate)
        # Feed 1024-sample frames of planar s16; PyAV resamples / re-chunks to
        # whatever the encoder needs (fltp, fixed frame size, ...).
        chunk = 1024
        for start in range(0, samples.shape[1], chunk):
            block = np.ascontiguousarray(samples[:, start : start + chunk])
            frame = av.AudioFrame.from_ndarray(block, format="s16p", layout="stereo")
            frame.sample_rate = sample_rate
            frame.pts = start
            frame.time_base = Fraction(1, sample_rate)
            container.mux(stream.encode(frame))
        container.mux(stream.encode(None))


# --------------------------------------------------------------------------- tags


def _as_list(value) -> list[str]:
    if value is None:
        return []
    if isinstance(value, (str, bytes, int)):
        return [str(value)]
    return [str(v) for v in value]


def _num(value) -> str:
    """Render track/disc: ``3`` -> "3", ``(3, 12)`` -> "3/12", ``"3/12"`` unchanged."""
    if isinstance(value, (tuple, list)):
        num, total = value
        return f"{num}/{total}" if total else str(num)
    return str(value)


def _num_pair(value) -> tuple[int, int]:
    if isinstance(value, (tuple, list)):
        num, total = value
        return int(num), int(total or 0)
    text = str(value)
    num, _, total = text.partition("/")
    return int(num), int(total or 0)


def _tag_id3(tags: ID3, t: dict, cover: bytes | None) -> None:
    simple = [
        (TIT2, "title"),
        (TPE1, "artist"),
        (TPE2, "album_artist"),
        (TALB, "album"),
    ]
    for frame_cls, key in simple:
        if t[key] is not None:
            tags.add(frame_cls(encoding=3, text=_as_list(t[key])))
    if t["genres"] is not None:
        tags.add(TCON(encoding=3, text=_as_list(t["genres"])))
    if t["year"] is not None:
        tags.add(TDRC(encoding=3, text=[str(t["year"])]))
    if t["track"] is not None:
        tags.add(TRCK(encoding=3, text=[_num(t["track"])]))
    if t["disc"] is not None:
        tags.add(TPOS(encoding=3, text=[_num(t["disc"])]))
    if cover is not None:
        mime, _, _ = _image_info(cover)
        tags.add(APIC(encoding=3, mime=mime, type=3, desc="Cover", data=cover))


def _tag_vorbis(tags, t: dict) -> None:
    mapping = [
        ("TITLE", "title"),
        ("ARTIST", "artist"),
        ("ALBUMARTIST", "album_artist"),
        ("ALBUM", "album"),
        ("GENRE", "genres"),
        ("DATE", "year"),
    ]
    for field, key in mapping:
        if t[key] is not None:
            tags[field] = _as_list(t[key])
    if t["track"] is not None:
        tags["TRACKNUMBER"] = [_num(t["track"])]
    if t["disc"] is not None:
        tags["DISCNUMBER"] = [_num(t["disc"])]


def _flac_picture(cover: bytes) -> Picture:
    mime, width, height = _image_info(cover)
    pic = Picture()
    pic.type = 3  # front cover
    pic.mime = mime
    pic.desc = "Cover"
    pic.width, pic.height, pic.depth = width, height, 24
    pic.data = cover
    return pic


def _write_tags(path: pathlib.Path, fmt: str, t: dict, cover, id3_version: int) -> None:
    if fmt == "mp3":
        tags = ID3()
        _tag_id3(tags, t, cover)
        if len(tags):
            if id3_version == 3:
                tags.update_to_v23()  # TDRC -> TYER etc.; save() alone does not do this
            tags.save(str(path), v2_version=id3_version)
    elif fmt == "wav":
        audio = WAVE(str(path))
        audio.add_tags()
        _tag_id3(audio.tags, t, cover)
        if len(audio.tags):
            if id3_version == 3:
                audio.tags.update_to_v23()
            audio.save(v2_version=id3_version)
    elif fmt == "flac":
        audio = FLAC(str(path))
        if audio.tags is None:
            audio.add_tags()
        audio.tags.clear()  # drop FFmpeg's "encoder" comment
        _tag_vorbis(audio.tags, t)
        if cover is not None:
            audio.add_picture(_flac_picture(cover))
        audio.save()
    elif fmt in ("ogg", "opus"):
        audio = (OggVorbis if fmt == "ogg" else OggOpus)(str(path))
        # FFmpeg writes an "encoder" comment; start from a clean slate.
        audio.tags.clear()
        _tag_vorbis(audio.tags, t)
        if cover is not None:
            encoded = base64.b64encode(_flac_picture(cover).write()).decode("ascii")
            audio.tags["METADATA_BLOCK_PICTURE"] = [encoded]
        audio.save()
    elif fmt == "m4a":
        audio = MP4(str(path))
        if audio.tags is None:
            audio.add_tags()
        tags = audio.tags
        for key in list(tags.keys()):  # drop FFmpeg's ©too etc.
            del tags[key]
        for atom, key in [
            ("\xa9nam", "title"),
            ("\xa9ART", "artist"),
            ("aART", "album_artist"),
            ("\xa9alb", "album"),
            ("\xa9gen", "genres"),
            ("\xa9day", "year"),
        ]:
            if t[key] is not None:
                tags[atom] = _as_list(t[key])
        if t["track"] is not None:
            tags["trkn"] = [_num_pair(t["track"])]
        if t["disc"] is not None:
            tags["disk"] = [_num_pair(t["disc"])]
        if cover is not None:
            mime, _, _ = _image_info(cover)
            kind = MP4Cover.FORMAT_PNG if mime == "image/png" else MP4Cover.FORMAT_JPEG
            tags["covr"] = [MP4Cover(cover, imageformat=kind)]
        audio.save()


# --------------------------------------------------------------------------- public


def make_audio(
    path,
    fmt: str = "mp3",
    *,
    seconds: float = 2.0,
    title: str | None = None,
    artist: str | Iterable[str] | None = None,
    album: str | None = None,
    album_artist: str | None = None,
    genres: str | Iterable[str] | None = None,
    year: int | str | None = None,
    track: int | str | tuple | None = None,
    disc: int | str | tuple | None = None,
    cover: bytes | None = None,
    frequency: float = 440.0,
    sample_rate: int = 44100,
    id3_version: int = 4,
) -> pathlib.Path:
    """Write a ``seconds``-long stereo sine tone to ``path`` encoded as ``fmt`` and tag it.

    ``fmt`` is one of :data:`FORMATS`: ``"mp3"`` (lameenc, 128 kbps CBR, ID3v2.4 or
    ID3v2.3 with ``id3_version=3``), ``"flac"``, ``"ogg"`` (Vorbis), ``"opus"`` (Ogg
    Opus, always 48 kHz), ``"m4a"`` (AAC in MP4) or ``"wav"`` (PCM s16le with an ID3
    chunk). Only tags that are not ``None`` are written, so a call without tags yields
    an untagged file. ``genres`` (and ``artist``) may be a string or a list for
    multi-valued tags; ``track``/``disc`` may be ``3``, ``"3/12"`` or ``(3, 12)``.
    ``cover`` is raw PNG or JPEG bytes (see :func:`make_cover_png`), stored as APIC,
    FLAC picture, METADATA_BLOCK_PICTURE or ``covr`` depending on the format.

    Parent directories are created. Returns the path as a :class:`pathlib.Path`.
    """
    fmt = fmt.lower().lstrip(".")
    if fmt not in FORMATS:
        raise ValueError(f"unsupported format {fmt!r}; expected one of {FORMATS}")
    if id3_version not in (3, 4):
        raise ValueError("id3_version must be 3 or 4")
    if cover is not None:
        _image_info(cover)  # validate early
    path = pathlib.Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    if path.exists():
        os.remove(path)

    if fmt == "mp3":
        _encode_mp3(path, seconds, frequency, sample_rate)
    else:
        _encode_pyav(path, fmt, seconds, frequency, sample_rate)

    tags = dict(
        title=title,
        artist=artist,
        album=album,
        album_artist=album_artist,
        genres=genres,
        year=year,
        track=track,
        disc=disc,
    )
    _write_tags(path, fmt, tags, cover, id3_version)
    return path


# --------------------------------------------------------------------------- every format PyAV encodes


class EncodedFormat:
    """One kind of file a real library holds: a container, a codec and the signal's shape."""

    def __init__(self, label, container, codec, extension, sample_rate=44100, layout="stereo",
                 sample_format=None, bit_rate=None, played_as_stored=False, xing=True):
        self.label, self.container, self.codec, self.extension = label, container, codec, extension
        self.sample_rate, self.layout, self.sample_format, self.bit_rate = sample_rate, layout, sample_format, bit_rate
        self.played_as_stored = played_as_stored
        self.xing = xing

    def __repr__(self):
        return self.label


#: Every format the format tests generate. ``played_as_stored``: browsers play the original; the others
#: get a browser rendition. MP3 "without Xing" comes from lameenc, which writes no Xing/Info frame.
ENCODED_FORMATS = (
    EncodedFormat("mp3-mpeg1-xing", "mp3", "mp3", "mp3", 44100, played_as_stored=True),
    EncodedFormat("mp3-mpeg1-no-xing", "mp3", "mp3", "mp3", 44100, played_as_stored=True, xing=False),
    EncodedFormat("mp3-mpeg2", "mp3", "mp3", "mp3", 22050, played_as_stored=True),
    EncodedFormat("mp3-mpeg2.5-8khz-mono", "mp3", "mp3", "mp3", 8000, "mono", played_as_stored=True),
    EncodedFormat("aac-m4a", "ipod", "aac", "m4a", played_as_stored=True),
    EncodedFormat("aac-5.1-m4a", "ipod", "aac", "m4a", 48000, "5.1", played_as_stored=True),
    EncodedFormat("aac-adts", "adts", "aac", "aac", played_as_stored=True),
    EncodedFormat("flac", "flac", "flac", "flac", played_as_stored=True),
    EncodedFormat("flac-24bit-96khz", "flac", "flac", "flac", 96000, sample_format="s32", played_as_stored=True),
    EncodedFormat("flac-192khz", "flac", "flac", "flac", 192000, sample_format="s32", played_as_stored=True),
    EncodedFormat("flac-5.1", "flac", "flac", "flac", 48000, "5.1", played_as_stored=True),
    EncodedFormat("ogg-flac", "ogg", "flac", "oga", played_as_stored=True),
    EncodedFormat("ogg-vorbis", "ogg", "vorbis", "ogg", played_as_stored=True),
    EncodedFormat("opus", "ogg", "libopus", "opus", 48000, played_as_stored=True),
    EncodedFormat("opus-5.1", "ogg", "libopus", "opus", 48000, "5.1", played_as_stored=True),
    EncodedFormat("webm-opus", "webm", "libopus", "webm", 48000, played_as_stored=True),
    EncodedFormat("wav-s16", "wav", "pcm_s16le", "wav", played_as_stored=True),
    EncodedFormat("wav-s24-96khz", "wav", "pcm_s24le", "wav", 96000, played_as_stored=True),
    EncodedFormat("wav-f32", "wav", "pcm_f32le", "wav", played_as_stored=True),
    EncodedFormat("wav-u8-8khz-mono", "wav", "pcm_u8", "wav", 8000, "mono", played_as_stored=True),
    EncodedFormat("wav-5.1", "wav", "pcm_s16le", "wav", 48000, "5.1", played_as_stored=True),
    EncodedFormat("wav-192khz", "wav", "pcm_s16le", "wav", 192000, played_as_stored=True),
    EncodedFormat("wav-alaw-8khz-mono", "wav", "pcm_alaw", "wav", 8000, "mono", played_as_stored=True),
    EncodedFormat("wav-adpcm", "wav", "adpcm_ima_wav", "wav"),
    EncodedFormat("aiff", "aiff", "pcm_s16be", "aiff"),
    EncodedFormat("alac-m4a", "ipod", "alac", "m4a"),
    EncodedFormat("wma", "asf", "wmav2", "wma", bit_rate=128000),
    EncodedFormat("ac3", "ac3", "ac3", "ac3", 48000),
    EncodedFormat("eac3", "eac3", "eac3", "eac3", 48000),
    EncodedFormat("wavpack", "wv", "wavpack", "wv"),
    EncodedFormat("tta", "tta", "tta", "tta"),
    EncodedFormat("mp2", "mp2", "mp2", "mp2"),
    EncodedFormat("amr-nb", "amr", "amr_nb", "amr", 8000, "mono"),
)
#: What PyAV cannot encode here, so no test generates it: it is accepted by decoding like the rest, but
#: untested (the closing notes and README say so).
UNTESTED_FORMATS = ("Monkey's Audio", "Musepack", "TAK", "Speex", "DSD", "MP3 with a VBRI header")


def _tone(seconds, sample_rate, channels, frequency=440.0):
    """A tone with a little noise (so lossy encoders have something to spend bits on), float planar."""
    count = int(round(seconds * sample_rate))
    t = np.arange(count, dtype=np.float64) / sample_rate
    noise = np.random.default_rng(7).uniform(-0.05, 0.05, size=(channels, count))
    return (0.25 * np.sin(2 * math.pi * frequency * t) + noise).astype(np.float32)


@contextlib.contextmanager
def audio_writer(path, encoded: EncodedFormat):
    """Encode to ``path`` as ``encoded`` describes; yields ``write(block)``, which takes float32 planar
    samples of shape (channels, n), so a long file is written a block at a time."""
    with av.open(str(path), "w", format=encoded.container) as container:
        stream = container.add_stream(encoded.codec, rate=encoded.sample_rate)
        stream.layout = encoded.layout
        if encoded.codec == "vorbis":
            stream.codec_context.options = {"strict": "-2"}
        if encoded.sample_format:
            stream.format = encoded.sample_format
        if encoded.bit_rate:
            stream.bit_rate = encoded.bit_rate
        resampler = av.AudioResampler(format=stream.format.name, layout=encoded.layout, rate=encoded.sample_rate,
                                      frame_size=stream.codec_context.frame_size or None)
        written = [0]

        def write(block):
            frame = av.AudioFrame.from_ndarray(np.ascontiguousarray(block, dtype=np.float32), format="fltp",
                                               layout=encoded.layout)
            frame.sample_rate = encoded.sample_rate
            frame.pts, frame.time_base = written[0], Fraction(1, encoded.sample_rate)
            written[0] += block.shape[1]
            for converted in resampler.resample(frame):
                container.mux(stream.encode(converted))

        yield write
        for converted in resampler.resample(None):
            container.mux(stream.encode(converted))
        container.mux(stream.encode(None))


def encode_audio(path, encoded: EncodedFormat, seconds: float = 3.0) -> pathlib.Path:
    """Write ``seconds`` of audio to ``path`` as ``encoded`` describes, with PyAV (lameenc for MP3 without
    a Xing header)."""
    path = pathlib.Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    if encoded.codec == "mp3" and not encoded.xing:
        _encode_mp3(path, seconds, 440.0, encoded.sample_rate)
        return path
    samples = _tone(seconds, encoded.sample_rate, av.AudioLayout(encoded.layout).nb_channels)
    block = encoded.sample_rate // 10
    with audio_writer(path, encoded) as write:
        for begin in range(0, samples.shape[1], block):
            write(samples[:, begin:begin + block])
    return path

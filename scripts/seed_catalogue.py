"""Fills the catalogue with a synthetic one, for trying the browse pages and for benchmarks.

    .venv/bin/python scripts/seed_catalogue.py --songs 50000 [--audio 6] [--covers 300]

Writes straight into the databases through the services' own models, so it needs no running service:
- ``--songs`` songs of metadata only (``catalogue_generation/synthetic_catalogue.py``: Zipf-distributed
  artists and genres, plausible names), loaded in bulk (``catalogue_generation/bulk_load.py``); their audio
  ids point at nothing, so they do not play;
- ``--covers`` generated cover images, given to that many albums;
- ``--audio`` real WAV files (tones, tagged with mutagen, with cover art), stored and read like uploads,
  so that a few songs play.
By default it writes to the development database that ``make run`` starts (run it while that runs).
"""
import argparse
import io
import math
import os
import struct
import sys
import tempfile
import time
import wave
from secrets import token_urlsafe

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

from mutagen.id3 import APIC, TALB, TCON, TDRC, TIT2, TPE1, TRCK  # noqa: E402
from mutagen.wave import WAVE  # noqa: E402
from PIL import Image, ImageDraw  # noqa: E402

from scripts.catalogue_generation import synthetic_catalogue  # noqa: E402

DEFAULT_MONGO_URI = "mongodb://127.0.0.1:27117"
TONE_SECONDS = 8
TONE_RATE = 22050


def cover_image(number, size=600):
    """A JPEG of two colour bands and a disc, different for every ``number``."""
    hue = (number * 47) % 360
    first = _colour(hue, 0.55, 0.45)
    second = _colour((hue + 140) % 360, 0.6, 0.3)
    image = Image.new("RGB", (size, size), first)
    draw = ImageDraw.Draw(image)
    draw.rectangle((0, size * (number % 5 + 3) // 10, size, size), fill=second)
    radius = size // 4 + (number % 7) * 10
    draw.ellipse((size // 2 - radius, size // 2 - radius, size // 2 + radius, size // 2 + radius), outline="white",
                 width=size // 60)
    output = io.BytesIO()
    image.save(output, format="JPEG", quality=85)
    return output.getvalue()


def _colour(hue, saturation, lightness):
    import colorsys

    red, green, blue = colorsys.hls_to_rgb(hue / 360, lightness, saturation)
    return int(red * 255), int(green * 255), int(blue * 255)


def write_tone(path, title, artist, album, genre, year, track, frequency, cover):
    """A mono WAV tone with ID3 tags and cover art: a real file the tag reader and the player accept."""
    samples = (int(0.3 * 32767 * math.sin(2 * math.pi * frequency * i / TONE_RATE))
               for i in range(TONE_SECONDS * TONE_RATE))
    with wave.open(path, "wb") as output:
        output.setnchannels(1)
        output.setsampwidth(2)
        output.setframerate(TONE_RATE)
        output.writeframes(b"".join(struct.pack("<h", sample) for sample in samples))
    audio = WAVE(path)
    audio.add_tags()
    for frame in (TIT2(encoding=3, text=title), TPE1(encoding=3, text=artist), TALB(encoding=3, text=album),
                  TCON(encoding=3, text=genre), TDRC(encoding=3, text=str(year)), TRCK(encoding=3, text=str(track))):
        audio.tags.add(frame)
    audio.tags.add(APIC(encoding=3, mime="image/jpeg", type=3, desc="Cover", data=cover))
    audio.save()


def _apps(mongo_uri, song_db, media_db):
    from media_service.app import create_app as create_media_app
    from song_service.app import create_app as create_song_app

    # These apps serve no request, only their models write to the database; the secrets they must have
    # to start are thrown away.
    unused_secrets = {"SECRET_KEY": token_urlsafe(32), "SERVICE_TOKEN_SECRET": token_urlsafe(32)}
    return (create_song_app({"MONGO_URI": mongo_uri, "MONGO_DB_NAME": song_db, **unused_secrets}),
            create_media_app({"MONGO_URI": mongo_uri, "MONGO_DB_NAME": media_db, **unused_secrets}))


def store_covers(media_app, count):
    from media_service.models import media_store

    with media_app.app_context():
        return [media_store.save_cover(cover_image(number), "image/jpeg") for number in range(count)]


def give_covers(metadata, cover_ids):
    """The first albums met get a cover each, shared by all their songs."""
    by_album = {}
    for song in metadata:
        album = (song.get("album_artist") or song["artist"], song["album"])
        if album not in by_album and len(by_album) < len(cover_ids):
            by_album[album] = cover_ids[len(by_album)]
        song["cover_id"] = by_album.get(album)


def store_audio_songs(song_app, media_app, count, artist):
    """``count`` playable songs by ``artist``, stored and catalogued as an upload would be."""
    from media_service.models import cover_sizes, media_store, tag_reader
    from song_service.models.catalogue import song as songs

    created = []
    cover = cover_image(997)
    with tempfile.TemporaryDirectory() as folder:
        for number in range(count):
            path = os.path.join(folder, f"tone-{number}.wav")
            title = f"Tone Study No. {number + 1}"
            write_tone(path, title, artist, "Sine Studies", "Ambient", 2024, number + 1, 220 * (1 + number / 4), cover)
            info = tag_reader.read_audio(path)
            with media_app.app_context(), open(path, "rb") as source:
                cover_id = media_store.save_cover(info.cover, cover_sizes.identify(info.cover))
                cover_sizes.store_sizes(cover_id, info.cover)
                audio_id = media_store.save_audio(source, os.path.basename(path), info, "seed")
            metadata = {**info.metadata(), "audio_id": audio_id, "cover_id": cover_id,
                        "size": os.path.getsize(path), "filename": os.path.basename(path)}
            with song_app.app_context():
                created.append(songs.create_song(metadata, uploaded_by="seed"))
    return created


def seed(mongo_uri, song_db, media_db, songs=0, audio=0, covers=0, seed_value=1, log=print):
    """Load the synthetic catalogue; returns the generated metadata (the benchmark picks queries from it)."""
    from scripts.catalogue_generation import bulk_load

    song_app, media_app = _apps(mongo_uri, song_db, media_db)
    started = time.monotonic()
    metadata = synthetic_catalogue.generate(songs, seed_value) if songs else []
    if covers and metadata:
        give_covers(metadata, store_covers(media_app, covers))
    if metadata:
        with song_app.app_context():
            bulk_load.load(metadata)
        log(f"loaded {len(metadata)} songs in {time.monotonic() - started:.0f} s")
    if audio:
        artist = metadata[0]["artist"] if metadata else "Sine Wave Collective"
        store_audio_songs(song_app, media_app, audio, artist)
        log(f"stored {audio} playable songs by {artist}")
    return metadata


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--songs", type=int, default=50_000, help="songs of metadata to generate")
    parser.add_argument("--audio", type=int, default=6, help="real, playable audio files to add")
    parser.add_argument("--covers", type=int, default=300, help="albums that get a generated cover")
    parser.add_argument("--seed", type=int, default=1, help="the same seed gives the same catalogue")
    parser.add_argument("--mongo-uri", default=os.environ.get("MONGO_URI", DEFAULT_MONGO_URI))
    parser.add_argument("--song-db", default=os.environ.get("SONG_DB_NAME", "music_songs"))
    parser.add_argument("--media-db", default=os.environ.get("MEDIA_DB_NAME", "music_media"))
    args = parser.parse_args()
    seed(args.mongo_uri, args.song_db, args.media_db, args.songs, args.audio, args.covers, args.seed)
    return 0


if __name__ == "__main__":
    sys.exit(main())

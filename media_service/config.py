"""media_service settings, every one from the environment."""
import os
import tempfile

from common.config import DatabaseConfig, env_int


class Config(DatabaseConfig):
    SERVICE_NAME = "media_service"
    MONGO_DB_NAME = os.environ.get("MEDIA_DB_NAME", "music_media")
    UPLOAD_MAX_BYTES = env_int("UPLOAD_MAX_BYTES", 200 * 1024 * 1024)
    # Uploads are spooled here while their content is checked; a writable emptyDir in Kubernetes.
    UPLOAD_TMP_DIR = os.environ.get("UPLOAD_TMP_DIR", tempfile.gettempdir())
    # A little over the upload limit, so that our own check answers with a clear message first.
    MAX_CONTENT_LENGTH = UPLOAD_MAX_BYTES + 1024 * 1024
    # Audio chunks kept in each worker's memory: streams of the same song share them instead of each
    # reading them from MongoDB again (see chunked_files.ChunkCache). 0 turns the cache off.
    MEDIA_CHUNK_CACHE_BYTES = env_int("MEDIA_CHUNK_CACHE_BYTES", 32 * 1024 * 1024)
    # The storage sweeper (flask --app media_service.app sweep-storage) removes what has been left over for
    # longer than this: chunks of an upload that never finished, spool files, and audio files and covers
    # that no song uses, which it asks song_service about.
    SWEEP_GRACE_SECONDS = env_int("SWEEP_GRACE_SECONDS", 3600)
    SONG_SERVICE_URL = os.environ.get("SONG_SERVICE_URL", "http://127.0.0.1:5002")
    AUDIO_CACHE_SECONDS = env_int("AUDIO_CACHE_SECONDS", 3600)
    COVER_CACHE_SECONDS = env_int("COVER_CACHE_SECONDS", 7 * 24 * 3600)
    # Conversions made while they stream, for listening apps (models/live_conversion.py): at most this many
    # at once per pod, each in a process of its own at a lower CPU priority than the serving workers.
    # Default: one per CPU the pod sees (scripts/benchmark_streams.py --conversions measures what it costs).
    LIVE_CONVERSIONS_PER_POD = env_int("LIVE_CONVERSIONS_PER_POD", os.cpu_count() or 2)
    # How many times faster than it plays a conversion is sent at most: far ahead of any player, and a
    # converter paced so uses a small share of a core (models/live_conversion.py).
    LIVE_CONVERSION_PACE = env_int("LIVE_CONVERSION_PACE", 10)
    # The slot files every worker of the pod locks to count them: a directory the workers share (by default
    # beside the upload spool, per serving port, so that two instances on one machine count separately).
    LIVE_CONVERSION_DIR = os.environ.get(
        "LIVE_CONVERSION_DIR", os.path.join(UPLOAD_TMP_DIR, f"music-live-conversions-{os.environ.get('PORT', '')}"))

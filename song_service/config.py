"""song_service settings, every one from the environment."""
import os

from common.config import DatabaseConfig, env_int


class Config(DatabaseConfig):
    SERVICE_NAME = "song_service"
    MONGO_DB_NAME = os.environ.get("SONG_DB_NAME", "music_songs")
    SEARCH_MAX_RESULTS = env_int("SEARCH_MAX_RESULTS", 50)
    PAGE_SIZE_MAX = env_int("PAGE_SIZE_MAX", 100)

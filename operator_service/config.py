"""operator_service settings, every one from the environment."""
import os

from common.config import BaseConfig, env_bool, env_int


class Config(BaseConfig):
    SERVICE_NAME = "operator_service"
    AUTH_SERVICE_URL = os.environ.get("AUTH_SERVICE_URL", "http://127.0.0.1:5001")
    SONG_SERVICE_URL = os.environ.get("SONG_SERVICE_URL", "http://127.0.0.1:5002")
    MEDIA_SERVICE_URL = os.environ.get("MEDIA_SERVICE_URL", "http://127.0.0.1:5003")
    BACKEND_CONNECT_TIMEOUT = float(os.environ.get("BACKEND_CONNECT_TIMEOUT", "3"))
    BACKEND_READ_TIMEOUT = float(os.environ.get("BACKEND_READ_TIMEOUT", "30"))
    # Pooled connections per backend and process: one per open audio stream, so as many as a worker
    # serves at once (GUNICORN_WORKER_CONNECTIONS).
    BACKEND_POOL_SIZE = env_int("BACKEND_POOL_SIZE", 1000)
    UPLOAD_MAX_BYTES = env_int("UPLOAD_MAX_BYTES", 200 * 1024 * 1024)
    UPLOAD_MAX_FILES = env_int("UPLOAD_MAX_FILES", 20)
    # The whole multipart request may carry several files; each is checked against UPLOAD_MAX_BYTES.
    MAX_CONTENT_LENGTH = UPLOAD_MAX_BYTES * UPLOAD_MAX_FILES
    SESSION_COOKIE_SECURE = env_bool("SESSION_COOKIE_SECURE", False)
    SESSION_COOKIE_HTTPONLY = True
    SESSION_COOKIE_SAMESITE = "Lax"
    REMEMBER_COOKIE_HTTPONLY = True
    WTF_CSRF_TIME_LIMIT = None  # the token lives as long as the signed session

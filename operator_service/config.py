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
    # A pooled connection to a backend idle longer than this is closed instead of reused: kept below the
    # backends' keep-alive (GUNICORN_KEEPALIVE, 5 s), so a request never meets the backend closing it.
    BACKEND_MAX_IDLE_SECONDS = float(os.environ.get("BACKEND_MAX_IDLE_SECONDS", "2"))
    # Relay audio and covers with splice(2), socket to socket in the kernel (models/relay.py); off, every
    # chunk is copied through Python (for a kernel without splice, or to compare the two).
    RELAY_SPLICE = env_bool("RELAY_SPLICE", True)
    UPLOAD_MAX_BYTES = env_int("UPLOAD_MAX_BYTES", 200 * 1024 * 1024)
    # Files in one post of the upload form without JavaScript (upload.js posts each file on its own). A
    # worker may hold this many files' bodies in its temporary directory at once, so a pod's /tmp must hold
    # WEB_CONCURRENCY times that (middleware/upload_spool.py; docs/deploy.md, "Uploads and the operator's
    # temporary volume").
    UPLOAD_MAX_FILES = env_int("UPLOAD_MAX_FILES", 4)
    # Every request but an upload: a form or the player's JSON. Any visitor's POST body is read (for its
    # CSRF token) before a view runs, so this stays small, and werkzeug keeps it in memory, never on disk;
    # a form has at most MAX_FORM_PARTS fields (common/forms.py). The views that take files raise it for
    # their own requests once the user is known (middleware/upload_spool.py).
    MAX_CONTENT_LENGTH = env_int("FORM_MAX_BYTES", 256 * 1024)
    # An album's new cover in the admin console (media_service takes images of up to 20 MB).
    COVER_MAX_BYTES = env_int("COVER_MAX_BYTES", 20 * 1024 * 1024)
    # A request body that stops arriving for this long, or arrives slower than the rate below once it has
    # taken that long, is cut (408): a slow body must not hold a connection and its memory or spool space.
    REQUEST_BODY_STALL_SECONDS = float(os.environ.get("REQUEST_BODY_STALL_SECONDS", "10"))
    REQUEST_BODY_MIN_BYTES_PER_SECOND = env_int("REQUEST_BODY_MIN_BYTES_PER_SECOND", 1024)
    # Request bodies one client address may be sending to one worker at once; more are answered 429.
    REQUEST_BODIES_PER_ADDRESS = env_int("REQUEST_BODIES_PER_ADDRESS", 8)
    # Whose X-Request-ID is kept (common/request_ids.py): the proxies trusted with X-Forwarded-Proto, never
    # a browser.
    REQUEST_ID_TRUSTED_PEERS = os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1")
    SESSION_COOKIE_SECURE = env_bool("SESSION_COOKIE_SECURE", False)
    SESSION_COOKIE_HTTPONLY = True
    SESSION_COOKIE_SAMESITE = "Lax"
    REMEMBER_COOKIE_HTTPONLY = True
    WTF_CSRF_TIME_LIMIT = None  # the token lives as long as the signed session
    # A session ends after this long without a request (14 days), and this long after logging in
    # (30 days) however active; both are checked on every request, from times kept in the signed cookie.
    SESSION_IDLE_TIMEOUT = env_int("SESSION_IDLE_TIMEOUT", 14 * 24 * 3600)
    SESSION_MAX_AGE = env_int("SESSION_MAX_AGE", 30 * 24 * 3600)
    PERMANENT_SESSION_LIFETIME = SESSION_MAX_AGE
    # How stale this process's copy of an account's role and session version may be: a logout, password
    # change or role change elsewhere reaches every replica within this many seconds.
    SESSION_CHECK_SECONDS = env_int("SESSION_CHECK_SECONDS", 5)

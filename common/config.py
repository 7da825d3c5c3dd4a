"""Settings every service shares, read from the environment with safe local defaults."""
import os


def env_int(name, default):
    value = os.environ.get(name)
    return int(value) if value not in (None, "") else default


def env_bool(name, default=False):
    value = os.environ.get(name)
    if value in (None, ""):
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


class BaseConfig:
    # Each service overrides SERVICE_NAME and MONGO_DB_NAME.
    SERVICE_NAME = "service"
    # No defaults: a known value would let anyone forge sessions and service tokens. create_service_app
    # refuses to start without both (common/app_factory.py); the dev launcher makes random ones.
    SECRET_KEY = os.environ.get("SECRET_KEY")
    # Shared by all four services: the operator signs, the backends verify.
    SERVICE_TOKEN_SECRET = os.environ.get("SERVICE_TOKEN_SECRET")
    SERVICE_TOKEN_MAX_AGE = env_int("SERVICE_TOKEN_MAX_AGE", 300)
    LOG_LEVEL = os.environ.get("LOG_LEVEL", "INFO")
    JSON_SORT_KEYS = False


class DatabaseConfig(BaseConfig):
    """For the three backends, each of which owns one database on this server."""

    MONGO_URI = os.environ.get("MONGO_URI", "mongodb://127.0.0.1:27017")
    MONGO_TIMEOUT_MS = env_int("MONGO_TIMEOUT_MS", 5000)

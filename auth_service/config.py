"""auth_service settings, every one from the environment."""
import os

from common.config import DatabaseConfig


class Config(DatabaseConfig):
    SERVICE_NAME = "auth_service"
    MONGO_DB_NAME = os.environ.get("AUTH_DB_NAME", "music_auth")
    # When both are set, start-up creates this admin or resets its password (Kubernetes Secret provisioning).
    ADMIN_USERNAME = os.environ.get("ADMIN_USERNAME", "")
    ADMIN_PASSWORD = os.environ.get("ADMIN_PASSWORD", "")

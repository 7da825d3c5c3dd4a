"""auth_service settings, every one from the environment."""
import os

from common.config import DatabaseConfig, env_int


class Config(DatabaseConfig):
    SERVICE_NAME = "auth_service"
    MONGO_DB_NAME = os.environ.get("AUTH_DB_NAME", "music_auth")
    # The administrator that `flask --app auth_service.app create-admin` creates, or whose password it resets.
    ADMIN_USERNAME = os.environ.get("ADMIN_USERNAME", "")
    ADMIN_PASSWORD = os.environ.get("ADMIN_PASSWORD", "")
    # The first sign-up mode (models/signup.py): "open", anyone may create an account; "invite", only with
    # an admin's invite link; "closed", only admins add accounts (the first admin then comes from the
    # create-admin command). Once an admin sets the mode in the console, the stored setting decides.
    SIGNUP = os.environ.get("SIGNUP", "open").strip().lower()
    # Login attempts, counted per account and per client address in windows of LOGIN_WINDOW_SECONDS.
    # A successful login does not count, and a locked account opens again when the window ends, so an
    # attacker can keep the real user out for at most one window.
    LOGIN_WINDOW_SECONDS = env_int("LOGIN_WINDOW_SECONDS", 300)
    LOGIN_ATTEMPTS_PER_ACCOUNT = env_int("LOGIN_ATTEMPTS_PER_ACCOUNT", 10)
    LOGIN_ATTEMPTS_PER_ADDRESS = env_int("LOGIN_ATTEMPTS_PER_ADDRESS", 30)
    # New accounts per client address and hour.
    SIGNUPS_PER_ADDRESS_PER_HOUR = env_int("SIGNUPS_PER_ADDRESS_PER_HOUR", 10)
    # Fernet keys (comma-separated; the first encrypts, all decrypt, for rotation) that keep listening apps'
    # app passwords encrypted at rest: token sign-in needs the password itself, so it cannot be hashed. Without
    # it app passwords are unavailable and API keys still work. Make one with
    # `python3 -c 'from cryptography.fernet import Fernet; print(Fernet.generate_key().decode())'`.
    APP_PASSWORD_KEYS = os.environ.get("APP_PASSWORD_KEYS", "")

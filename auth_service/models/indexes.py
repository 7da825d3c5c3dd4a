"""Every index auth_service needs, created at start-up."""
from pymongo import ASCENDING

INDEXES = {
    "users": [
        ([("username_key", ASCENDING)], {"unique": True, "name": "unique_username"}),
    ],
    # A window's counter is removed a minute after the window ends.
    "rate_limits": [
        ([("expires_at", ASCENDING)], {"expireAfterSeconds": 0, "name": "expire_rate_limit_windows"}),
    ],
}

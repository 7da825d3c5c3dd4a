"""Every index auth_service needs, created at start-up."""
from pymongo import ASCENDING, DESCENDING

from common import idempotency

INDEXES = {
    "users": [
        ([("username_key", ASCENDING)], {"unique": True, "name": "unique_username"}),
        # The admin console counts the admins that are not disabled (the last one cannot be demoted).
        ([("role", ASCENDING)], {"name": "by_role"}),
    ],
    "app_credentials": [
        # A listening app's API key is found by its hash; only API keys have one.
        ([("key_hash", ASCENDING)], {"unique": True, "name": "unique_api_key_hash",
                                     "partialFilterExpression": {"kind": "api_key"}}),
        ([("user_id", ASCENDING), ("kind", ASCENDING)], {"name": "credentials_of_account"}),
        ([("created_at", DESCENDING)], {"name": "newest_credentials"}),
    ],
    "invites": [
        ([("created_at", DESCENDING)], {"name": "newest_invites"}),
    ],
    # A window's counter is removed a minute after the window ends.
    "rate_limits": [
        ([("expires_at", ASCENDING)], {"expireAfterSeconds": 0, "name": "expire_rate_limit_windows"}),
    ],
    # Answers to repeated requests (common/idempotency.py), forgotten after a day.
    **idempotency.INDEXES,
}

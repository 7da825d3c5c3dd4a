"""Every index auth_service needs, created at start-up."""
from pymongo import ASCENDING

INDEXES = {
    "users": [
        ([("username_key", ASCENDING)], {"unique": True, "name": "unique_username"}),
    ],
}

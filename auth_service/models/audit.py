"""The admin audit log: who did what to whom, and when. Written with every admin action, read by admins."""
from datetime import datetime, timezone

from auth_service.extensions import mongo

PAGE_SIZE = 50


def record(actor, action, target_id=None, target_name=None, detail=None):
    """``actor`` is the caller (common.service_tokens.Caller)."""
    mongo.durable_db.audit.insert_one({
        "at": datetime.now(timezone.utc), "actor_id": actor.user_id, "actor_name": actor.username,
        "action": action, "target_id": str(target_id) if target_id else None, "target_name": target_name,
        "detail": detail,
    })


def newest(before=None, limit=PAGE_SIZE):
    """A page of entries, newest first, older than the entry ``before`` (an ObjectId) when given."""
    query = {"_id": {"$lt": before}} if before else {}
    return list(mongo.db.audit.find(query).sort("_id", -1).limit(limit))

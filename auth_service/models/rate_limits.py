"""Counters that limit login and sign-up attempts, kept in MongoDB so that every replica sees the same.

Fixed windows: one document per (what is counted, window), whose count rises with one atomic upsert.
An attempt is counted before the password is checked, so a burst of concurrent guesses cannot slip
past the limit, and a successful login gives its attempt back, so that the real user's logins never
use up the account's allowance. Documents expire with their window (a TTL index on ``expires_at``).
"""
import math
from datetime import datetime, timedelta, timezone

from auth_service.extensions import mongo
from common.mongo import upsert_and_return


class TooManyAttempts(Exception):
    """Over the limit named ``limit``; ``retry_after`` is the number of seconds until its window ends."""

    def __init__(self, limit, retry_after):
        super().__init__(limit, retry_after)
        self.limit = limit
        self.retry_after = retry_after


def _window(seconds, now):
    start = math.floor(now.timestamp() / seconds) * seconds
    return start, datetime.fromtimestamp(start + seconds, timezone.utc)


def count_attempt(counter, key, limit, window_seconds, now=None):
    """Count one attempt against ``counter`` for ``key``; TooManyAttempts when it is over ``limit``.

    Returns what ``give_back`` needs to take the attempt back.
    """
    now = now or datetime.now(timezone.utc)
    start, ends = _window(window_seconds, now)
    document_id = f"{counter}:{str(key)[:100]}:{start}"
    document = upsert_and_return(
        mongo.db.rate_limits, {"_id": document_id},
        {"$inc": {"count": 1}, "$setOnInsert": {"expires_at": ends + timedelta(seconds=60)}},
    )
    if document["count"] > limit:
        raise TooManyAttempts(counter, max(1, math.ceil((ends - now).total_seconds())))
    return document_id


def give_back(document_id):
    mongo.db.rate_limits.update_one({"_id": document_id}, {"$inc": {"count": -1}})

"""Requests that are safe to send twice: a backend answers a repeated ``Idempotency-Key`` with the first answer.

The operator gives every call that changes something (a song, a play, a like, a playlist edit, a user
change) a random key, and its client resends such a call when the connection broke before an answer
came back (models/backend.py). Without the key a resend could store a song twice; with it, the backend
sees the same caller, method, path and key again and returns what it answered the first time, without
running the view again.

A key is remembered for a day. While the first request runs, the key is "pending": a repeat waits for
its answer, and gets a 409 if it takes too long. A request that fails on our side (a 5xx, an exception)
forgets its key, so its resend runs again. A pending key whose request died with its worker is taken
over after ``ABANDONED_AFTER``.
"""
import hashlib
import logging
import re
import time
from datetime import datetime, timedelta, timezone

from flask import Response, g, request
from pymongo import ASCENDING
from pymongo.errors import DuplicateKeyError
from werkzeug.exceptions import BadRequest, Conflict, UnprocessableEntity

from common.service_tokens import caller_from_request

log = logging.getLogger(__name__)

HEADER = "Idempotency-Key"
REPLAYED_HEADER = "Idempotent-Replayed"
COLLECTION = "idempotent_requests"
KEEP_SECONDS = 24 * 3600
KEY_PATTERN = re.compile(r"[A-Za-z0-9_-]{16,64}")
UNSAFE_METHODS = frozenset({"POST", "PUT", "PATCH", "DELETE"})
# How long a repeat waits for the first request's answer, and when a pending key counts as abandoned.
WAIT_FOR_FIRST_SECONDS = 10
ABANDONED_AFTER = timedelta(seconds=120)
# JSON and form bodies up to this size are fingerprinted, so that a key reused for a different request is
# refused. Others (uploads) are left for the view to stream: reading them here would leave it nothing.
FINGERPRINTED_BODY_BYTES = 256 * 1024
FINGERPRINTED_TYPES = ("application/json", "application/x-www-form-urlencoded")
# Answers larger than this are not kept; their key is forgotten, and a resend runs again.
KEPT_ANSWER_BYTES = 1024 * 1024
KEPT_HEADERS = ("Content-Type", "Location", "Retry-After")

INDEXES = {
    COLLECTION: [
        ([("created_at", ASCENDING)], {"expireAfterSeconds": KEEP_SECONDS, "name": "expire_idempotent_requests"}),
    ],
}


def init_idempotency(app, mongo):
    """Make every unsafe request of ``app`` that carries an Idempotency-Key answer the same when repeated."""

    @app.before_request
    def replay_or_claim():
        if request.method not in UNSAFE_METHODS or HEADER not in request.headers:
            return None
        key = request.headers[HEADER]
        if not KEY_PATTERN.fullmatch(key):
            raise BadRequest(f"The {HEADER} header must be 16 to 64 letters, digits, '-' or '_'.")
        caller = caller_from_request()
        if caller is None:
            return None  # the view refuses it with a 401; nothing to remember
        g.user_id = caller.user_id  # for the request log, also of a replayed answer
        record_id = hashlib.sha256(
            "\n".join((caller.role, caller.user_id, request.method, request.full_path, key)).encode()
        ).hexdigest()
        fingerprint = _body_fingerprint()
        collection = mongo.durable_db[COLLECTION]
        if _claim(collection, record_id, fingerprint):
            g.idempotency_record = (collection, record_id)
            return None
        return _answer_of_first(collection, record_id, fingerprint)

    @app.after_request
    def remember_answer(response):
        claimed = g.pop("idempotency_record", None)
        if claimed is None:
            return response
        collection, record_id = claimed
        if response.status_code >= 500 or response.is_streamed:
            collection.delete_one({"_id": record_id, "state": "pending"})
            return response
        body = response.get_data()
        if len(body) > KEPT_ANSWER_BYTES:
            collection.delete_one({"_id": record_id, "state": "pending"})
            return response
        headers = {name: response.headers[name] for name in KEPT_HEADERS if name in response.headers}
        collection.update_one({"_id": record_id, "state": "pending"},
                              {"$set": {"state": "done", "status": response.status_code, "headers": headers,
                                        "body": body}})
        return response

    @app.teardown_request
    def forget_unanswered(error):
        # after_request did not run (or failed): the resend must run the request again.
        claimed = g.pop("idempotency_record", None)
        if claimed is not None:
            collection, record_id = claimed
            try:
                collection.delete_one({"_id": record_id, "state": "pending"})
            except Exception:  # the database is what failed; the key expires on its own
                log.warning("could not forget the idempotency key of %s %s", request.method, request.path)


def _body_fingerprint():
    length = request.content_length
    if length is None or length > FINGERPRINTED_BODY_BYTES or request.mimetype not in FINGERPRINTED_TYPES:
        return None
    # cache=True: the view reads the same bytes (werkzeug parses forms from the cached body too).
    return hashlib.sha256(request.get_data(cache=True)).hexdigest()


def _claim(collection, record_id, fingerprint):
    """True when this request is the first with its key (or takes over an abandoned one)."""
    now = datetime.now(timezone.utc)
    try:
        collection.insert_one({"_id": record_id, "state": "pending", "created_at": now, "fingerprint": fingerprint,
                               "method": request.method, "path": request.path})
        return True
    except DuplicateKeyError:
        pass
    taken_over = collection.update_one(
        {"_id": record_id, "state": "pending", "created_at": {"$lt": now - ABANDONED_AFTER}},
        {"$set": {"created_at": now, "fingerprint": fingerprint}},
    )
    return taken_over.modified_count == 1


def _answer_of_first(collection, record_id, fingerprint):
    deadline = time.monotonic() + WAIT_FOR_FIRST_SECONDS
    while True:
        first = collection.find_one({"_id": record_id})
        if first is None:
            # The first request failed and forgot its key between our claim and this read: run it now.
            if _claim(collection, record_id, fingerprint):
                g.idempotency_record = (collection, record_id)
                return None
            continue
        if first.get("fingerprint") != fingerprint:
            raise UnprocessableEntity(f"This {HEADER} was already used for a different request.")
        if first["state"] == "done":
            response = Response(first["body"], status=first["status"], headers=first.get("headers") or {})
            response.headers[REPLAYED_HEADER] = "true"
            return response
        if time.monotonic() >= deadline:
            raise Conflict("The same request is still being handled. Please try again in a moment.")
        time.sleep(0.1)

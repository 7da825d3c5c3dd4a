"""One MongoClient per process, created lazily so that it is born after gunicorn forks."""
import logging
import os
import threading

from flask import current_app
from pymongo import MongoClient, ReturnDocument, WriteConcern
from pymongo.errors import DuplicateKeyError

from common.metrics import MongoCommandTimer

log = logging.getLogger(__name__)

MAJORITY = WriteConcern("majority")


class Mongo:
    """Flask extension: ``mongo.db`` is the service's own database."""

    def __init__(self, app=None):
        self._client = None
        self._client_key = None
        self._lock = threading.Lock()
        if app is not None:
            self.init_app(app)

    def init_app(self, app):
        app.extensions["mongo"] = self

    @property
    def client(self):
        # pymongo is not fork-safe: a client inherited from a parent process is never reused.
        key = (os.getpid(), current_app.config["MONGO_URI"])
        if self._client is None or self._client_key != key:
            with self._lock:
                if self._client is None or self._client_key != key:
                    self._client = MongoClient(
                        key[1],
                        serverSelectionTimeoutMS=current_app.config["MONGO_TIMEOUT_MS"],
                        tz_aware=True,
                        appname=current_app.config["SERVICE_NAME"],
                        event_listeners=[MongoCommandTimer(current_app.config["SERVICE_NAME"])],
                    )
                    self._client_key = key
        return self._client

    @property
    def db(self):
        return self.client[current_app.config["MONGO_DB_NAME"]]

    @property
    def durable_db(self):
        """The same database, for writes that must not be lost: they return once a majority of the replica
        set holds them, so a failover cannot roll them back (uploads, songs, playlists, users).
        A standalone server or a single member acknowledges them as soon as it has them."""
        return self.client.get_database(current_app.config["MONGO_DB_NAME"], write_concern=MAJORITY)

    def ping(self):
        self.client.admin.command("ping")

    def close(self):
        if self._client is not None:
            self._client.close()
            self._client = None


def ensure_indexes(db, declared_indexes, retired_indexes=None):
    """Drop retired indexes and create every declared one; both are idempotent, so this runs at every start-up.

    ``declared_indexes`` maps a collection name to a list of ``(keys, options)`` pairs;
    ``retired_indexes`` maps a collection name to the names of indexes an earlier version made.
    """
    for collection, names in (retired_indexes or {}).items():
        existing = set(db[collection].index_information())
        for name in names:
            if name in existing:
                log.info("dropping the retired index %s.%s", collection, name)
                db[collection].drop_index(name)
    for collection, indexes in declared_indexes.items():
        for keys, options in indexes:
            db[collection].create_index(keys, **options)


UPSERT_ATTEMPTS = 3


def upsert_and_return(collection, query, update):
    """``find_one_and_update(..., upsert=True)`` returning the document as updated, also when another
    request upserts the same document at the same moment. Two concurrent upserts of a missing document can
    both try to insert it: the loser gets a duplicate key error (MongoDB retries that itself only in some
    cases), having changed nothing, and tries again, finding the document. SecantusDB (the dev database)
    may instead apply the loser's update and answer no document; trying again then applies it twice, which
    only leaves a gap in a sequence. The first uploads into an empty catalogue raced this way for the songs
    counter and failed."""
    for _ in range(UPSERT_ATTEMPTS):
        try:
            document = collection.find_one_and_update(query, update, upsert=True,
                                                      return_document=ReturnDocument.AFTER)
        except DuplicateKeyError:
            continue
        if document is not None:
            return document
    raise RuntimeError(f"{collection.name}: the upsert of {query} returned no document {UPSERT_ATTEMPTS} times")

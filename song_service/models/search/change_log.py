"""The search change log: which songs, artists and albums changed, in order, so every replica's index follows.

Each write to the catalogue, once it has succeeded, adds one entry naming what it touched; an index
re-reads those documents from MongoDB, so entries carry ids only and applying one twice does no harm.
A bulk load adds a single "rebuild" entry instead. Entries are numbered from a counter: two writers may
insert theirs out of order, which ``replica`` allows for. They expire after ``RETENTION_SECONDS``; a
replica that fell further behind than that rebuilds.
"""
import os
from datetime import datetime, timezone

from flask import current_app

from song_service.extensions import mongo
from song_service.models.catalogue import counters

SEQUENCE = "search_changes"
RETENTION_SECONDS = 24 * 3600
# The highest entry this process wrote, per database: its own searches catch up to it at once.
_written_here = {}


def _changes():
    return mongo.db.search_changes


def _ids(values):
    return list(dict.fromkeys(value for value in values if value is not None))


def record(songs=(), artists=(), albums=()):
    """Note that these songs, artists and albums (ids) changed, were added or were deleted."""
    _append({"songs": _ids(songs), "artists": _ids(artists), "albums": _ids(albums)})


def record_rebuild():
    """Ask every replica to rebuild its index from the catalogue (after a bulk load, or by hand)."""
    _append({"rebuild": True})


def _append(entry):
    seq = counters.reserve(SEQUENCE)
    _changes().insert_one({"seq": seq, "at": datetime.now(timezone.utc), **entry})
    key = _process_key()
    _written_here[key] = max(seq, _written_here.get(key, 0))


def _process_key():
    return os.getpid(), current_app.config["MONGO_URI"], current_app.config["MONGO_DB_NAME"]


def written_here():
    """The highest entry written by this process to this database, 0 when none."""
    return _written_here.get(_process_key(), 0)


def latest_seq():
    """The highest entry number given out; every write it stands for has already been made."""
    return counters.current(SEQUENCE)


def entries_after(seq, limit):
    return list(_changes().find({"seq": {"$gt": seq}}, {"_id": 0}).sort("seq", 1).limit(limit))

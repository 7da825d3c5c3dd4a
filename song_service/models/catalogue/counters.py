"""Sequence numbers for songs and albums: ``seq`` orders "newest added" and pages it in windows."""
from common.mongo import upsert_and_return
from song_service.extensions import mongo


def reserve(name, count=1):
    """The first of ``count`` consecutive new numbers of sequence ``name`` (numbers start at 1)."""
    document = upsert_and_return(mongo.db.counters, {"_id": name}, {"$inc": {"value": count}})
    return document["value"] - count + 1


def current(name):
    """The highest number given out so far, 0 when none."""
    document = mongo.db.counters.find_one({"_id": name})
    return document["value"] if document else 0


def raise_to(name, value):
    """Make sure the sequence continues above ``value`` (after documents were numbered in bulk)."""
    mongo.db.counters.update_one({"_id": name}, {"$max": {"value": value}}, upsert=True)

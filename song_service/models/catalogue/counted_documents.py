"""Documents that exist while something counts them: an artist while it has songs or albums, and so on.

Counts move with ``$inc`` on one document found by a unique key, so adding a song never reads the songs
collection; a document whose counts all reach zero is removed.
"""
from pymongo import ReturnDocument
from pymongo.errors import DuplicateKeyError


def add_to(collection, key_filter, increments, make_document, extra_update=None):
    """Add ``increments`` to the document matching ``key_filter``, creating it when missing.

    Returns ``(before, document_id)``: ``before`` is the document as it was, or None when it was created.
    """
    update = {"$inc": increments, **(extra_update or {})}
    for _attempt in range(3):
        before = collection.find_one_and_update(key_filter, update, return_document=ReturnDocument.BEFORE)
        if before is not None:
            return before, before["_id"]
        document = {**make_document(), **key_filter, **increments}
        try:
            collection.insert_one(document)
        except DuplicateKeyError:
            continue  # created by a concurrent request: add to that one
        return None, document["_id"]
    raise RuntimeError(f"could not add to {collection.name} {key_filter}")


def subtract_from(collection, document_id, decrements, counts):
    """Apply negative ``decrements``; remove the document when every field in ``counts`` is down to zero.

    Returns ``(after, removed)``: the document after the change (as it was last, when removed).
    """
    after = collection.find_one_and_update(
        {"_id": document_id}, {"$inc": decrements}, return_document=ReturnDocument.AFTER,
    )
    if after is None:
        return None, False
    if all(after.get(count, 0) <= 0 for count in counts):
        emptied = {"_id": document_id, **{count: {"$lte": 0} for count in counts}}
        if collection.delete_one(emptied).deleted_count:
            return after, True
    return after, False

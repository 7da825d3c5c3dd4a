"""What storage holds, for the storage area of the admin console: totals, formats, the largest files."""
from media_service.extensions import mongo
from media_service.models import media_store, renditions

BUCKETS = (("Audio as uploaded", media_store.AUDIO_BUCKET), ("Renditions", renditions.BUCKET),
           ("Covers", media_store.COVER_BUCKET))
LARGEST = 20


def totals():
    """``[(label, files, bytes)]`` for each bucket: one pass over its files collection, in MongoDB."""
    rows = []
    for label, bucket in BUCKETS:
        summed = list(mongo.db[f"{bucket}.files"].aggregate(
            [{"$group": {"_id": None, "files": {"$sum": 1}, "bytes": {"$sum": "$length"}}}]))
        rows.append((label, summed[0]["files"] if summed else 0, summed[0]["bytes"] if summed else 0))
    return rows


def by_format():
    """Uploaded audio by codec (files stored before probing recorded one count as their served type)."""
    return list(mongo.db[f"{media_store.AUDIO_BUCKET}.files"].aggregate([
        {"$group": {"_id": {"$ifNull": ["$metadata.codec", "$metadata.content_type"]},
                    "files": {"$sum": 1}, "bytes": {"$sum": "$length"}}},
        {"$sort": {"bytes": -1}},
    ]))


def largest():
    return list(mongo.db[f"{media_store.AUDIO_BUCKET}.files"].find(
        {}, {"filename": 1, "length": 1, "uploadDate": 1, "metadata.codec": 1}).sort("length", -1).limit(LARGEST))


def rendition_queue():
    """``{state: count}`` of the renditions' work queue."""
    return {row["_id"]: row["count"] for row in mongo.db.renditions.aggregate(
        [{"$group": {"_id": "$state", "count": {"$sum": 1}}}])}


def audio_file(file_id):
    """One uploaded file's document and its renditions' jobs, or None."""
    document = mongo.db[f"{media_store.AUDIO_BUCKET}.files"].find_one({"_id": file_id})
    if document is None:
        return None
    jobs = list(mongo.db.renditions.find({"source_id": file_id}).sort("kind", 1))
    return document, jobs

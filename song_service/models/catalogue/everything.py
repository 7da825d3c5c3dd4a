"""The whole catalogue page by page, as phone apps copy a library (Subsonic's search3 with an empty query):
songs in the order they were added, albums and artists by name. Each order is on a unique key, so pages of an
unchanged catalogue neither repeat nor miss anything."""
from pymongo import ASCENDING

from song_service.extensions import mongo
from song_service.models.catalogue import album as albums
from song_service.models.catalogue import artist as artists
from song_service.models.catalogue.song import HIDDEN, public_song

KINDS = {
    "songs": (HIDDEN, "seq", public_song),
    "albums": (albums.PUBLIC_FIELDS, "sort_key", albums.public_album),
    "artists": (artists.PUBLIC_FIELDS, "sort_key", artists.public_artist),
}


def page(kind, offset, size):
    """``(documents, total)``; the total comes from the collection's metadata, without a count."""
    projection, order, public = KINDS[kind]
    collection = mongo.db[kind]
    cursor = collection.find({}, projection).sort(order, ASCENDING).skip(offset).limit(size)
    return [public(document) for document in cursor], collection.estimated_document_count()

"""Song lists of the Subsonic API: random songs (getRandomSongs) and a genre's songs (getSongsByGenre)."""
from pymongo import DESCENDING

from song_service.extensions import mongo
from song_service.models.catalogue.song import HIDDEN, public_song


def random(size, genre_id=None, from_year=None, to_year=None):
    """A fresh random set each call. With a genre or years, MongoDB samples among the songs the $match finds
    through the songs_by_genre or songs_by_year index."""
    match = {}
    if genre_id is not None:
        match["genre_ids"] = genre_id
    if from_year is not None or to_year is not None:
        match["year"] = {**({"$gte": from_year} if from_year is not None else {}),
                         **({"$lte": to_year} if to_year is not None else {})}
    pipeline = ([{"$match": match}] if match else []) + [{"$sample": {"size": size}}, {"$project": HIDDEN}]
    return [public_song(document) for document in mongo.db.songs.aggregate(pipeline)]


def by_genre(genre_id, offset, size):
    """The genre's songs, newest first, on the songs_by_genre index."""
    cursor = mongo.db.songs.find({"genre_ids": genre_id}, HIDDEN).sort("seq", DESCENDING).skip(offset).limit(size)
    return [public_song(document) for document in cursor]

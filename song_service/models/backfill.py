"""Brings songs stored before the catalogue had artists, albums and genres up to date: each gets its
number in "newest added", its sample bucket, its exact-title key and prefixes, and its links.

Safe to run at any time and more than once, even from several processes at once: a song is claimed by
setting its ``seq`` where it has none, so exactly one run links it.
"""
from song_service.extensions import mongo
from song_service.models import catalogue_keys, catalogue_links, counters
from song_service.models.song import with_search_fields


def backfill_songs():
    """Link every song that has no ``seq`` yet; returns how many this run linked."""
    songs = mongo.db.songs
    linked = 0
    # A one-off scan of the songs that predate seq; none are left once it has run.
    for song in songs.find({"seq": {"$exists": False}}, {"search_prefixes": 0}):
        seq = counters.reserve("songs")
        if songs.find_one_and_update({"_id": song["_id"], "seq": {"$exists": False}}, {"$set": {"seq": seq}}) is None:
            continue  # another process claimed it
        song = with_search_fields({**song, "seq": seq, "bucket": catalogue_keys.sample_bucket(song["_id"])})
        song.update(catalogue_links.link(song))
        fields = ("bucket", "title_key", "search_prefixes", "artist_id", "album_artist_id", "album_id", "genre_ids")
        songs.update_one({"_id": song["_id"]}, {"$set": {field: song[field] for field in fields}})
        linked += 1
    return linked

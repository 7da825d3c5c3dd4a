"""Brings songs stored before the catalogue had artists, albums and genres up to date: each gets its
number in "newest added", its exact-title key, and its links; then every search index rebuilds.

Safe to run at any time and more than once, even from several processes at once: a song is claimed by
setting its ``seq`` where it has none, so exactly one run links it.
"""
from song_service.extensions import mongo
from song_service.models.catalogue import counters
from song_service.models.catalogue import links as catalogue_links
from song_service.models.catalogue.song import with_title_key
from song_service.models.search import change_log


def backfill_songs():
    """Link every song that has no ``seq`` yet; returns how many this run linked."""
    songs = mongo.db.songs
    linked = 0
    # A one-off scan of the songs that predate seq; none are left once it has run.
    for song in songs.find({"seq": {"$exists": False}}):
        seq = counters.reserve("songs")
        if songs.find_one_and_update({"_id": song["_id"], "seq": {"$exists": False}}, {"$set": {"seq": seq}}) is None:
            continue  # another process claimed it
        song = with_title_key({**song, "seq": seq})
        song.update(catalogue_links.link(song))
        fields = ("title_key", "artist_id", "album_artist_id", "album_id", "genre_ids")
        songs.update_one({"_id": song["_id"]}, {"$set": {field: song[field] for field in fields}})
        linked += 1
    if linked:
        change_log.record_rebuild()
    return linked

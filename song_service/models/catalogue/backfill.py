"""Brings songs stored before the catalogue had artists, albums and genres up to date: each gets its
number in "newest added", its exact-title key, and its links; then every search index rebuilds.

Safe to run at any time and more than once, even from several processes at once: a song is claimed by
setting its ``seq`` where it has none, so exactly one run links it. Albums stored before the album lists
get the fields those lists walk (``backfill_albums``, at every start-up).
"""
from song_service.extensions import mongo
from song_service.models.catalogue import counters
from song_service.models.catalogue import keys as catalogue_keys
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


def backfill_albums():
    """Give albums stored before the album lists their ``play_count`` (their songs' plays) and ``artist_sort``.

    Run at every start-up: each is one indexed read that finds nothing once done (``None`` matches a missing
    field through the lists' own indexes). Each album is set only while the field is still missing, so runs
    in several processes at once agree, and a play counted meanwhile (``listening.record_play`` only adds to
    albums that already count) is in the song's count that the total is made of.
    """
    albums = mongo.db.albums
    filled = 0
    for album in albums.find({"play_count": None}, {"_id": 1}):
        plays = sum(song.get("play_count") or 0 for song in mongo.db.songs.find({"album_id": album["_id"]},
                                                                                 {"play_count": 1}))
        filled += albums.update_one({"_id": album["_id"], "play_count": None},
                                    {"$set": {"play_count": plays}}).modified_count
    for album in albums.find({"artist_sort": None}, {"artist_id": 1, "artist": 1}):
        artist_sort = catalogue_keys.sort_key(album.get("artist") or "", album["artist_id"])
        filled += albums.update_one({"_id": album["_id"], "artist_sort": None},
                                    {"$set": {"artist_sort": artist_sort}}).modified_count
    return filled

"""Merging two artists or two albums that are the same, for the admin console.

A merge renames the songs of the one that goes to the one that stays, through ``song.update_song``, so
that artists, albums, genres, their counts and the search index follow as for any edit, and the one
that goes disappears once it has no songs left.
"""
from song_service.errors import MergeRefused
from song_service.extensions import mongo
from song_service.models.catalogue import album as albums
from song_service.models.catalogue import artist as artists
from song_service.models.catalogue import song as songs

# Songs renamed by one merge at most: a larger merge is done in several.
MAX_SONGS = 5000


def _song_ids(query):
    return [document["_id"] for document in mongo.db.songs.find(query, {"_id": 1}).limit(MAX_SONGS)]


def _pair(find, source_id, target_id, plural):
    """The one that goes and the one that stays, or MergeRefused."""
    source, target = find(source_id), find(target_id)
    if source is None or target is None:
        raise MergeRefused(f"Choose two {plural} that exist.")
    if source_id == target_id:
        raise MergeRefused(f"Choose two different {plural}.")
    return source, target


def merge_artists(source_id, target_id):
    """Move every song of artist ``source_id`` (as artist or album artist) to ``target_id``: how many moved."""
    source, target = _pair(artists.find_artist, source_id, target_id, "artists")
    moved = 0
    for song_id in _song_ids({"artist_id": source_id}):
        moved += bool(songs.update_song(song_id, {"artist": target["name"]}))
    for song_id in _song_ids({"album_artist_id": source_id}):
        songs.update_song(song_id, {"album_artist": target["name"]})
    return source, target, moved


def merge_albums(source_id, target_id):
    """Move every song of album ``source_id`` into ``target_id``: how many moved."""
    source, target = _pair(albums.find_album, source_id, target_id, "albums")
    moved = 0
    for song_id in _song_ids({"album_id": source_id}):
        moved += bool(songs.update_song(song_id, {"album": target["title"], "album_artist": target["artist"]}))
    return source, target, moved

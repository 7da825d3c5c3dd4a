"""Keeps artists, albums and genres in step with the songs: each song names its artist, album and genres by id."""
from song_service.models.catalogue import album as albums
from song_service.models.catalogue import artist as artists
from song_service.models.catalogue import genre as genres

# Fields of a song that decide which artist, album and genres it belongs to, and what they show.
LINKED_FIELDS = ("artist", "album_artist", "album", "genres", "year", "duration", "cover_id")


def album_artist_name(song):
    return song.get("album_artist") or song["artist"]


def link(song):
    """Count ``song`` in its artist, album and genres (creating them as needed); the ids to store on it."""
    artist_id = artists.add(song["artist"], songs=1)
    album_artist = album_artist_name(song)
    album_artist_id = artists.add(album_artist) if album_artist != song["artist"] else artist_id
    album_id = albums.add_song(album_artist_id, album_artist, song)
    if song.get("cover_id"):
        artists.give_cover(album_artist_id, song["cover_id"])
    return {"artist_id": artist_id, "album_artist_id": album_artist_id, "album_id": album_id,
            "genre_ids": genres.add_song(song.get("genres") or [])}


def unlink(song):
    """Take a stored song out of the counts; artists, albums and genres left empty disappear."""
    if song.get("artist_id"):
        artists.subtract(song["artist_id"], songs=1)
    if song.get("album_id"):
        albums.remove_song(song["album_id"], song)
    genres.remove_song(song.get("genre_ids") or [])


def links_change(current, changes):
    return any(field in changes and changes[field] != current.get(field) for field in LINKED_FIELDS)

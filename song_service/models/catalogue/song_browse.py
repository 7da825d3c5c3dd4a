"""The song lists of the browse pages: an album's tracks, an artist's most played songs, a genre's songs.

Each is one or a few indexed reads through the song's ``album_id``, ``artist_id`` or ``genre_ids``; none
of them reads more than its page needs (see ``bounded_reads``).
"""
from song_service.extensions import mongo
from song_service.models.catalogue import bounded_reads, counters
from song_service.models.catalogue.song import HIDDEN, public_song

# A genre this small is read whole and paged in memory; larger ones are read in seq windows.
SMALL_GENRE = 400


def _songs():
    return mongo.db.songs


def _track_order(song):
    return (song.get("disc") or 0, song.get("track") or 0, song.get("title") or "", str(song["_id"]))


def album_tracks(album_id):
    """Every song of the album in disc and track order."""
    return [public_song(d) for d in sorted(_songs().find({"album_id": album_id}, HIDDEN), key=_track_order)]


def most_played_by(artist_id, limit):
    documents = bounded_reads.top_played(_songs(), {"artist_id": artist_id}, limit, projection=HIDDEN)
    return [public_song(d) for d in documents]


def genre_songs(genre_id, song_count, before, limit):
    """A page of the genre's songs, newest first: ``(songs, next_before)``; ``before`` is a song's seq."""
    top = counters.current("songs") + 1
    upper = before if before else top
    match = {"genre_ids": genre_id}
    if song_count <= SMALL_GENRE:
        documents = sorted(_songs().find(match, HIDDEN), key=lambda d: -d["seq"])
        documents = [d for d in documents if d["seq"] < upper]
        page, more = documents[:limit], len(documents) > limit
    else:
        density = song_count / top
        page, more = bounded_reads.newest_first(_songs(), match, upper, limit, density, projection=HIDDEN)
    return [public_song(d) for d in page], (page[-1]["seq"] if more else None)

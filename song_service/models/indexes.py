"""Every index song_service needs, created at start-up, and those earlier versions made that are dropped then."""
from pymongo import ASCENDING, DESCENDING

from common import idempotency
from song_service.models.library import now_playing
from song_service.models.search import change_log

INDEXES = {
    "songs": [
        # Playlist imports look songs up by normalised title (search has an index of its own: models/search).
        ([("title_key", ASCENDING)], {"name": "exact_title"}),
        ([("audio_id", ASCENDING)], {"unique": True, "name": "unique_audio"}),
        # Which covers songs still use, for media_service's storage sweeper.
        ([("cover_id", ASCENDING)], {"name": "songs_by_cover"}),
        ([("play_count", DESCENDING), ("_id", DESCENDING)], {"name": "most_played"}),
        # "Newest added", paged in windows of seq (unique by construction: a counter hands it out).
        ([("seq", DESCENDING)], {"name": "newest_songs"}),
        # An artist's most played songs, by play-count band; unplayed ones newest first. Ascending: MongoDB
        # walks an index either way, and SecantusDB (the dev database) finds nothing in a range of a
        # descending key that follows an equality, which left every played song off the artist's page.
        ([("artist_id", ASCENDING), ("play_count", ASCENDING), ("_id", ASCENDING)], {"name": "artist_songs_by_plays"}),
        ([("album_id", ASCENDING)], {"name": "songs_by_album"}),
        # The songs an artist merge moves as album artist (models/catalogue/merges.py).
        ([("album_artist_id", ASCENDING)], {"name": "songs_by_album_artist"}),
        ([("genre_ids", ASCENDING), ("seq", DESCENDING)], {"name": "songs_by_genre"}),
        # Random songs of some years (models/catalogue/song_lists.py) sample what this range finds.
        ([("year", ASCENDING)], {"name": "songs_by_year"}),
    ],
    # Artists, albums and genres are documents of their own, kept up to date as songs change
    # (models/catalogue/links.py); lists walk sort_key, which starts with the initial.
    "artists": [
        ([("key", ASCENDING)], {"unique": True, "name": "unique_artist"}),
        ([("sort_key", ASCENDING)], {"name": "artists_by_name"}),
    ],
    "albums": [
        # Also serves "the albums of an artist" through its prefix.
        ([("artist_id", ASCENDING), ("key", ASCENDING)], {"unique": True, "name": "unique_album"}),
        ([("sort_key", ASCENDING)], {"name": "albums_by_name"}),
        ([("year_sort", DESCENDING), ("sort_key", ASCENDING)], {"name": "albums_by_year"}),
        ([("seq", DESCENDING)], {"name": "newest_albums"}),
        # The album lists (models/catalogue/album_lists.py). Years in ascending order, by name within a year:
        # albums_by_year walked backwards would give the names in reverse.
        ([("year_sort", ASCENDING), ("sort_key", ASCENDING)], {"name": "albums_by_year_ascending"}),
        # Also finds the albums not yet given a play count (play_count None) at start-up (backfill.py).
        ([("play_count", DESCENDING), ("_id", DESCENDING)], {"name": "most_played_albums"}),
        # By album artist, then album: artist_sort is the album artist's sort_key, copied onto the album
        # (an artist's name never changes, so it never needs updating), so one index walk gives the whole
        # order; the alternative, artists by name and then each one's albums, cannot skip to an offset.
        ([("artist_sort", ASCENDING), ("sort_key", ASCENDING)], {"name": "albums_by_artist_name"}),
    ],
    # Every replica's search index follows this log by seq (models/search/change_log.py).
    "search_changes": [
        ([("seq", ASCENDING)], {"unique": True, "name": "changes_in_order"}),
        ([("at", ASCENDING)], {"expireAfterSeconds": change_log.RETENTION_SECONDS, "name": "expire_changes"}),
    ],
    "genres": [
        ([("key", ASCENDING)], {"unique": True, "name": "unique_genre"}),
        ([("sort_key", ASCENDING)], {"name": "genres_by_name"}),
    ],
    # A user's listening history, newest first: one indexed range per user.
    # One per listener and song, the time its last play counted: after MAX_LISTEN_SECONDS (240) any play
    # counts again, so the gate can go (models/library/listening.py).
    "play_gates": [
        ([("counted_at", ASCENDING)], {"expireAfterSeconds": 240, "name": "expire_play_gates"}),
    ],
    "plays": [
        ([("user_id", ASCENDING), ("played_at", DESCENDING)], {"name": "history_by_user"}),
    ],
    "playlists": [
        # "My playlists", most recently changed first.
        ([("owner_id", ASCENDING), ("updated_at", DESCENDING)], {"name": "playlists_by_owner"}),
        # Multikey: finds every playlist holding a song when the song is deleted.
        ([("songs.song_id", ASCENDING)], {"name": "playlists_by_song"}),
    ],
    "likes": [
        # One like per listener and song; also serves "which of these songs do I like".
        ([("user_id", ASCENDING), ("song_id", ASCENDING)], {"unique": True, "name": "unique_like"}),
        # Liked Songs, newest first, paged by the like's id.
        ([("user_id", ASCENDING), ("_id", DESCENDING)], {"name": "likes_by_user"}),
        ([("song_id", ASCENDING)], {"name": "likes_by_song"}),
    ],
    # Stars and ratings of albums, artists and songs (a song's star is its like). The lists' keys are
    # ascending for SecantusDB's sake (a range on a descending key after an equality finds nothing there);
    # newest star or highest rating first walks them backwards.
    "annotations": [
        ([("user_id", ASCENDING), ("kind", ASCENDING), ("target_id", ASCENDING)],
         {"unique": True, "name": "unique_annotation"}),
        ([("user_id", ASCENDING), ("kind", ASCENDING), ("starred_at", ASCENDING), ("_id", ASCENDING)],
         {"name": "starred_by_user"}),
        ([("user_id", ASCENDING), ("kind", ASCENDING), ("rating", ASCENDING), ("_id", ASCENDING)],
         {"name": "rated_by_user"}),
    ],
    # One entry per listener and player (the _id); gone 15 minutes after its song started.
    "now_playing": [
        ([("started_at", ASCENDING)], {"expireAfterSeconds": now_playing.EXPIRE_SECONDS, "name": "expire_now_playing"}),
    ],
    # Answers to repeated requests (common/idempotency.py), forgotten after a day.
    **idempotency.INDEXES,
}

# Made by earlier versions and no longer used: the search prefix indexes (search moved to tantivy), the
# artist index that ended in the sample bucket, and the artist's songs by plays on a descending key.
# Dropping them at start-up spares every write their upkeep.
RETIRED_INDEXES = {
    "songs": ["prefixes", "songs_by_artist", "artist_top_songs"],
    "artists": ["prefixes"],
    "albums": ["prefixes"],
}

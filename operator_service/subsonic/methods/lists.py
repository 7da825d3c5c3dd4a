"""Lists: albums by kind, random songs, songs of a genre, what the caller starred, what is playing now."""
from operator_service.models import annotations, catalogue, likes
from operator_service.models import play_queue as queues
from operator_service.subsonic import listing, params
from operator_service.subsonic.protocol import GENERIC, SubsonicError, respond

LIST_MAX = 500
MAX_OFFSET = 100_000
STARRED_MAX = 500
# The protocol's names of album lists, and song_service's.
ALBUM_LISTS = {
    "random": "random", "newest": "newest", "frequent": "frequent", "recent": "recent",
    "alphabeticalByName": "alphabetical_by_name", "alphabeticalByArtist": "alphabetical_by_artist",
    "byYear": "by_year", "byGenre": "by_genre", "starred": None, "highest": None,
}


def _albums_of_list():
    params.music_folder()
    kind = params.text("type", required=True)
    if kind not in ALBUM_LISTS:
        raise SubsonicError(GENERIC, f"type must be one of {', '.join(ALBUM_LISTS)}.")
    size = params.integer("size", 10, minimum=0, maximum=LIST_MAX)
    offset = params.integer("offset", 0, minimum=0, maximum=MAX_OFFSET)
    if size == 0:
        return []
    if kind == "starred":
        return annotations.starred("album", size, offset)
    if kind == "highest":
        return annotations.highest_rated_albums(size, offset)
    options = {}
    if kind == "byYear":
        options["from_year"] = params.integer("fromYear", required=True)
        options["to_year"] = params.integer("toYear", required=True)
    if kind == "byGenre":
        options["genre"] = params.text("genre", required=True)
    return catalogue.album_list(ALBUM_LISTS[kind], size, offset, **options)


def get_album_list2():
    return respond({"albumList2": {"album": listing.albums(_albums_of_list())}})


def get_album_list():
    return respond({"albumList": {"album": listing.albums(_albums_of_list(), as_children=True)}})


def get_random_songs():
    params.music_folder()
    size = params.integer("size", 10, minimum=0, maximum=LIST_MAX)
    from_year, to_year = params.integer("fromYear"), params.integer("toYear")
    songs = catalogue.random_songs(size, params.text("genre"), from_year, to_year) if size else []
    return respond({"randomSongs": {"song": listing.songs(songs)}})


def get_songs_by_genre():
    params.music_folder()
    genre = params.text("genre", required=True)
    count = params.integer("count", 10, minimum=0, maximum=LIST_MAX)
    offset = params.integer("offset", 0, minimum=0, maximum=MAX_OFFSET)
    songs = catalogue.songs_by_genre(genre, count, offset) if count else []
    return respond({"songsByGenre": {"song": listing.songs(songs)}})


def _starred_songs(limit=STARRED_MAX):
    songs, before = [], None
    while len(songs) < limit:
        page = likes.liked_songs(before=before, limit=min(200, limit - len(songs)))
        songs.extend(page["songs"])
        before = page.get("next_before")
        if not before:
            break
    return songs


def _starred():
    params.music_folder()
    return (annotations.starred("artist", STARRED_MAX), annotations.starred("album", STARRED_MAX),
            _starred_songs())


def get_starred2():
    artists, albums, songs = _starred()
    return respond({"starred2": {"artist": listing.artists(artists), "album": listing.albums(albums),
                                 "song": listing.songs(songs)}})


def get_starred():
    artists, albums, songs = _starred()
    return respond({"starred": {"artist": listing.artists(artists), "album": listing.albums(albums, as_children=True),
                                "song": listing.songs(songs)}})


def get_now_playing():
    entries = queues.everyone_playing_now()
    children = listing.songs([entry["song"] for entry in entries])
    now_playing = []
    for player_id, (entry, child) in enumerate(zip(entries, children), start=1):
        now_playing.append({**child, "username": entry["username"], "minutesAgo": int(entry.get("minutes_ago", 0)),
                            "playerId": player_id, "playerName": entry.get("client") or ""})
    return respond({"nowPlaying": {"entry": now_playing}})


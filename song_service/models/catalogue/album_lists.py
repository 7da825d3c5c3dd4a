"""The album lists of the Subsonic API (getAlbumList2): newest, random, most played, recently played, by name,
by artist, by year and by genre. Each is one indexed read paged with skip and limit: their offsets stay small
(a player pages a few hundred albums at most), and skip never reads documents, only index entries."""
from pymongo import ASCENDING, DESCENDING

from song_service.extensions import mongo
from song_service.models.catalogue import song_lookup
from song_service.models.catalogue.album import LISTED_FIELDS, listed_album

# Plays read, newest first, to find the albums of "recently played": about a month of steady listening.
RECENT_PLAYS_READ = 5_000
_PLAYS_CHUNK = 500
_BATCH = song_lookup.BATCH


def _albums():
    return mongo.db.albums


def _page(query, sort, offset, size):
    cursor = _albums().find(query, LISTED_FIELDS).sort(sort).skip(offset).limit(size)
    return [listed_album(document) for document in cursor]


def newest(offset, size):
    return _page({}, [("seq", DESCENDING)], offset, size)


def random(size):
    return [listed_album(d) for d in _albums().aggregate([{"$sample": {"size": size}}, {"$project": LISTED_FIELDS}])]


def frequent(offset, size):
    """Most played first; albums never played are not in this list."""
    return _page({"play_count": {"$gte": 1}}, [("play_count", DESCENDING), ("_id", DESCENDING)], offset, size)


def by_name(offset, size):
    return _page({}, [("sort_key", ASCENDING)], offset, size)


def by_artist(offset, size):
    return _page({}, [("artist_sort", ASCENDING), ("sort_key", ASCENDING)], offset, size)


def by_year(from_year, to_year, offset, size):
    """Albums released from ``from_year`` to ``to_year`` inclusive, in that direction; by name within a year.
    Albums without a year count as year 0."""
    lower, upper = sorted((from_year, to_year))
    direction = ASCENDING if from_year <= to_year else DESCENDING
    query = {"year_sort": {"$gte": lower, "$lte": upper}}
    return _page(query, [("year_sort", direction), ("sort_key", ASCENDING)], offset, size)


def _by_id(album_ids):
    wanted, found = list(dict.fromkeys(album_ids)), {}
    for start in range(0, len(wanted), _BATCH):
        for document in _albums().find({"_id": {"$in": wanted[start:start + _BATCH]}}, LISTED_FIELDS):
            found[document["_id"]] = document
    return found


def by_genre(genre_id, offset, size):
    """Albums with a song of the genre, by name. The genre's album ids come from its songs (the songs_by_genre
    index), so the cost grows with the genre's albums, not with the catalogue."""
    album_ids = [album_id for album_id in mongo.db.songs.distinct("album_id", {"genre_ids": genre_id}) if album_id]
    documents = sorted(_by_id(album_ids).values(), key=lambda document: document["sort_key"])
    return [listed_album(document) for document in documents[offset:offset + size]]


def recently_played(user_id, offset, size):
    """The albums of the listener's latest plays, most recent first, each once; looked for in their last
    RECENT_PLAYS_READ plays."""
    wanted, album_ids = offset + size, []
    for skip in range(0, RECENT_PLAYS_READ, _PLAYS_CHUNK):
        plays = list(mongo.db.plays.find({"user_id": user_id}, {"_id": 0, "song_id": 1})
                     .sort("played_at", DESCENDING).skip(skip).limit(_PLAYS_CHUNK))
        albums_of = song_lookup.album_ids_of(play["song_id"] for play in plays)
        for play in plays:
            album_id = albums_of.get(play["song_id"])
            if album_id and album_id not in album_ids:
                album_ids.append(album_id)
        if len(album_ids) >= wanted or len(plays) < _PLAYS_CHUNK:
            break
    page_ids = album_ids[offset:wanted]
    found = _by_id(page_ids)
    return [listed_album(found[album_id]) for album_id in page_ids if album_id in found]

"""Albums: one document per album artist and title, with its song count, length, year and cover."""
from datetime import datetime, timezone

from bson import ObjectId
from pymongo import ASCENDING

from song_service.extensions import mongo
from song_service.models.catalogue import artist as artists
from song_service.models.catalogue import bounded_reads, counted_documents, counters
from song_service.models.catalogue import keys as catalogue_keys

PUBLIC_FIELDS = {
    "title": 1, "artist": 1, "artist_id": 1, "year": 1, "year_sort": 1, "song_count": 1, "duration": 1,
    "cover_id": 1, "sort_key": 1, "seq": 1,
}
# What the album lists (``album_lists``) add: plays counted on its songs while they were on it, and when it came.
LISTED_FIELDS = {**PUBLIC_FIELDS, "play_count": 1, "created_at": 1}
SORTS = ("name", "year", "newest")
_YEARS = "album_years"


def _albums():
    return mongo.db.albums


def public_album(document):
    album = {key: document.get(key) for key in ("title", "artist", "artist_id", "year", "cover_id", "seq")}
    album.update(id=str(document["_id"]), song_count=document.get("song_count", 0),
                 duration=document.get("duration") or 0.0)
    return album


def listed_album(document):
    return {**public_album(document), "play_count": document.get("play_count") or 0,
            "created_at": document.get("created_at")}


def new_album(title, artist_id, artist_name, year, cover_id, seq, album_id=None):
    album_id = album_id or ObjectId()
    return {
        "_id": album_id, "title": title, "key": catalogue_keys.identity_key(title), "artist_id": artist_id,
        "artist": artist_name, "sort_key": catalogue_keys.sort_key(title, album_id), "year": year,
        # The album artist's own sort key (the same for all their albums): "by artist" lists walk it, then sort_key.
        "artist_sort": catalogue_keys.sort_key(artist_name, artist_id),
        "year_sort": year or 0, "song_count": 0, "duration": 0.0, "cover_id": cover_id, "seq": seq,
        "created_at": datetime.now(timezone.utc),
    }


def count_year(year_sort, change):
    mongo.db.facets.update_one({"_id": _YEARS}, {"$inc": {f"counts.{year_sort}": change}}, upsert=True)


def add_song(artist_id, artist_name, song):
    """The id of the song's album by ``artist_id`` (created if new), counting the song in it."""
    year, cover_id = song.get("year"), song.get("cover_id")
    before, album_id = counted_documents.add_to(
        _albums(), {"artist_id": artist_id, "key": catalogue_keys.identity_key(song["album"])},
        {"song_count": 1, "duration": song.get("duration") or 0.0, **_plays_of(song, 1)},
        lambda: {**new_album(song["album"], artist_id, artist_name, year, cover_id, counters.reserve("albums")),
                 "play_count": 0},
        {"$max": {"year": year, "year_sort": year}} if year else None,
    )
    if before is None:
        artists.add(artist_name, albums=1)
        count_year(year or 0, 1)
        return album_id
    if year and year > (before.get("year") or 0):
        count_year(before.get("year_sort") or 0, -1)
        count_year(year, 1)
    if cover_id and not before.get("cover_id"):
        _albums().update_one({"_id": album_id}, {"$set": {"cover_id": cover_id}})
    return album_id


def _plays_of(song, sign):
    """A song brings its plays to the album it joins and takes them when it leaves, so an album's play_count
    is its songs'. Only when there are some: ``$inc`` by 0 would create the field on an album stored before
    play counts (``backfill.backfill_albums``), which would then never be counted."""
    plays = song.get("play_count") or 0
    return {"play_count": sign * plays} if plays else {}


def remove_song(album_id, song):
    after, removed = counted_documents.subtract_from(
        _albums(), album_id, {"song_count": -1, "duration": -(song.get("duration") or 0.0), **_plays_of(song, -1)},
        ("song_count",),
    )
    if after is None:
        return
    if removed:
        artists.subtract(after["artist_id"], albums=1)
        count_year(after.get("year_sort") or 0, -1)
    elif song.get("year") == after.get("year") or song.get("cover_id") == after.get("cover_id"):
        _refresh_year_and_cover(after)


def _refresh_year_and_cover(album):
    """After a song left, the album's year and cover come from the songs it still has (one album's worth)."""
    remaining = list(mongo.db.songs.find({"album_id": album["_id"]}, {"year": 1, "cover_id": 1}))
    year = max((song["year"] for song in remaining if song.get("year")), default=None)
    cover_id = next((song["cover_id"] for song in remaining if song.get("cover_id")), None)
    _albums().update_one({"_id": album["_id"]}, {"$set": {"year": year, "year_sort": year or 0, "cover_id": cover_id}})
    if (year or 0) != (album.get("year_sort") or 0):
        count_year(album.get("year_sort") or 0, -1)
        count_year(year or 0, 1)


def find_album(album_id):
    document = _albums().find_one({"_id": album_id}, PUBLIC_FIELDS)
    return public_album(document) if document else None


def albums_by(artist_id):
    """The albums of an album artist, newest year first."""
    documents = list(_albums().find({"artist_id": artist_id}, PUBLIC_FIELDS))
    documents.sort(key=lambda d: d["sort_key"])
    documents.sort(key=lambda d: d.get("year_sort") or 0, reverse=True)
    return [public_album(d) for d in documents]


def years():
    """The years albums were released in, newest first; 0 stands for albums without a year."""
    facet = mongo.db.facets.find_one({"_id": _YEARS}) or {}
    return sorted((int(year) for year, count in facet.get("counts", {}).items() if count > 0), reverse=True)


def page_by_name(letter, after, limit):
    documents, next_after = bounded_reads.by_initial(_albums(), letter, after, limit, PUBLIC_FIELDS)
    return [public_album(d) for d in documents], next_after


def page_by_year(after, limit):
    """Albums newest year first, by name within a year; ``after`` is ``"<year>|<sort key>"``."""
    known_years = years()
    if after:
        year_text, _, last_key = after.partition("|")
        year = int(year_text)
    else:
        year, last_key = (known_years[0] if known_years else 0), ""
    found = []
    for candidate_year in (y for y in known_years if y <= year):
        start = last_key if candidate_year == year else ""
        cursor = _albums().find({"year_sort": candidate_year, "sort_key": {"$gt": start}}, PUBLIC_FIELDS)
        found.extend(cursor.sort("sort_key", ASCENDING).limit(limit + 1 - len(found)))
        if len(found) > limit:
            break
    page = found[:limit]
    next_after = f"{page[-1].get('year_sort') or 0}|{page[-1]['sort_key']}" if len(found) > limit else None
    return [public_album(d) for d in page], next_after


def page_by_newest(before, limit):
    upper = before if before else counters.current("albums") + 1
    documents, more = bounded_reads.newest_first(_albums(), {}, upper, limit, projection=PUBLIC_FIELDS)
    return [public_album(d) for d in documents], (documents[-1]["seq"] if more else None)

"""Loads many songs at once (the synthetic catalogue): the same documents ``create_song`` writes, in bulk.

Artists, albums and genres are counted in memory and written with one upsert each, so 50,000 songs
cost a few thousand entity writes rather than several per song. Artists, albums and genres that exist
already are reused and added to, so a catalogue can be loaded into a database that has songs.
"""
from datetime import datetime, timezone

from bson import ObjectId
from pymongo import UpdateOne

from song_service.extensions import mongo
from song_service.models.catalogue import album as albums
from song_service.models.catalogue import artist as artists
from song_service.models.catalogue import counters
from song_service.models.catalogue import genre as genres
from song_service.models.catalogue import keys as catalogue_keys
from song_service.models.catalogue import song as songs
from song_service.models.catalogue.links import album_artist_name
from song_service.models.search import change_log

BATCH = 1000


class _Tally:
    """The entities of one kind met while loading: their ids, the new ones' documents, what to add, and the
    covers that existing ones without a cover get."""

    def __init__(self, collection, existing_ids):
        self.collection = collection
        self.ids = dict(existing_ids)
        self.new = {}
        self.increments = {}
        self.maxima = {}
        self.covers = {}

    def id_for(self, key, make):
        if key not in self.ids:
            document = make()
            self.new[key] = document
            self.ids[key] = document["_id"]
        return self.ids[key]

    def add(self, key, field, amount):
        counts = self.increments.setdefault(key, {})
        counts[field] = counts.get(field, 0) + amount

    def raise_to(self, key, field, value):
        maxima = self.maxima.setdefault(key, {})
        maxima[field] = max(maxima.get(field, value), value)

    def give_cover(self, key, cover_id):
        """The first cover an artist or album gets stays, as ``artist.give_cover`` and ``album.add_song`` keep it."""
        if key in self.new:
            self.new[key]["cover_id"] = self.new[key]["cover_id"] or cover_id
        else:
            self.covers.setdefault(key, cover_id)

    def write(self, key_filter):
        operations = []
        for key in set(self.increments) | set(self.maxima) | set(self.new):
            selector = key_filter(key)
            update = {"$inc": self.increments.get(key, {})}
            if self.maxima.get(key):
                update["$max"] = self.maxima[key]
            if key in self.new:
                changed = set(selector) | set(update["$inc"]) | set(update.get("$max", {}))
                update["$setOnInsert"] = {f: v for f, v in self.new[key].items() if f not in changed}
            operations.append(UpdateOne(selector, update, upsert=key in self.new))
        for key, cover_id in self.covers.items():
            operations.append(UpdateOne({"_id": self.ids[key], "cover_id": None}, {"$set": {"cover_id": cover_id}}))
        for start in range(0, len(operations), BATCH):
            self.collection.bulk_write(operations[start:start + BATCH], ordered=False)


def _existing_ids(collection, keys):
    found, keys = {}, list(keys)
    for start in range(0, len(keys), BATCH):
        for document in collection.find({"key": {"$in": keys[start:start + BATCH]}}, {"key": 1}):
            found[document["key"]] = document["_id"]
    return found


def load(metadata, uploaded_by="catalogue-loader"):
    """Store ``metadata`` (as ``synthetic_catalogue.generate`` makes it) as songs; returns how many."""
    payloads = [_song_document(payload, uploaded_by) for payload in metadata]
    artist_names = {catalogue_keys.identity_key(n) for s in payloads for n in (s["artist"], album_artist_name(s))}
    genre_names = {catalogue_keys.identity_key(g) for s in payloads for g in s["genres"]}
    tallies = {
        "artists": _Tally(mongo.db.artists, _existing_ids(mongo.db.artists, artist_names)),
        "albums": _Tally(mongo.db.albums, {}),
        "genres": _Tally(mongo.db.genres, _existing_ids(mongo.db.genres, genre_names)),
    }
    old_album_years = {}
    first_seq = counters.reserve("songs", len(payloads))
    for offset, song in enumerate(payloads):
        song["seq"] = first_seq + offset
        _tally_links(song, tallies, old_album_years)
    new_albums = list(tallies["albums"].new.values())
    first_album_seq = counters.reserve("albums", len(new_albums)) if new_albums else 0
    for offset, document in enumerate(new_albums):
        document["seq"] = first_album_seq + offset
    tallies["artists"].write(lambda key: {"key": key})
    tallies["genres"].write(lambda key: {"key": key})
    tallies["albums"].write(lambda key: {"artist_id": key[0], "key": key[1]})
    _count_album_years(tallies["albums"], old_album_years)
    for start in range(0, len(payloads), BATCH):
        mongo.db.songs.insert_many(payloads[start:start + BATCH], ordered=False)
    # One rebuild of every search index rather than an entry per song.
    change_log.record_rebuild()
    return len(payloads)


def _song_document(payload, uploaded_by):
    song = songs.clean_metadata(payload)
    song_id = ObjectId()
    song.update(
        _id=song_id, audio_id=payload.get("audio_id") or ObjectId(), cover_id=payload.get("cover_id"),
        content_type=payload.get("content_type") or "application/octet-stream",
        duration=float(payload.get("duration") or 0),
        bitrate=payload.get("bitrate"), sample_rate=payload.get("sample_rate"), size=payload.get("size"),
        filename=payload.get("filename"), play_count=int(payload.get("play_count") or 0),
        uploaded_by=uploaded_by, created_at=datetime.now(timezone.utc), tag_repairs=[], lyrics=[],
    )
    return songs.with_title_key(song)


def _tally_links(song, tallies, old_album_years):
    artist_tally, album_tally, genre_tally = tallies["artists"], tallies["albums"], tallies["genres"]
    artist_key = catalogue_keys.identity_key(song["artist"])
    artist_id = artist_tally.id_for(artist_key, lambda: artists.new_artist(song["artist"]))
    artist_tally.add(artist_key, "song_count", 1)
    owner_name = album_artist_name(song)
    owner_key = catalogue_keys.identity_key(owner_name)
    owner_id = artist_tally.id_for(owner_key, lambda: artists.new_artist(owner_name))
    album_key = (owner_id, catalogue_keys.identity_key(song["album"]))
    if album_key not in album_tally.ids and owner_key not in artist_tally.new:
        existing = mongo.db.albums.find_one({"artist_id": owner_id, "key": album_key[1]}, {"year_sort": 1})
        if existing:
            album_tally.ids[album_key] = existing["_id"]
            old_album_years[album_key] = existing.get("year_sort") or 0
    album_id = album_tally.id_for(album_key, lambda: _new_album(song, owner_id, owner_name, artist_tally, owner_key))
    album_tally.add(album_key, "song_count", 1)
    album_tally.add(album_key, "duration", song["duration"])
    if song.get("play_count"):
        album_tally.add(album_key, "play_count", song["play_count"])  # an album's plays are its songs' plays
    if song.get("year"):
        album_tally.raise_to(album_key, "year", song["year"])
        album_tally.raise_to(album_key, "year_sort", song["year"])
    if song.get("cover_id"):
        album_tally.give_cover(album_key, song["cover_id"])
        artist_tally.give_cover(owner_key, song["cover_id"])
    genre_ids = []
    for name in song["genres"]:
        genre_key = catalogue_keys.identity_key(name)
        genre_ids.append(genre_tally.id_for(genre_key, lambda: genres.new_genre(name)))
        genre_tally.add(genre_key, "song_count", 1)
    song.update(artist_id=artist_id, album_artist_id=owner_id, album_id=album_id,
                genre_ids=list(dict.fromkeys(genre_ids)))


def _new_album(song, owner_id, owner_name, artist_tally, owner_key):
    artist_tally.add(owner_key, "album_count", 1)
    return {**albums.new_album(song["album"], owner_id, owner_name, None, song.get("cover_id"), seq=None),
            "play_count": 0}


def _count_album_years(album_tally, old_album_years):
    changes = {}
    for key in album_tally.ids:
        new_year = album_tally.maxima.get(key, {}).get("year_sort", 0)
        if key in album_tally.new:
            changes[new_year] = changes.get(new_year, 0) + 1
        elif key in old_album_years and new_year > old_album_years[key]:
            changes[old_album_years[key]] = changes.get(old_album_years[key], 0) - 1
            changes[new_year] = changes.get(new_year, 0) + 1
    for year, change in changes.items():
        if change:
            albums.count_year(year, change)

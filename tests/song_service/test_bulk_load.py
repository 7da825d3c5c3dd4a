"""The bulk loader (scripts/catalogue_generation/bulk_load.py) writes what ``create_song`` writes.

The synthetic catalogue behind the benchmarks, the search tests and ``make seed`` is stored by the bulk
loader, not by ``create_song``; if the two wrote different documents, those would measure and test a
catalogue that no upload produces.
"""
import pytest
from bson import ObjectId

from scripts.catalogue_generation import bulk_load
from song_service.app import create_app
from song_service.extensions import mongo
from song_service.models.catalogue import song as songs

KINDS = ("songs", "artists", "albums", "genres")
# Between them: an album whose first song has no year and no cover, a genre spelt two ways, one artist
# spelt two ways, a compilation under its album artist, and a song with no tags but its title.
METADATA = [
    {"title": "Hunter", "artist": "Björk", "album": "Homogenic", "genres": ["electronic", "Trip-Hop"],
     "track": 1, "duration": 255.0},
    {"title": "Jóga", "artist": "Björk", "album": "Homogenic", "album_artist": "Björk", "genres": ["Electronic"],
     "year": 1997, "track": 3, "disc": 1, "duration": 305.0, "bitrate": 320000, "sample_rate": 44100, "size": 9_000_000,
     "filename": "03 Jóga.mp3", "content_type": "audio/mpeg", "cover_id": ObjectId()},
    {"title": "Come Together", "artist": "The Beatles", "album": "Abbey Road", "genres": ["Rock", "Pop"],
     "year": 1969, "duration": 259.5},
    {"title": "Something", "artist": "the  beatles", "album": "abbey road", "genres": ["Rock"], "year": 1969,
     "duration": 182.0, "cover_id": ObjectId()},
    {"title": "Feeling Good", "artist": "Nina Simone", "album": "Jazz Hits", "album_artist": "Various Artists",
     "genres": ["Jazz"], "year": 1965, "duration": 177.0, "cover_id": ObjectId()},
    {"title": "So What", "artist": "Miles Davis", "album": "Jazz Hits", "album_artist": "Various Artists",
     "genres": ["Jazz"], "year": 1959, "duration": 562.0},
    {"title": "Untitled"},
]


# Loads after the first add to artists, albums and genres that exist: Homogenic gets its year and cover
# from a later load, the Beatles their cover.
@pytest.mark.parametrize("first_load", [len(METADATA), 1, 3])
def test_a_bulk_load_writes_the_same_documents_as_creating_songs_one_by_one(app, make_service_app, fresh_db_name,
                                                                            first_load):
    metadata = [{**song, "audio_id": ObjectId()} for song in METADATA]
    with app.app_context():
        for load in (metadata[:first_load], metadata[first_load:]):
            if load:
                bulk_load.load(load, uploaded_by="loader")
        bulk = stored_catalogue()
    one_by_one = make_service_app(create_app, MONGO_DB_NAME=f"{fresh_db_name}_one")
    try:
        with one_by_one.app_context():
            for payload in metadata:  # as the API receives them: ids as strings
                songs.create_song({field: str(value) if isinstance(value, ObjectId) else value
                                   for field, value in payload.items()}, uploaded_by="loader")
            single = stored_catalogue()
    finally:
        with one_by_one.app_context():
            mongo.client.drop_database(f"{fresh_db_name}_one")

    for kind in (*KINDS, "album_years", "sequences"):
        assert bulk[kind] == single[kind], kind
    assert [len(bulk[kind]) for kind in KINDS] == [len(METADATA), 6, 4, 5]


def stored_catalogue():
    """What the catalogue holds, comparable between two databases. Normalised, because it differs by nature:

    - each database makes its own ids for songs, artists, albums and genres, so every such id, wherever it
      appears (``_id``, a song's links, the id that ends a ``sort_key``), is replaced by what it names;
    - ``created_at`` is the time of writing, and is left out;
    - the album years facet drops years counted down to zero: ``create_song`` counts an album under its
      first song's year and moves it when a later song raises it, the loader counts it once;
    - of the counters, only the songs' and albums' ``seq`` are compared: the search change log's differs
      on purpose (one "rebuild" entry for a load, an entry per song for uploads) and is not compared.
    Audio and cover ids are the same in both, and compared as they are.
    """
    documents = {kind: list(mongo.db[kind].find()) for kind in KINDS}
    artist_keys = {artist["_id"]: artist["key"] for artist in documents["artists"]}
    names = {
        **{song["_id"]: f"song {song['title']}" for song in documents["songs"]},
        **{artist["_id"]: f"artist {artist['key']}" for artist in documents["artists"]},
        **{album["_id"]: f"album {artist_keys[album['artist_id']]}/{album['key']}" for album in documents["albums"]},
        **{genre["_id"]: f"genre {genre['key']}" for genre in documents["genres"]},
    }

    def named(value):
        if isinstance(value, list):
            return [named(item) for item in value]
        if isinstance(value, ObjectId):
            return names.get(value, value)
        if isinstance(value, str) and "\x1f" in value:  # sort_key: initial, sort name, separator, id
            text, separator, document_id = value.rpartition("\x1f")
            return text + separator + names[ObjectId(document_id)]
        return value

    catalogue = {
        kind: sorted(({field: named(value) for field, value in document.items() if field != "created_at"}
                      for document in kind_documents), key=lambda document: document["_id"])
        for kind, kind_documents in documents.items()
    }
    years = (mongo.db.facets.find_one({"_id": "album_years"}) or {}).get("counts", {})
    catalogue["album_years"] = {year: count for year, count in years.items() if count}
    catalogue["sequences"] = {counter["_id"]: counter["value"]
                              for counter in mongo.db.counters.find({"_id": {"$in": ["songs", "albums"]}})}
    return catalogue

"""Browsing: by tags (artists, albums, songs, genres) and by folder (an artist → album → song tree built
from the catalogue, for the apps that only browse that way)."""
import time

from operator_service.models import catalogue
from operator_service.models.backend import BackendRejected
from operator_service.subsonic import entities, ids, listing, params
from operator_service.subsonic.protocol import SubsonicError, not_found, respond

# Pages in which everything is fetched from song_service for the lists apps want whole.
EVERYTHING_PAGE = 500
# The most artists an index lists (a library's artists; far beyond any real one).
MAX_INDEXED_ARTISTS = 50_000
TOP_SONGS_MAX = 100


def _found(load, what):
    try:
        return load()
    except BackendRejected as rejected:
        if rejected.code in (400, 404):
            raise not_found(what) from None
        raise


def every(kind, limit):
    """Every song, album or artist, in the catalogue's stable order, up to ``limit``."""
    items, offset = [], 0
    while offset < limit:
        page = catalogue.everything(kind, offset, min(EVERYTHING_PAGE, limit - offset))[kind]
        items.extend(page)
        if len(page) < EVERYTHING_PAGE:
            break
        offset += len(page)
    return items


def get_artists():
    params.music_folder()
    artists = every("artists", MAX_INDEXED_ARTISTS)
    return respond({"artists": entities.artist_index(artists, listing.artist_annotations(artists))})


def get_indexes():
    params.music_folder()
    params.integer("ifModifiedSince", 0, minimum=0)  # checked, then answered whole: apps cache by id
    now_ms = int(time.time() * 1000)
    artists = every("artists", MAX_INDEXED_ARTISTS)
    index = entities.artist_index(artists, listing.artist_annotations(artists))
    for group in index["index"]:
        group["artist"] = [{key: artist[key] for key in ("id", "name", "starred", "userRating", "coverArt")}
                           for artist in group["artist"]]
    return respond({"indexes": {"lastModified": now_ms, **index, "shortcut": [], "child": []}})


def _artist_with_albums(artist_id):
    return _found(lambda: catalogue.get_artist(artist_id), "Artist")


def get_artist():
    artist_id = params.object_id("id", ids.ARTIST)
    found = _artist_with_albums(artist_id)
    artist = listing.artists([found["artist"]])[0]
    artist["albumCount"] = len(found["albums"])
    artist["album"] = listing.albums(found["albums"])
    return respond({"artist": artist})


def get_album():
    album_id = params.object_id("id", ids.ALBUM)
    found = _found(lambda: catalogue.get_album(album_id), "Album")
    album = listing.albums([found["album"]])[0]
    album["song"] = listing.songs(found["songs"])
    album["songCount"] = len(album["song"])
    return respond({"album": album})


def get_song():
    song_id = params.object_id("id", ids.SONG)
    return respond({"song": listing.song(_found(lambda: catalogue.get_song(song_id), "Song"))})


def get_genres():
    genres, after = [], None
    while True:
        page = catalogue.genres_page(after=after, limit=100)
        genres.extend(page["genres"])
        after = page.get("next_after")
        if not after:
            break
    return respond({"genres": {"genre": [entities.genre(genre) for genre in genres]}})


def get_top_songs():
    name = params.text("artist", required=True)
    count = params.integer("count", 50, minimum=0, maximum=TOP_SONGS_MAX)
    if count == 0:
        return respond({"topSongs": {"song": []}})
    try:
        found = catalogue.artist_by_name(name, top=count)
    except BackendRejected as rejected:
        if rejected.code not in (400, 404):
            raise
        return respond({"topSongs": {"song": []}})  # an artist not in the library has no top songs here
    return respond({"topSongs": {"song": listing.songs(found["top_songs"][:count])}})


def get_artist_info2():
    artist_id = params.object_id("id", ids.ARTIST)
    _artist_with_albums(artist_id)
    # The catalogue keeps no biographies or similar artists, and asks no outside service for them.
    return respond({"artistInfo2": {"similarArtist": []}})


def get_artist_info():
    artist_id = params.object_id("id", ids.ARTIST)
    _artist_with_albums(artist_id)
    return respond({"artistInfo": {"similarArtist": []}})


def get_album_info2():
    album_id = params.object_id("id", ids.ALBUM)
    _found(lambda: catalogue.get_album(album_id), "Album")
    return respond({"albumInfo": {}})


def get_music_directory():
    """The folder tree: the music folder holds artists, an artist its albums, an album its songs."""
    directory_id = params.text("id", required=True)
    kind = ids.kind_of(directory_id)
    if directory_id == str(ids.MUSIC_FOLDER_ID):
        artists = every("artists", MAX_INDEXED_ARTISTS)
        children = [{"id": artist["id"], "parent": directory_id, "isDir": True, "title": artist["name"],
                     "artist": artist["name"], "coverArt": artist.get("coverArt"), "starred": artist.get("starred")}
                    for artist in listing.artists(artists)]
        return respond({"directory": {"id": directory_id, "name": ids.MUSIC_FOLDER_NAME, "child": children}})
    if kind == ids.ARTIST:
        found = _artist_with_albums(ids.parse(directory_id, ids.ARTIST))
        artist = listing.artists([found["artist"]])[0]
        return respond({"directory": {
            "id": directory_id, "name": artist["name"], "parent": str(ids.MUSIC_FOLDER_ID),
            "starred": artist.get("starred"), "userRating": artist.get("userRating"),
            "child": listing.albums(found["albums"], as_children=True)}})
    if kind == ids.ALBUM:
        found = _found(lambda: catalogue.get_album(ids.parse(directory_id, ids.ALBUM)), "Album")
        album = listing.albums([found["album"]])[0]
        return respond({"directory": {
            "id": directory_id, "name": album["name"], "parent": album.get("artistId"),
            "starred": album.get("starred"), "userRating": album.get("userRating"),
            "playCount": album.get("playCount"), "child": listing.songs(found["songs"])}})
    raise SubsonicError(70, "Directory not found.")

"""Songs, kept by song_service."""
from operator_service.models.backend import song_backend


def recent_songs(limit=24, before=None):
    params = {"limit": limit}
    if before:
        params["before"] = before
    return song_backend.json("GET", "/api/songs", params=params)


def get_song(song_id):
    return song_backend.json("GET", f"/api/songs/{song_id}")


def create_song(metadata):
    return song_backend.json("POST", "/api/songs", json=metadata)


def delete_song(song_id):
    return song_backend.json("DELETE", f"/api/songs/{song_id}")


def song_lyrics(song_id):
    """``{"song_id", "title", "artist", "lyrics": [versions]}`` (common/song_metadata.py); BackendRejected 404
    when there is no such song."""
    return song_backend.json("GET", f"/api/songs/{song_id}/lyrics")


def lyrics_by_artist_and_title(artist, title):
    """The same, of the first song of ``title`` by ``artist`` that has lyrics; BackendRejected 404 otherwise."""
    return song_backend.json("GET", "/api/songs/lyrics", params={"artist": artist, "title": title})


def search_everything(query, songs=20, artists=8, albums=8):
    """Grouped results: ``{"songs": [...], "artists": [...], "albums": [...]}``."""
    params = {"q": query, "songs": songs, "artists": artists, "albums": albums}
    return song_backend.json("GET", "/api/search", params=params)


def _params(**values):
    return {name: value for name, value in values.items() if value not in (None, "")}


def artists_page(letter, after=None, limit=48):
    return song_backend.json("GET", "/api/artists", params=_params(letter=letter, after=after, limit=limit))


def get_artist(artist_id):
    """``{"artist": ..., "albums": [...], "top_songs": [...]}``."""
    return song_backend.json("GET", f"/api/artists/{artist_id}")


def albums_page(sort, letter=None, after=None, before=None, limit=48):
    params = _params(sort=sort, letter=letter, after=after, before=before, limit=limit)
    return song_backend.json("GET", "/api/albums", params=params)


def get_album(album_id):
    """``{"album": ..., "songs": [...]}`` with the songs in disc and track order."""
    return song_backend.json("GET", f"/api/albums/{album_id}")


def genres_page(after=None, limit=100):
    return song_backend.json("GET", "/api/genres", params=_params(after=after, limit=limit))


def get_genre(genre_id, before=None, limit=48):
    return song_backend.json("GET", f"/api/genres/{genre_id}", params=_params(before=before, limit=limit))


def search_page(query, songs=20, artists=20, albums=20, song_offset=0, artist_offset=0, album_offset=0):
    """Grouped results, each group from its own offset (phone apps page through results)."""
    params = {"q": query, "songs": songs, "artists": artists, "albums": albums, "song_offset": song_offset,
              "artist_offset": artist_offset, "album_offset": album_offset}
    return song_backend.json("GET", "/api/search", params=params)


def everything(kind, offset, size):
    """A page of every song, album or artist (``kind``) in a stable order, and how many there are."""
    return song_backend.json("GET", f"/api/catalogue/everything/{kind}", params={"offset": offset, "size": size})


def album_list(kind, size, offset=0, from_year=None, to_year=None, genre=None):
    params = _params(size=size, offset=offset, from_year=from_year, to_year=to_year, genre=genre)
    return song_backend.json("GET", f"/api/album-lists/{kind}", params=params)["albums"]


def random_songs(size, genre=None, from_year=None, to_year=None):
    params = _params(size=size, genre=genre, from_year=from_year, to_year=to_year)
    return song_backend.json("GET", "/api/song-lists/random", params=params)["songs"]


def songs_by_genre(genre, size, offset=0):
    params = {"genre": genre, "size": size, "offset": offset}
    return song_backend.json("GET", "/api/song-lists/by-genre", params=params)["songs"]


def artist_by_name(name, top=10):
    """``{"artist", "albums", "top_songs"}`` of the artist called ``name``; BackendRejected 404 otherwise."""
    return song_backend.json("GET", "/api/artists/by-name", params={"name": name, "top": top})


def get_artist_with_top(artist_id, top):
    return song_backend.json("GET", f"/api/artists/{artist_id}", params={"top": top})

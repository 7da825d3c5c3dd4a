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

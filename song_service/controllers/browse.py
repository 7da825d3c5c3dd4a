"""Browsing the catalogue: artists, albums and genres, each listed in a stable order and paged by keyset."""
from flask import current_app, jsonify, request
from werkzeug.exceptions import BadRequest, NotFound

from common.api import bounded_int, parse_position
from common.browse_contract import LETTERS, MAX_CURSOR_LENGTH
from song_service.middleware.roles import people_only
from song_service.models.catalogue import album as albums
from song_service.models.catalogue import artist as artists
from song_service.models.catalogue import genre as genres
from song_service.models.catalogue import song_browse

TOP_SONGS = 10
TOP_SONGS_MAX = 100


def _found(document, what):
    if document is None:
        raise NotFound(f"No such {what}.")
    return document


def _page_size(default=48):
    return bounded_int("limit", default, 1, current_app.config["PAGE_SIZE_MAX"])


def _letter():
    letter = request.args.get("letter", "a").lower()
    if len(letter) != 1 or letter not in LETTERS:
        raise BadRequest(f"letter must be one of {LETTERS}.")
    return letter


def _after():
    after = request.args.get("after") or None
    if after is not None and len(after) > MAX_CURSOR_LENGTH:
        raise BadRequest("after is not a page of this list.")
    return after


def _before():
    before = request.args.get("before") or None
    if before is None:
        return None
    position = parse_position(before)
    if position is None:
        raise BadRequest("before must be a positive whole number.")
    return position


@people_only
def artist_index():
    letter = _letter()
    page, next_after = artists.page(letter, _after(), _page_size())
    return jsonify(letter=letter, artists=page, next_after=next_after)


def _artist_page(artist_id):
    artist = _found(artists.find_artist(artist_id) if artist_id else None, "artist")
    top_songs = song_browse.most_played_by(artist_id, bounded_int("top", TOP_SONGS, 1, TOP_SONGS_MAX))
    return jsonify(artist=artist, albums=albums.albums_by(artist_id), top_songs=top_songs)


@people_only
def artist_show(artist_id):
    return _artist_page(artist_id)


@people_only
def artist_named():
    """An artist by name, spelt any way its identity key allows (Subsonic's getTopSongs and getArtistInfo)."""
    name = request.args.get("name", "")
    if not name.strip():
        raise BadRequest("name is required.")
    return _artist_page(artists.artist_id_named(name))


@people_only
def album_index():
    sort = request.args.get("sort", "name")
    limit = _page_size()
    if sort == "name":
        letter = _letter()
        page, next_after = albums.page_by_name(letter, _after(), limit)
        return jsonify(sort=sort, letter=letter, albums=page, next_after=next_after)
    if sort == "year":
        try:
            page, next_after = albums.page_by_year(_after(), limit)
        except ValueError:
            raise BadRequest("after is not a page of this list.") from None
        return jsonify(sort=sort, albums=page, next_after=next_after)
    if sort == "newest":
        page, next_before = albums.page_by_newest(_before(), limit)
        return jsonify(sort=sort, albums=page, next_before=next_before)
    raise BadRequest(f"sort must be one of {', '.join(albums.SORTS)}.")


@people_only
def album_show(album_id):
    album = _found(albums.find_album(album_id), "album")
    return jsonify(album=album, songs=song_browse.album_tracks(album_id))


@people_only
def genre_index():
    page, next_after = genres.page(_after(), _page_size(100))
    return jsonify(genres=page, next_after=next_after)


@people_only
def genre_show(genre_id):
    genre = _found(genres.find_genre(genre_id), "genre")
    page, next_before = song_browse.genre_songs(genre_id, genre["song_count"], _before(), _page_size())
    return jsonify(genre=genre, songs=page, next_before=next_before)

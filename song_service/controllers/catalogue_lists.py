"""The catalogue as the Subsonic API lists it: album lists, random songs and a genre's songs, and the whole
catalogue page by page. Paging parameters are clamped to their bounds, like every list of this service;
a missing or malformed filter (a year, a genre) is a 400 that names it."""
from flask import g, jsonify, request
from werkzeug.exceptions import BadRequest

from common.api import bounded_int, parse_position
from common.song_metadata import YEARS
from song_service.middleware.roles import people_only
from song_service.models.catalogue import album_lists, everything, song_lists
from song_service.models.catalogue import genre as genres

SIZE_MAX = 500
# skip walks the index entries it skips: this is far deeper than any player pages.
OFFSET_MAX = 100_000


def _size():
    return bounded_int("size", 10, 1, SIZE_MAX)


def _offset():
    return bounded_int("offset", 0, 0, OFFSET_MAX)


def _year(name, required):
    text = request.args.get(name)
    if text is None or text == "":
        if required:
            raise BadRequest(f"{name} is required.")
        return None
    year = parse_position(text.strip(), YEARS[0], YEARS[1] + 1)
    if year is None:
        raise BadRequest(f"{name} must be a year from {YEARS[0]} to {YEARS[1]}.")
    return year


def _genre_name(required):
    name = request.args.get("genre")
    if name is None or not name.strip():
        if required:
            raise BadRequest("genre is required.")
        return None
    return name


@people_only
def album_list(kind):
    size = _size()
    if kind == "random":
        return jsonify(albums=album_lists.random(size))
    offset = _offset()
    if kind == "by_year":
        from_year, to_year = _year("from_year", True), _year("to_year", True)
        return jsonify(albums=album_lists.by_year(from_year, to_year, offset, size))
    if kind == "by_genre":
        genre_id = genres.genre_id_named(_genre_name(True))
        return jsonify(albums=album_lists.by_genre(genre_id, offset, size) if genre_id else [])
    if kind == "recent":
        return jsonify(albums=album_lists.recently_played(g.caller.user_id, offset, size))
    read = {"newest": album_lists.newest, "frequent": album_lists.frequent,
            "alphabetical_by_name": album_lists.by_name, "alphabetical_by_artist": album_lists.by_artist}[kind]
    return jsonify(albums=read(offset, size))


@people_only
def random_songs():
    size, name = _size(), _genre_name(False)
    from_year, to_year = _year("from_year", False), _year("to_year", False)
    genre_id = genres.genre_id_named(name) if name else None
    if name and genre_id is None:
        return jsonify(songs=[])
    return jsonify(songs=song_lists.random(size, genre_id, from_year, to_year))


@people_only
def songs_by_genre():
    genre_id = genres.genre_id_named(_genre_name(True))
    size, offset = _size(), _offset()
    return jsonify(songs=song_lists.by_genre(genre_id, offset, size) if genre_id else [])


@people_only
def everything_page(kind):
    offset, size = bounded_int("offset", 0, 0, 1 << 40), bounded_int("size", 100, 1, SIZE_MAX)
    documents, total = everything.page(kind, offset, size)
    return jsonify({kind: documents, "total": total})

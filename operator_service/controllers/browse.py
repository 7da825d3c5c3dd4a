"""Browse pages: artists, albums, genres and every song, paged with the cursors song_service hands out."""
from flask import render_template, request
from flask_login import login_required
from werkzeug.exceptions import BadRequest

from common.api import bounded_int, parse_position
from common.browse_contract import LETTERS, MAX_CURSOR_LENGTH
from operator_service.controllers.page_context import page_context
from operator_service.models import catalogue

ALBUM_SORTS = {"name": "Name", "year": "Year", "newest": "Newest added"}
PAGE_SIZE = 48
SONG_PAGE_SIZE = 50


def _letter():
    letter = request.args.get("letter", "a").lower()
    if len(letter) != 1 or letter not in LETTERS:
        raise BadRequest("Pick a letter from the bar: A to Z, or # for the rest.")
    return letter


def _next_letter(letter):
    index = LETTERS.index(letter)
    return LETTERS[index + 1] if index + 1 < len(LETTERS) else None


def _cursor(name):
    value = request.args.get(name) or None
    if value is not None and len(value) > MAX_CURSOR_LENGTH:
        raise BadRequest("That page does not exist; start from the first page.")
    return value


def _position(name):
    value = request.args.get(name) or None
    if value is not None and parse_position(value) is None:
        raise BadRequest("That page does not exist; start from the first page.")
    return value


@login_required
def artists():
    letter = _letter()
    page = catalogue.artists_page(letter, _cursor("after"), PAGE_SIZE)
    page_context()
    return render_template("browse/artists.html", letters=LETTERS, letter=letter, artists=page["artists"],
                           next_after=page["next_after"], next_letter=_next_letter(letter),
                           continued=bool(request.args.get("after")))


@login_required
def artist(artist_id):
    """The artist's most played songs and albums; an artist's albums are few, so they are paged here."""
    found = catalogue.get_artist(artist_id)
    album_page = bounded_int("albums_page", 1, 1, 10_000)
    start = (album_page - 1) * PAGE_SIZE
    page_context(found["top_songs"])
    return render_template("browse/artist.html", artist=found["artist"], top_songs=found["top_songs"],
                           albums=found["albums"][start:start + PAGE_SIZE], album_page=album_page,
                           more_albums=len(found["albums"]) > start + PAGE_SIZE)


@login_required
def albums():
    sort = request.args.get("sort", "name")
    if sort not in ALBUM_SORTS:
        raise BadRequest("Albums can be sorted by name, year or newest added.")
    letter = _letter() if sort == "name" else None
    page = catalogue.albums_page(sort, letter=letter, after=_cursor("after"), before=_position("before"),
                                 limit=PAGE_SIZE)
    page_context()
    return render_template(
        "browse/albums.html", sorts=ALBUM_SORTS, sort=sort, letters=LETTERS, letter=letter,
        next_letter=_next_letter(letter) if letter else None, albums=page["albums"],
        next_after=page.get("next_after"), next_before=page.get("next_before"),
        continued=bool(request.args.get("after") or request.args.get("before")),
    )


@login_required
def album(album_id):
    found = catalogue.get_album(album_id)
    page_context(found["songs"])
    return render_template("browse/album.html", **found)


@login_required
def genres():
    page = catalogue.genres_page(_cursor("after"))
    page_context()
    return render_template("browse/genres.html", genres=page["genres"], next_after=page["next_after"],
                           continued=bool(request.args.get("after")))


@login_required
def genre(genre_id):
    page = catalogue.get_genre(genre_id, before=_position("before"), limit=SONG_PAGE_SIZE)
    page_context(page["songs"])
    return render_template("browse/genre.html", genre=page["genre"], songs=page["songs"],
                           next_before=page["next_before"], continued=bool(request.args.get("before")))


@login_required
def songs():
    page = catalogue.recent_songs(limit=SONG_PAGE_SIZE, before=_position("before"))
    page_context(page["songs"])
    return render_template("browse/songs.html", songs=page["songs"], next_before=page["next_before"],
                           continued=bool(request.args.get("before")))

"""What a listener browses: the newest songs, search results (a page, and a fragment as they type) and a
page per song."""
from functools import partial
from urllib.parse import urlsplit, urlunsplit

from flask import make_response, render_template, request, url_for
from flask_login import login_required

from common.api import parse_position
from operator_service.controllers.page_context import at_once, page_context
from operator_service.models import catalogue, likes, listening, playlists

MAX_QUERY_LENGTH = 200
# The latest plays on the Library page; "Recently played" has the rest.
LIBRARY_RECENT_PLAYS = 5
# Songs, artists and albums shown on the search page, and in the results that follow typing.
PAGE_RESULTS = {"songs": 50, "artists": 12, "albums": 12}
LIVE_RESULTS = {"songs": 10, "artists": 6, "albums": 6}


@login_required
def home():
    before = request.args.get("before", "")
    newest = partial(catalogue.recent_songs, before=before if parse_position(before) else None)
    if before:  # older songs: "Most played" heads the first page only
        page, most_played = newest(), []
    else:
        page, most_played = at_once(newest, listening.most_played)
    page_context(most_played + page["songs"])
    return render_template(
        "library/home.html", songs=page["songs"], next_before=page["next_before"], most_played=most_played
    )


@login_required
def your_library():
    """What the desktop's sidebar holds, as a page: Liked Songs, the playlists and the latest plays. It is
    the Library tab of the phone's bottom navigation, where there is no room for a sidebar."""
    liked, found, plays = at_once(partial(likes.liked_songs, limit=1), playlists.my_playlists,
                                  partial(listening.recent_plays, limit=LIBRARY_RECENT_PLAYS))
    songs = [play["song"] for play in plays]
    page_context(songs, known_playlists=found)
    return render_template("library/your_library.html", liked_count=liked["count"], playlists=found, songs=songs)


def _query():
    return request.args.get("q", "").strip()[:MAX_QUERY_LENGTH]


@login_required
def search():
    """The whole results page: what the search form shows without JavaScript, and on reload."""
    query = _query()
    results = catalogue.search_everything(query, **PAGE_RESULTS) if query else None
    page_context(results["songs"] if results else ())
    response = make_response(render_template("library/search.html", query=query, results=results))
    # Enter after the live search already showed these results at this address: the page takes the place of
    # that history entry instead of adding a second one, which Back would seem to skip.
    address = _search_address(query)
    current = urlsplit(request.headers.get("HX-Current-URL", ""))
    if request.headers.get("HX-Request") and urlunsplit(("", "", current.path, current.query, "")) == address:
        response.headers["HX-Replace-Url"] = address
    return response


def _search_address(query):
    return url_for("library.search", q=query) if query else url_for("library.search")


@login_required
def live_search():
    """The results alone, for htmx to swap in as the user types; the address bar follows the query."""
    query = _query()
    results = catalogue.search_everything(query, **LIVE_RESULTS) if query else None
    page_context(results["songs"] if results else (), sidebar=False)  # the results alone, without the layout
    response = make_response(render_template("library/search_results.html", query=query, results=results,
                                             live=True))
    address = _search_address(query)
    # Typing on the search page replaces its history entry; the first keystroke elsewhere adds one.
    on_search_page = urlsplit(request.headers.get("HX-Current-URL", "")).path == url_for("library.search")
    response.headers["HX-Replace-Url" if on_search_page else "HX-Push-Url"] = address
    response.headers["Cache-Control"] = "no-store"
    return response


@login_required
def song(song_id):
    found = catalogue.get_song(song_id)
    page_context([found])
    return render_template("library/song.html", song=found)

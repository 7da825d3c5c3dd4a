"""Template helpers for the listener's library, which the sidebar and every song row need on every page:
their playlists, and which songs they like. Each is fetched at most once per request."""
import logging

from flask import g, request
from flask_login import current_user
from jinja2 import Undefined

from operator_service.models import likes, playlists
from operator_service.models.backend import BackendRejected, BackendUnavailable

log = logging.getLogger(__name__)


SIDEBAR_PLAYLISTS = 50


def library_playlists():
    """The sidebar's playlists, most recently changed first, as ``{"shown": [...], "more": bool}``;
    None when song_service cannot say. The sidebar is on every page, error pages included, so this never raises.
    """
    if "library_playlists" not in g:
        g.library_playlists = None
        if current_user.is_authenticated:
            try:
                found = playlists.my_playlists(limit=SIDEBAR_PLAYLISTS + 1)
            except (BackendUnavailable, BackendRejected) as error:
                log.warning("playlists for the sidebar unavailable: %s", error)
            else:
                g.library_playlists = {"shown": found[:SIDEBAR_PLAYLISTS], "more": len(found) > SIDEBAR_PLAYLISTS}
    return g.library_playlists


def remember_liked(song_ids, liked_ids):
    """Record what a page already knows (the Liked Songs page), so the hearts cost no extra call."""
    g.setdefault("liked_checked", set()).update(song_ids)
    g.setdefault("liked_ids", set()).update(liked_ids)


def song_is_liked(song, songs=None):
    """Whether the user likes ``song``; the first row of a list asks about the whole list at once."""
    checked = g.setdefault("liked_checked", set())
    liked = g.setdefault("liked_ids", set())
    if song["id"] not in checked and current_user.is_authenticated:
        listed = [] if songs is None or isinstance(songs, Undefined) else list(songs)
        wanted = list(dict.fromkeys([song["id"]] + [s["id"] for s in listed if s["id"] not in checked]))[:1000]
        try:
            liked.update(likes.liked_among(wanted))
        except (BackendUnavailable, BackendRejected) as error:
            log.warning("liked songs unavailable: %s", error)
        checked.update(wanted)
    return song["id"] in liked


def return_path():
    """This page's path and query, for forms that should come back here."""
    return request.full_path if request.query_string else request.path


def playlist_length(seconds):
    """A playlist's total time in words: "1 h 5 min", "12 min 5 s"."""
    seconds = int(round(seconds or 0))
    hours, rest = divmod(seconds, 3600)
    minutes, secs = divmod(rest, 60)
    if hours:
        return f"{hours} h {minutes} min"
    return f"{minutes} min {secs} s" if minutes else f"{secs} s"


def init_library_helpers(app):
    app.add_template_global(library_playlists)
    app.add_template_global(song_is_liked)
    app.add_template_global(return_path)
    app.add_template_filter(playlist_length, "playlist_length")

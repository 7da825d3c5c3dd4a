"""Template helpers for the listener's library, which the sidebar and every song row show on every page:
their playlists, and which songs they like. They only read what the page's controller gathered with
``page_context`` (controllers/page_context.py), kept in ``g`` for this request: a template never calls a
backend, so a page's cost can be read in its controller.

A page that forgot to gather is a bug: under TESTING or DEBUG the reader raises, so a test of the page
fails; in production it is logged and the page shows what it shows when a backend is down (the sidebar's
"cannot be shown right now", hearts not pressed) rather than failing.
"""
import logging

from flask import current_app, g, request

from common.playlist_contract import NAME_LENGTH

log = logging.getLogger(__name__)


class NotGathered(RuntimeError):
    """A template read what its controller did not gather."""


def remember_sidebar(found):
    """The sidebar's playlists as ``{"shown": [...], "more": bool}``, or None when song_service cannot say."""
    g.library_playlists = found


def sidebar_gathered():
    return "library_playlists" in g


def remember_liked(song_ids, liked_ids):
    """Record what the page knows of ``song_ids``: which of them, ``liked_ids``, the user likes. The Liked
    Songs page knows without asking; ``page_context`` asks song_service for the rest."""
    g.setdefault("liked_checked", set()).update(song_ids)
    g.setdefault("liked_ids", set()).update(liked_ids)


def liked_unknown(song_ids):
    """The ids among ``song_ids`` that this request knows nothing about yet, in order and once each."""
    checked = g.get("liked_checked", set())
    return [song_id for song_id in dict.fromkeys(song_ids) if song_id not in checked]


def _not_gathered(what):
    message = f"{what} was not gathered: the page's controller must pass it to page_context"
    if current_app.testing or current_app.debug:
        raise NotGathered(message)
    if "not_gathered_logged" not in g:  # once a page, not once a song row
        g.not_gathered_logged = True
        log.error("%s (%s %s)", message, request.method, request.path)


def library_playlists():
    """The sidebar's playlists, ``{"shown": [...], "more": bool}``; None when song_service cannot say."""
    if not sidebar_gathered():
        _not_gathered("The sidebar")
        return None
    return g.library_playlists


def song_is_liked(song):
    """Whether the user likes ``song``, as gathered for the page."""
    if song["id"] not in g.get("liked_checked", ()):
        _not_gathered(f"Song {song['id']}")
        return False
    return song["id"] in g.liked_ids


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
    app.add_template_global(NAME_LENGTH, "playlist_name_length")  # for a form built by hand (_chooser.html)

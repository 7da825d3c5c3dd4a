"""What a logged-in page shows besides its own content: the sidebar's playlists, and which of the page's
songs the listener likes. A controller gathers them with ``page_context`` before it renders, so that its
page's backend calls can all be read in it; the template helpers (template_helpers/library.py) only read
what was gathered. ``at_once`` makes a page's independent backend calls concurrently.
"""
import contextvars
import logging
from concurrent.futures import ThreadPoolExecutor
from functools import partial

from flask_login import current_user

from common.browse_contract import MAX_LIKED_LOOKUP
from operator_service.models import likes, playlists
from operator_service.models.backend import BackendRejected, BackendUnavailable
from operator_service.template_helpers.library import (
    liked_unknown,
    remember_liked,
    remember_sidebar,
    sidebar_gathered,
)

log = logging.getLogger(__name__)

SIDEBAR_PLAYLISTS = 50


# How the calls are made at once. The request's own thread or greenlet makes the first call and a helper
# each of the others. Under gunicorn's gevent worker, which patches threading before it imports the app
# (so concurrent.futures' threads and locks are gevent's), the helpers are greenlets; under a threaded
# worker, the Flask test client or a flask command they are threads.
#
# The helpers belong to one call of at_once: ``with`` waits for them, so none outlives its page and none
# is left behind by a failure. A pool shared by the worker would save starting them (measured on a busy
# 2-core machine: about 0.2 ms a page under gevent and 0.6 ms with threads, against 0.05 to 0.07 ms for
# a shared pool, next to backend calls of a few ms), but a gevent worker serves up to a thousand
# connections: a small shared pool would queue one page's calls behind another's, which a backend that
# stops answering holds for its whole read timeout, and a pool whose threads started before gunicorn
# forked would leave each worker a pool of dead threads.
#
# Each helper runs in a copy of the request's context variables, so it is in this very request and app
# context, with the same ``g``: the request id sent as X-Request-ID, and the user flask-login loaded
# (loaded here, before any helper starts, since flask-login stores it in ``g`` on first use). The helpers
# only read ``g``; the rest of a backend call's state is the process's pooled session, which every
# thread or greenlet of the worker shares already (models/backend.py). flask.copy_current_request_context
# would not do: the request context it pushes in the helper brings a new app context with an empty ``g``
# (no request id, and the user loaded again, perhaps from auth_service), and its pop runs the
# teardown_request handlers and closes the request's files from the helper.
def at_once(*calls):
    """Each call's result, in order, the calls made concurrently; if any raised, the first of them in
    that order is raised once all have ended."""
    if len(calls) < 2:
        return [call() for call in calls]
    current_user._get_current_object()  # flask-login stores the user in g on first use: load it here
    with ThreadPoolExecutor(max_workers=len(calls) - 1, thread_name_prefix="backend-call") as helpers:
        started = [helpers.submit(contextvars.copy_context().run, call) for call in calls[1:]]
        first = calls[0]()
        return [first, *(future.result() for future in started)]


def page_context(songs=(), *, sidebar=True, known_playlists=None):
    """Gather, for the layout and the song rows, the sidebar's playlists and which of ``songs`` the user
    likes; the calls that needs are made at once.

    ``songs``: every song the page shows, from all its lists. ``sidebar``: False for a fragment without
    the layout. ``known_playlists``: the listener's playlists when the page has fetched them already, most
    recently changed first as ``playlists.my_playlists`` returns them; the sidebar is their first few.

    What was gathered before in this request is not asked again: the songs the Liked Songs page
    remembered as liked (``remember_liked``), or the sidebar of a page that failed after gathering and
    shows the error page instead. A backend that cannot answer costs only its part: the sidebar says its
    playlists cannot be shown, and hearts show unliked.
    """
    song_ids = [song["id"] for song in songs]
    wanted_sidebar = sidebar and not sidebar_gathered()
    if not current_user.is_authenticated:  # the layout shows neither to a visitor (base.html)
        if wanted_sidebar:
            remember_sidebar(None)
        remember_liked(song_ids, ())
        return
    if wanted_sidebar and known_playlists is not None:
        remember_sidebar(_sidebar(known_playlists))
        wanted_sidebar = False
    unknown = liked_unknown(song_ids)
    batches = [unknown[start:start + MAX_LIKED_LOOKUP] for start in range(0, len(unknown), MAX_LIKED_LOOKUP)]
    calls = [_sidebar_playlists] if wanted_sidebar else []
    results = at_once(*calls, *(partial(_liked_among, batch) for batch in batches))
    if wanted_sidebar:
        remember_sidebar(results.pop(0))
    for batch, liked in zip(batches, results):
        remember_liked(batch, liked)


def _sidebar(found):
    return {"shown": found[:SIDEBAR_PLAYLISTS], "more": len(found) > SIDEBAR_PLAYLISTS}


def _sidebar_playlists():
    """The sidebar's playlists, or None when song_service cannot say; never raises a backend's error."""
    try:
        return _sidebar(playlists.my_playlists(limit=SIDEBAR_PLAYLISTS + 1))
    except (BackendUnavailable, BackendRejected) as error:
        log.warning("playlists for the sidebar unavailable: %s", error)
        return None


def _liked_among(song_ids):
    """The liked ids among ``song_ids``; none when song_service cannot say, so that hearts show unliked."""
    try:
        return likes.liked_among(song_ids)
    except (BackendUnavailable, BackendRejected) as error:
        log.warning("liked songs unavailable: %s", error)
        return set()

"""Plays and history. The user always comes from the caller's token, so nobody reads or writes another's history."""
from datetime import datetime, timedelta, timezone

from flask import g, jsonify
from werkzeug.exceptions import BadRequest

from common.api import bounded_int, json_object
from common.ids import parse_object_id
from song_service.middleware.roles import people_only
from song_service.models.library import listening

# A play told later, such as an app's scrobbles from offline listening, keeps when it happened, within
# these bounds (a clock a minute fast is tolerated; older listens are Last.fm's limit too).
PLAYED_AT_FUTURE = timedelta(minutes=1)
PLAYED_AT_PAST = timedelta(days=14)


def _played_at(value):
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int):
        raise BadRequest("played_at_ms must be milliseconds since 1970.")
    now = datetime.now(timezone.utc)
    try:
        played_at = datetime.fromtimestamp(value / 1000, timezone.utc)
    except (OverflowError, OSError, ValueError):
        raise BadRequest("played_at_ms must be milliseconds since 1970.") from None
    if not now - PLAYED_AT_PAST <= played_at <= now + PLAYED_AT_FUTURE:
        raise BadRequest("A play can be told at most 14 days after it happened, and not before.")
    return min(played_at, now)


@people_only
def record():
    body = json_object()
    song_id = parse_object_id(body.get("song_id"))
    if song_id is None:
        raise BadRequest("song_id must be a song's id.")
    played_at = listening.record_play(g.caller.user_id, song_id, now=_played_at(body.get("played_at_ms")))
    return jsonify(song_id=song_id, played_at=played_at), 201


@people_only
def history():
    limit = bounded_int("limit", 50, 1, listening.HISTORY_LIMIT)
    return jsonify(plays=listening.recent_plays(g.caller.user_id, limit))


@people_only
def top_songs():
    return jsonify(songs=listening.most_played(bounded_int("limit", 10, 1, 50)))

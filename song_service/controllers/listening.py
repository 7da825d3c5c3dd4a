"""Plays and history. The user always comes from the caller's token, so nobody reads or writes another's history."""
from flask import g, jsonify
from werkzeug.exceptions import BadRequest, NotFound, TooManyRequests

from common.api import bounded_int, json_object
from common.ids import parse_object_id
from common.service_tokens import PEOPLE, require_role
from song_service.models import listening


@require_role(*PEOPLE)
def record():
    song_id = parse_object_id(json_object().get("song_id"))
    if song_id is None:
        raise BadRequest("song_id must be a song's id.")
    try:
        played_at = listening.record_play(g.caller.user_id, song_id)
    except listening.SongNotFound:
        raise NotFound("No such song.") from None
    except listening.TooSoon as too_soon:
        raise TooManyRequests("This song was counted a moment ago: a play counts once per listen.",
                              retry_after=too_soon.retry_after) from None
    return jsonify(song_id=song_id, played_at=played_at), 201


@require_role(*PEOPLE)
def history():
    limit = bounded_int("limit", 50, 1, listening.HISTORY_LIMIT)
    return jsonify(plays=listening.recent_plays(g.caller.user_id, limit))


@require_role(*PEOPLE)
def top_songs():
    return jsonify(songs=listening.most_played(bounded_int("limit", 10, 1, 50)))

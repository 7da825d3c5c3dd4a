"""Plays and history. The user always comes from the caller's token, so nobody reads or writes another's history."""
from flask import g, jsonify
from werkzeug.exceptions import BadRequest

from common.api import bounded_int, json_object
from common.ids import parse_object_id
from song_service.middleware.roles import people_only
from song_service.models.library import listening


@people_only
def record():
    song_id = parse_object_id(json_object().get("song_id"))
    if song_id is None:
        raise BadRequest("song_id must be a song's id.")
    played_at = listening.record_play(g.caller.user_id, song_id)
    return jsonify(song_id=song_id, played_at=played_at), 201


@people_only
def history():
    limit = bounded_int("limit", 50, 1, listening.HISTORY_LIMIT)
    return jsonify(plays=listening.recent_plays(g.caller.user_id, limit))


@people_only
def top_songs():
    return jsonify(songs=listening.most_played(bounded_int("limit", 10, 1, 50)))

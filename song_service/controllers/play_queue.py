"""The caller's play queue (Subsonic's savePlayQueue and getPlayQueue). The listener always comes from the
caller's token, so nobody reads or changes another's queue."""
from flask import g, jsonify
from werkzeug.exceptions import BadRequest

from common.api import json_object
from common.ids import parse_object_id
from song_service.middleware.roles import people_only
from song_service.models.library import play_queue as play_queues


def _whole_number(value):
    return isinstance(value, int) and not isinstance(value, bool)


def _song_ids(body):
    song_ids = body.get("song_ids")
    if not isinstance(song_ids, list) or len(song_ids) > play_queues.MAX_SONGS:
        raise BadRequest(f"song_ids must be a list of at most {play_queues.MAX_SONGS:,} song ids.")
    parsed = [parse_object_id(song_id) if isinstance(song_id, str) else None for song_id in song_ids]
    if None in parsed:
        raise BadRequest("song_ids must be song ids.")
    return parsed


def _current_index(body, length):
    current_index = body.get("current_index")
    if not length:
        return None
    if not _whole_number(current_index) or not 0 <= current_index < length:
        raise BadRequest(f"current_index must be the position of a song in song_ids, from 0 to {length - 1}.")
    return current_index


def _position_ms(body):
    position_ms = body.get("position_ms", 0)
    if not _whole_number(position_ms) or position_ms < 0:
        raise BadRequest("position_ms must be a whole number of milliseconds, 0 or more.")
    return position_ms


def _changed_by(body):
    changed_by = body.get("changed_by")
    if changed_by is not None and (not isinstance(changed_by, str) or len(changed_by) > play_queues.MAX_CLIENT_LENGTH):
        raise BadRequest(f"changed_by must be text of at most {play_queues.MAX_CLIENT_LENGTH} characters.")
    return changed_by


@people_only
def show():
    return jsonify(play_queues.play_queue(g.caller.user_id))


@people_only
def save():
    """Ids of songs deleted meanwhile are kept (they are left out when the queue is read), so that the caller's
    ``current_index`` still means what it meant; only ids that are not ids at all are refused."""
    body = json_object()
    song_ids = _song_ids(body)
    queue = play_queues.save(g.caller.user_id, song_ids, _current_index(body, len(song_ids)), _position_ms(body),
                             _changed_by(body))
    return jsonify(queue)

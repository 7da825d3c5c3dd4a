"""What everyone is playing now (Subsonic's getNowPlaying); each caller records only their own."""
from flask import g, jsonify
from werkzeug.exceptions import BadRequest

from common.api import json_object
from common.ids import parse_object_id
from song_service.middleware.roles import people_only
from song_service.models.library import now_playing


@people_only
def record():
    body = json_object()
    song_id = parse_object_id(body.get("song_id")) if isinstance(body.get("song_id"), str) else None
    if song_id is None:
        raise BadRequest("song_id must be a song's id.")
    client = body.get("client")
    if not isinstance(client, str) or not client.strip() or len(client) > now_playing.MAX_CLIENT_LENGTH:
        raise BadRequest(f"client must be the player's name, at most {now_playing.MAX_CLIENT_LENGTH} characters.")
    started_at = now_playing.record(g.caller.user_id, g.caller.username, client, song_id)
    return jsonify(song_id=song_id, client=client, started_at=started_at)


@people_only
def index():
    return jsonify(entries=now_playing.playing())

"""Liked songs. The listener always comes from the caller's token, so nobody reads or changes another's likes."""
from flask import g, jsonify, request
from werkzeug.exceptions import BadRequest

from common.api import bounded_int, json_object
from common.ids import parse_object_id
from song_service.middleware.roles import people_only
from song_service.models.library import like as likes

PAGE_MAX = 200


@people_only
def index():
    limit = bounded_int("limit", 100, 1, PAGE_MAX)
    before = parse_object_id(request.args.get("before")) if request.args.get("before") else None
    songs, next_before = likes.liked_songs(g.caller.user_id, limit, before)
    return jsonify(songs=songs, next_before=next_before, count=likes.count_liked(g.caller.user_id))


@people_only
def lookup():
    """Which of the given songs the caller likes: the hearts of one page of songs in one call."""
    song_ids = json_object().get("song_ids")
    if not isinstance(song_ids, list) or len(song_ids) > likes.MAX_LOOKUP:
        raise BadRequest(f"song_ids must be a list of at most {likes.MAX_LOOKUP:,} song ids.")
    parsed = [parse_object_id(song_id) if isinstance(song_id, str) else None for song_id in song_ids]
    if None in parsed:
        raise BadRequest("song_ids must be song ids.")
    liked = likes.liked_among(g.caller.user_id, parsed)
    return jsonify(liked=sorted(str(song_id) for song_id in liked),
                   liked_at={str(song_id): at for song_id, at in liked.items()})


@people_only
def like(song_id):
    likes.like(g.caller.user_id, song_id)
    return jsonify(song_id=song_id, liked=True)


@people_only
def unlike(song_id):
    likes.unlike(g.caller.user_id, song_id)
    return jsonify(song_id=song_id, liked=False)

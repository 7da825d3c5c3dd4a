"""The catalogue API: listeners read and search, admins create, edit and delete."""
from flask import current_app, g, jsonify, request
from werkzeug.exceptions import BadRequest, NotFound

from common.api import bounded_int, json_object, parse_position
from song_service.middleware.roles import admins_only, people_only
from song_service.models.catalogue import lyrics as song_lyrics
from song_service.models.catalogue import song as songs
from song_service.models.library import like as likes
from song_service.models.library import playlist as playlists
from song_service.models.search import query as catalogue_search
from song_service.models.search.terms import MAX_QUERY_LENGTH


def _found(song):
    if song is None:
        raise NotFound("No such song.")
    return song


@people_only
def index():
    limit = bounded_int("limit", 24, 1, current_app.config["PAGE_SIZE_MAX"])
    before = request.args.get("before") or None
    if before is not None and parse_position(before) is None:
        raise BadRequest("before must be the position of a song in the list.")
    page, next_before = songs.list_recent(limit, parse_position(before))
    return jsonify(songs=page, next_before=next_before)


@people_only
def search():
    limit = bounded_int("limit", 20, 1, current_app.config["SEARCH_MAX_RESULTS"])
    query = request.args.get("q", "")[:MAX_QUERY_LENGTH]
    return jsonify(query=query, songs=catalogue_search.search_songs(query, limit))


@people_only
def show(song_id):
    return jsonify(_found(songs.find_song(song_id)))


@people_only
def lyrics(song_id):
    return jsonify(_found(song_lyrics.song_lyrics(song_id)))


@people_only
def lyrics_by_artist_and_title():
    """The lyrics of a song named by its artist and title, for the apps that ask for lyrics that way."""
    artist, title = request.args.get("artist", "").strip(), request.args.get("title", "").strip()
    if not artist or not title:
        raise BadRequest("artist and title are both required.")
    found = song_lyrics.lyrics_by_artist_and_title(artist, title)
    if found is None:
        raise NotFound("No song of that artist and title has lyrics.")
    return jsonify(found)


@admins_only
def create():
    return jsonify(songs.create_song(json_object(), uploaded_by=g.caller.user_id)), 201


@admins_only
def update(song_id):
    return jsonify(_found(songs.update_song(song_id, json_object())))


@admins_only
def delete(song_id):
    song = _found(songs.delete_song(song_id))
    # After the song is gone, so that an add racing with the delete finds it missing and undoes itself.
    playlists.remove_song_everywhere(song_id)
    likes.forget_song(song_id)
    return jsonify(song)

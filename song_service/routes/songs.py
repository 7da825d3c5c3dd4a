"""``/api/songs``."""
from flask import Blueprint

from song_service.controllers import songs

songs_blueprint = Blueprint("songs", __name__, url_prefix="/api/songs")
songs_blueprint.add_url_rule("", view_func=songs.index, methods=["GET"])
songs_blueprint.add_url_rule("", view_func=songs.create, methods=["POST"])
songs_blueprint.add_url_rule("/search", view_func=songs.search, methods=["GET"])
songs_blueprint.add_url_rule("/lyrics", view_func=songs.lyrics_by_artist_and_title, methods=["GET"])
songs_blueprint.add_url_rule("/<objectid:song_id>", view_func=songs.show, methods=["GET"])
songs_blueprint.add_url_rule("/<objectid:song_id>", view_func=songs.update, methods=["PATCH"])
songs_blueprint.add_url_rule("/<objectid:song_id>", view_func=songs.delete, methods=["DELETE"])
songs_blueprint.add_url_rule("/<objectid:song_id>/lyrics", view_func=songs.lyrics, methods=["GET"])

"""``/api/artists``, ``/api/albums`` and ``/api/genres``: the catalogue by artist, album and genre."""
from flask import Blueprint

from song_service.controllers import browse

browse_blueprint = Blueprint("browse", __name__, url_prefix="/api")
browse_blueprint.add_url_rule("/artists", view_func=browse.artist_index, methods=["GET"])
browse_blueprint.add_url_rule("/artists/by-name", view_func=browse.artist_named, methods=["GET"])
browse_blueprint.add_url_rule("/artists/<objectid:artist_id>", view_func=browse.artist_show, methods=["GET"])
browse_blueprint.add_url_rule("/albums", view_func=browse.album_index, methods=["GET"])
browse_blueprint.add_url_rule("/albums/<objectid:album_id>", view_func=browse.album_show, methods=["GET"])
browse_blueprint.add_url_rule("/genres", view_func=browse.genre_index, methods=["GET"])
browse_blueprint.add_url_rule("/genres/<objectid:genre_id>", view_func=browse.genre_show, methods=["GET"])

"""Browsing the catalogue: ``/artists``, ``/albums``, ``/genres`` and ``/songs``."""
from flask import Blueprint

from operator_service.controllers import browse

browse_blueprint = Blueprint("browse", __name__)
browse_blueprint.add_url_rule("/artists", view_func=browse.artists)
browse_blueprint.add_url_rule("/artists/<objectid:artist_id>", view_func=browse.artist)
browse_blueprint.add_url_rule("/albums", view_func=browse.albums)
browse_blueprint.add_url_rule("/albums/<objectid:album_id>", view_func=browse.album)
browse_blueprint.add_url_rule("/genres", view_func=browse.genres)
browse_blueprint.add_url_rule("/genres/<objectid:genre_id>", view_func=browse.genre)
browse_blueprint.add_url_rule("/songs", view_func=browse.songs)

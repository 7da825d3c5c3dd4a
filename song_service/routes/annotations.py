"""``/api/annotations``: the caller's stars and ratings of songs, albums and artists."""
from flask import Blueprint

from song_service.controllers import annotations

annotations_blueprint = Blueprint("annotations", __name__, url_prefix="/api/annotations")
annotations_blueprint.add_url_rule("/<any(song,album,artist):kind>/<objectid:target_id>",
                                   view_func=annotations.annotate, methods=["PUT"])
annotations_blueprint.add_url_rule("/lookup", view_func=annotations.lookup, methods=["POST"])
annotations_blueprint.add_url_rule("/starred", view_func=annotations.starred, methods=["GET"])
annotations_blueprint.add_url_rule("/rated", view_func=annotations.rated, methods=["GET"])

"""``/api/likes``: the caller's liked songs."""
from flask import Blueprint

from song_service.controllers import likes

likes_blueprint = Blueprint("likes", __name__, url_prefix="/api/likes")
likes_blueprint.add_url_rule("", view_func=likes.index, methods=["GET"])
likes_blueprint.add_url_rule("/lookup", view_func=likes.lookup, methods=["POST"])
likes_blueprint.add_url_rule("/<objectid:song_id>", view_func=likes.like, methods=["PUT"])
likes_blueprint.add_url_rule("/<objectid:song_id>", view_func=likes.unlike, methods=["DELETE"])

"""``/liked``, and the heart of each song."""
from flask import Blueprint

from operator_service.controllers import likes

likes_blueprint = Blueprint("likes", __name__)
likes_blueprint.add_url_rule("/liked", view_func=likes.liked)
likes_blueprint.add_url_rule("/songs/<objectid:song_id>/like", view_func=likes.toggle, methods=["POST"])

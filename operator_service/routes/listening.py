"""``/plays`` for the player and ``/recent`` for the listener."""
from flask import Blueprint

from operator_service.controllers import listening

listening_blueprint = Blueprint("listening", __name__)
listening_blueprint.add_url_rule("/plays", view_func=listening.record_play, methods=["POST"])
listening_blueprint.add_url_rule("/recent", view_func=listening.recent)

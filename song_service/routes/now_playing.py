"""``/api/now-playing``: what everyone is playing now."""
from flask import Blueprint

from song_service.controllers import now_playing

now_playing_blueprint = Blueprint("now_playing", __name__, url_prefix="/api/now-playing")
now_playing_blueprint.add_url_rule("", view_func=now_playing.index, methods=["GET"])
now_playing_blueprint.add_url_rule("", view_func=now_playing.record, methods=["PUT"])

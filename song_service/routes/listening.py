"""``/api/plays``: record a play, read one's own history, and the most played songs."""
from flask import Blueprint

from song_service.controllers import listening

listening_blueprint = Blueprint("listening", __name__, url_prefix="/api/plays")
listening_blueprint.add_url_rule("", view_func=listening.record, methods=["POST"])
listening_blueprint.add_url_rule("/mine", view_func=listening.history, methods=["GET"])
listening_blueprint.add_url_rule("/top-songs", view_func=listening.top_songs, methods=["GET"])

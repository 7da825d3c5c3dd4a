"""Audio streams and cover images for the browser's player."""
from flask import Blueprint

from operator_service.controllers import player

player_blueprint = Blueprint("player", __name__)
player_blueprint.add_url_rule("/audio/<objectid:audio_id>", view_func=player.audio)
player_blueprint.add_url_rule("/covers/<objectid:cover_id>", view_func=player.cover)

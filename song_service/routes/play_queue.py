"""``/api/play-queue``: the caller's saved play queue."""
from flask import Blueprint

from song_service.controllers import play_queue

play_queue_blueprint = Blueprint("play_queue", __name__, url_prefix="/api/play-queue")
play_queue_blueprint.add_url_rule("", view_func=play_queue.show, methods=["GET"])
play_queue_blueprint.add_url_rule("", view_func=play_queue.save, methods=["PUT"])

"""``/api/media`` for audio and ``/api/covers`` for cover art."""
from flask import Blueprint

from media_service.controllers import conversions, media

media_blueprint = Blueprint("media", __name__, url_prefix="/api/media")
media_blueprint.add_url_rule("", view_func=media.upload, methods=["POST"])
media_blueprint.add_url_rule("/<objectid:audio_id>", view_func=media.stream_audio, methods=["GET"])
media_blueprint.add_url_rule("/<objectid:audio_id>", view_func=media.delete_audio, methods=["DELETE"])
media_blueprint.add_url_rule("/<objectid:audio_id>/converted", view_func=conversions.converted_audio, methods=["GET"])

covers_blueprint = Blueprint("covers", __name__, url_prefix="/api/covers")
covers_blueprint.add_url_rule("", view_func=media.upload_cover, methods=["POST"])
covers_blueprint.add_url_rule("/<objectid:cover_id>", view_func=media.cover, methods=["GET"])

"""``/api/media-references``: which audio files and covers songs use (for media_service's sweeper)."""
from flask import Blueprint

from song_service.controllers import media_references

media_references_blueprint = Blueprint("media_references", __name__, url_prefix="/api/media-references")
media_references_blueprint.add_url_rule("", view_func=media_references.referenced, methods=["POST"])

"""Admin pages under ``/admin``."""
from flask import Blueprint

from operator_service.controllers import admin

admin_blueprint = Blueprint("admin", __name__, url_prefix="/admin")
admin_blueprint.add_url_rule("/upload", view_func=admin.upload, methods=["GET", "POST"])
admin_blueprint.add_url_rule("/songs/<objectid:song_id>/delete", view_func=admin.delete_song, methods=["POST"])

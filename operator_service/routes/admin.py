"""Admin pages under ``/admin``."""
from flask import Blueprint

from operator_service.controllers import admin, admin_console

admin_blueprint = Blueprint("admin", __name__, url_prefix="/admin")
admin_blueprint.add_url_rule("/", view_func=admin_console.console_home)
admin_blueprint.add_url_rule("/upload", view_func=admin.upload, methods=["GET", "POST"])
# upload.js posts each file here on its own and reads the answer as JSON.
admin_blueprint.add_url_rule("/upload/one", view_func=admin.upload_one, methods=["POST"])
admin_blueprint.add_url_rule("/songs/<objectid:song_id>/delete", view_func=admin.delete_song, methods=["POST"])
# The console's areas, rendered by the backends that own them (controllers/admin_console.py).
admin_blueprint.add_url_rule("/<area>/", view_func=admin_console.area_page, methods=["GET", "POST"])
admin_blueprint.add_url_rule("/<area>/<path:path>", view_func=admin_console.area_page, methods=["GET", "POST"])

"""``/api/playlists``: a listener's playlists, their songs, and M3U8 export and import."""
from flask import Blueprint

from song_service.controllers import playlists

ONE = "/<objectid:playlist_id>"
ENTRY = ONE + "/songs/<objectid:entry_id>"

playlists_blueprint = Blueprint("playlists", __name__, url_prefix="/api/playlists")
playlists_blueprint.add_url_rule("", view_func=playlists.index, methods=["GET"])
playlists_blueprint.add_url_rule("", view_func=playlists.create, methods=["POST"])
playlists_blueprint.add_url_rule("/import", view_func=playlists.import_file, methods=["POST"])
playlists_blueprint.add_url_rule(ONE, view_func=playlists.show, methods=["GET"])
playlists_blueprint.add_url_rule(ONE, view_func=playlists.update, methods=["PATCH"])
playlists_blueprint.add_url_rule(ONE, view_func=playlists.delete, methods=["DELETE"])
playlists_blueprint.add_url_rule(ONE + "/export.m3u8", view_func=playlists.export, methods=["GET"])
playlists_blueprint.add_url_rule(ONE + "/songs", view_func=playlists.add_songs, methods=["POST"])
playlists_blueprint.add_url_rule(ENTRY, view_func=playlists.remove_entry, methods=["DELETE"])
playlists_blueprint.add_url_rule(ENTRY + "/move", view_func=playlists.move_entry, methods=["POST"])

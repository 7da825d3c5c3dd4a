"""Playlist pages under ``/playlists``, and the playlist chooser of a song."""
from flask import Blueprint

from operator_service.controllers import playlists

ONE = "/playlists/<objectid:playlist_id>"
ENTRY = ONE + "/songs/<objectid:entry_id>"

playlists_blueprint = Blueprint("playlists", __name__)
playlists_blueprint.add_url_rule("/playlists", view_func=playlists.index, methods=["GET"])
playlists_blueprint.add_url_rule("/playlists", view_func=playlists.create, methods=["POST"])
playlists_blueprint.add_url_rule("/playlists/import", view_func=playlists.import_file, methods=["POST"])
playlists_blueprint.add_url_rule(ONE, view_func=playlists.show, methods=["GET"])
playlists_blueprint.add_url_rule(ONE + "/edit", view_func=playlists.edit, methods=["POST"])
playlists_blueprint.add_url_rule(ONE + "/delete", view_func=playlists.delete, methods=["POST"])
playlists_blueprint.add_url_rule(ONE + "/export.m3u8", view_func=playlists.export, methods=["GET"])
playlists_blueprint.add_url_rule(ONE + "/songs", view_func=playlists.add_song, methods=["POST"])
playlists_blueprint.add_url_rule(ENTRY + "/remove", view_func=playlists.remove_entry, methods=["POST"])
playlists_blueprint.add_url_rule(ENTRY + "/move", view_func=playlists.move_entry, methods=["POST"])
playlists_blueprint.add_url_rule("/songs/<objectid:song_id>/add-to-playlist", view_func=playlists.choose)

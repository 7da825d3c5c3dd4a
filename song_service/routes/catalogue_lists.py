"""``/api/album-lists``, ``/api/song-lists`` and ``/api/catalogue/everything``: the catalogue as the Subsonic
API lists it."""
from flask import Blueprint

from song_service.controllers import catalogue_lists

ALBUM_LISTS = "newest,random,frequent,recent,alphabetical_by_name,alphabetical_by_artist,by_year,by_genre"

catalogue_lists_blueprint = Blueprint("catalogue_lists", __name__, url_prefix="/api")
catalogue_lists_blueprint.add_url_rule(f"/album-lists/<any({ALBUM_LISTS}):kind>",
                                       view_func=catalogue_lists.album_list, methods=["GET"])
catalogue_lists_blueprint.add_url_rule("/song-lists/random", view_func=catalogue_lists.random_songs, methods=["GET"])
catalogue_lists_blueprint.add_url_rule("/song-lists/by-genre", view_func=catalogue_lists.songs_by_genre,
                                       methods=["GET"])
catalogue_lists_blueprint.add_url_rule("/catalogue/everything/<any(songs,albums,artists):kind>",
                                       view_func=catalogue_lists.everything_page, methods=["GET"])

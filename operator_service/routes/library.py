"""The listener's pages: home, search and a page per song."""
from flask import Blueprint

from operator_service.controllers import library

library_blueprint = Blueprint("library", __name__)
library_blueprint.add_url_rule("/", view_func=library.home)
library_blueprint.add_url_rule("/library", view_func=library.your_library)
library_blueprint.add_url_rule("/search", view_func=library.search)
library_blueprint.add_url_rule("/search/live", view_func=library.live_search)
library_blueprint.add_url_rule("/songs/<objectid:song_id>", view_func=library.song)

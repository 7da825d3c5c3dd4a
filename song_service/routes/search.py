"""``/api/search``: grouped results for the search box."""
from flask import Blueprint

from song_service.controllers import search

search_blueprint = Blueprint("search", __name__, url_prefix="/api/search")
search_blueprint.add_url_rule("", view_func=search.grouped, methods=["GET"])

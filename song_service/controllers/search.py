"""One search box: songs, artists and albums matching every word typed, grouped and ranked."""
from flask import current_app, jsonify, request

from common.api import bounded_int
from song_service.middleware.roles import people_only
from song_service.models.search import query as search
from song_service.models.search.terms import MAX_QUERY_LENGTH


@people_only
def grouped():
    cap = current_app.config["SEARCH_MAX_RESULTS"]
    query = request.args.get("q", "")[:MAX_QUERY_LENGTH]
    results = search.search_all(
        query, bounded_int("songs", 20, 1, cap), bounded_int("artists", 8, 1, cap), bounded_int("albums", 8, 1, cap),
    )
    return jsonify(query=query, **results)

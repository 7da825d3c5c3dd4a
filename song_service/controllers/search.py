"""One search box: songs, artists and albums matching every word typed, grouped and ranked; each group can be
paged with ``song_offset``, ``artist_offset`` and ``album_offset`` (0 to 1,000: no group goes past its 1,000th
hit, and a page beyond that is empty)."""
from flask import current_app, jsonify, request

from common.api import bounded_int
from song_service.middleware.roles import people_only
from song_service.models.search import query as search
from song_service.models.search.terms import MAX_QUERY_LENGTH


@people_only
def grouped():
    cap = current_app.config["SEARCH_MAX_RESULTS"]
    query = request.args.get("q", "")[:MAX_QUERY_LENGTH]
    # Offsets go up to search.MAX_RANKED; a window past it is empty rather than an error.
    offsets = {f"{group}_offset": bounded_int(f"{group}_offset", 0, 0, search.MAX_RANKED)
               for group in ("song", "artist", "album")}
    results = search.search_all(
        query, bounded_int("songs", 20, 1, cap), bounded_int("artists", 8, 1, cap), bounded_int("albums", 8, 1, cap),
        **offsets,
    )
    return jsonify(query=query, **results)

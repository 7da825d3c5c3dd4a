"""Stars and ratings (the Subsonic API's star, setRating, getStarred and "highest" lists). The listener always
comes from the caller's token, so nobody reads or changes another's."""
from flask import g, jsonify, request
from werkzeug.exceptions import BadRequest

from common.api import bounded_int, json_object
from common.ids import parse_object_id
from song_service.middleware.roles import people_only
from song_service.models.library import annotation as annotations

LIST_MAX = 500
# Pages are read with skip, which walks the skipped index entries: far enough for any listener's stars.
OFFSET_MAX = 100_000
LISTED_KINDS = ("album", "artist")
PLURAL = {"album": "albums", "artist": "artists"}


def _shown(kind, target_id, state):
    starred_at, rating = state
    return {"kind": kind, "id": str(target_id), "starred_at": starred_at, "rating": rating}


def _starred(body):
    if "starred" not in body:
        return None
    if not isinstance(body["starred"], bool):
        raise BadRequest("starred must be true or false.")
    return body["starred"]


def _rating(body):
    if "rating" not in body:
        return None
    rating = body["rating"]
    if isinstance(rating, bool) or not isinstance(rating, int) or not 0 <= rating <= annotations.MAX_RATING:
        raise BadRequest(f"rating must be a whole number from 0 to {annotations.MAX_RATING} (0 removes it).")
    return rating


@people_only
def annotate(kind, target_id):
    body = json_object()
    starred, rating = _starred(body), _rating(body)
    if starred is None and rating is None:
        raise BadRequest("Send starred (true or false), rating (0 to 5), or both.")
    state = annotations.annotate(g.caller.user_id, kind, target_id, starred=starred, rating=rating)
    return jsonify(_shown(kind, target_id, state))


@people_only
def lookup():
    """The stars and ratings of one page of songs, albums or artists in one call."""
    body = json_object()
    kind, ids = body.get("kind"), body.get("ids")
    if kind not in annotations.KINDS:
        raise BadRequest(f"kind must be one of {', '.join(annotations.KINDS)}.")
    if not isinstance(ids, list) or len(ids) > annotations.MAX_LOOKUP:
        raise BadRequest(f"ids must be a list of at most {annotations.MAX_LOOKUP:,} ids.")
    parsed = [parse_object_id(target_id) if isinstance(target_id, str) else None for target_id in ids]
    if None in parsed:
        raise BadRequest(f"ids must be {kind} ids.")
    found = annotations.lookup(g.caller.user_id, kind, parsed)
    return jsonify(annotations={str(target_id): {"starred_at": starred_at, "rating": rating}
                                for target_id, (starred_at, rating) in found.items()})


def _listed_kind():
    kind = request.args.get("kind")
    if kind not in LISTED_KINDS:
        raise BadRequest(f"kind must be one of {', '.join(LISTED_KINDS)}.")
    return kind


def _window():
    return bounded_int("offset", 0, 0, OFFSET_MAX), bounded_int("limit", 100, 1, LIST_MAX)


@people_only
def starred():
    kind = _listed_kind()
    offset, limit = _window()
    return jsonify({PLURAL[kind]: annotations.starred(g.caller.user_id, kind, offset, limit)})


@people_only
def rated():
    kind = _listed_kind()
    offset, limit = _window()
    return jsonify({PLURAL[kind]: annotations.rated(g.caller.user_id, kind, offset, limit)})

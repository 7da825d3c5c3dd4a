"""Which stored audio files and covers songs still use: asked by media_service's storage sweeper, so that
it removes only what no song needs, without reading this service's database."""
from flask import jsonify
from werkzeug.exceptions import BadRequest

from common.api import json_object
from common.ids import parse_object_id
from song_service.middleware.roles import services_only
from song_service.models.catalogue import song_lookup

MAX_IDS_PER_ASK = 1000


def _ids(body, field):
    values = body.get(field, [])
    if not isinstance(values, list) or len(values) > MAX_IDS_PER_ASK:
        raise BadRequest(f"{field} must be a list of at most {MAX_IDS_PER_ASK} ids.")
    parsed = [parse_object_id(value) if isinstance(value, str) else None for value in values]
    if None in parsed:
        raise BadRequest(f"{field} must hold ids only.")
    return parsed


@services_only
def referenced():
    body = json_object()
    audio, covers = song_lookup.referenced_media(_ids(body, "audio_ids"), _ids(body, "cover_ids"))
    return jsonify(audio_ids=sorted(str(i) for i in audio), cover_ids=sorted(str(i) for i in covers))

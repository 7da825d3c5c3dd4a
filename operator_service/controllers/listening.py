"""Recording plays from the player, and the "Recently played" page."""
from flask import render_template
from flask_login import login_required
from werkzeug.exceptions import BadRequest

from common.api import json_object
from common.ids import parse_object_id
from operator_service.controllers.page_context import page_context
from operator_service.models import listening


@login_required
def record_play():
    """Called by the player once a song has played for half its length or four minutes."""
    song_id = parse_object_id(json_object().get("song_id"))
    if song_id is None:
        raise BadRequest("song_id must be a song's id.")
    listening.record_play(song_id)
    return "", 204


@login_required
def recent():
    plays = listening.recent_plays()
    songs = [play["song"] for play in plays]
    page_context(songs)
    return render_template("listening/recent.html", plays=plays, songs=songs)

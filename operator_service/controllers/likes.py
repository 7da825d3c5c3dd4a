"""The heart on every song, and the Liked Songs page."""
from flask import render_template, request, url_for
from flask_login import login_required

from common.errors import wants_json
from common.ids import parse_object_id
from operator_service.controllers.action_replies import done
from operator_service.controllers.page_context import page_context
from operator_service.models import likes
from operator_service.template_helpers.library import remember_liked


@login_required
def liked():
    before = request.args.get("before")
    page = likes.liked_songs(before=before if parse_object_id(before) else None)
    song_ids = [song["id"] for song in page["songs"]]
    remember_liked(song_ids, song_ids)  # every song here is liked: no lookup
    page_context(page["songs"])
    return render_template("likes/liked.html", songs=page["songs"], count=page["count"],
                           next_before=page["next_before"])


@login_required
def toggle(song_id):
    """``liked=true`` likes the song, ``liked=false`` stops liking it; either is safe to repeat."""
    wanted = request.form.get("liked", "true") != "false"
    if wanted:
        likes.like(song_id)
    else:
        likes.unlike(song_id)
    if wants_json():
        return {"song_id": str(song_id), "liked": wanted}
    return done("Added to Liked Songs." if wanted else "Removed from Liked Songs.",
                 url_for("library.song", song_id=song_id))

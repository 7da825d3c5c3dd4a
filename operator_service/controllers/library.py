"""What a listener browses: the newest songs, search results and a page per song."""
from flask import render_template, request
from flask_login import login_required

from common.ids import parse_object_id
from operator_service.models import catalogue, listening

MAX_QUERY_LENGTH = 200


@login_required
def home():
    before = request.args.get("before")
    page = catalogue.recent_songs(before=before if parse_object_id(before) else None)
    most_played = [] if before else listening.most_played()
    return render_template(
        "library/home.html", songs=page["songs"], next_before=page["next_before"], most_played=most_played
    )


@login_required
def search():
    query = request.args.get("q", "").strip()[:MAX_QUERY_LENGTH]
    songs = catalogue.search_songs(query) if query else []
    return render_template("library/search.html", query=query, songs=songs)


@login_required
def song(song_id):
    return render_template("library/song.html", song=catalogue.get_song(song_id))

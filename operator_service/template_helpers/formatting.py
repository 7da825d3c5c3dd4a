"""Helpers the templates use: formatting durations, the links the player needs, and this browser's settings."""
import itertools
from datetime import datetime
from email.utils import parsedate_to_datetime

from bson import ObjectId
from flask import g, url_for

from operator_service.controllers.appearance import chosen_theme
from operator_service.controllers.auth import data_saver_on


def format_duration(seconds):
    seconds = int(round(seconds or 0))
    hours, rest = divmod(seconds, 3600)
    minutes, secs = divmod(rest, 60)
    return f"{hours}:{minutes:02d}:{secs:02d}" if hours else f"{minutes}:{secs:02d}"


def short_date(value):
    """A backend's date (ISO 8601, as common/ids.py writes dates, or RFC 1123) as "6 Dec 2026"; empty when
    there is none."""
    if not value:
        return ""
    try:
        moment = datetime.fromisoformat(str(value))
    except ValueError:
        try:
            moment = parsedate_to_datetime(str(value))
        except (TypeError, ValueError):
            return ""
    return f"{moment.day} {moment:%b %Y}"


def song_media(song):
    """The URLs and texts the player needs for a song, for data- attributes."""
    return {
        "id": song["id"],
        "title": song["title"],
        "artist": song.get("artist") or "",
        "album": song.get("album") or "",
        # Its own URL, so that a browser never plays a cached full-quality copy for the data saver's.
        "src": url_for("player.audio", audio_id=song["audio_id"], quality="saver" if data_saver_on() else None),
        "cover": url_for("player.cover", cover_id=song["cover_id"], size="thumb") if song.get("cover_id") else "",
        "duration": song.get("duration") or 0,
        "url": url_for("library.song", song_id=song["id"]),
    }


def request_key():
    """A new key for a form that creates something: sent again with the same form, it creates nothing
    twice (song_service takes it as the new playlist's or entry's id)."""
    return str(ObjectId())


def element_id(prefix):
    """An id unique within this page, for markup repeated per song: the same song can be in two lists."""
    if "element_ids" not in g:
        g.element_ids = itertools.count(1)
    return f"{prefix}-{next(g.element_ids)}"


def init_template_helpers(app):
    app.add_template_filter(format_duration, "duration")
    app.add_template_filter(short_date, "short_date")
    app.add_template_global(song_media)
    app.add_template_global(request_key)
    app.add_template_global(element_id)
    app.add_template_global(chosen_theme)

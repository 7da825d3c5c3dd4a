"""Stars, ratings, scrobbles and the saved play queue: the caller's own marks on the library, shared
with the web player (a starred song is a liked song; a scrobble is a play in Recently played)."""
from datetime import datetime, timezone

from flask_login import current_user

from operator_service.models import annotations, likes, listening
from operator_service.models import play_queue as queues
from operator_service.models.backend import BackendRejected
from operator_service.subsonic import entities, ids, listing, params
from operator_service.subsonic.protocol import GENERIC, SubsonicError, missing, not_found, respond

MAX_CLIENT_NAME = 64
# The most songs a saved queue holds (song_service's limit).
MAX_QUEUE = 1_000


def _targets():
    """``[(kind, catalogue id)]`` from ``id`` (a song, or an album or artist for apps that browse by
    folder), ``albumId`` and ``artistId``."""
    kinds = {ids.SONG: "song", ids.ALBUM: "album", ids.ARTIST: "artist"}
    targets = []
    for value in params.repeated("id"):
        kind = ids.kind_of(value)
        if kind not in kinds:
            raise not_found("Song")
        targets.append((kinds[kind], ids.parse(value, kind)))
    targets += [("album", ids.parse(value, ids.ALBUM)) for value in params.repeated("albumId")]
    targets += [("artist", ids.parse(value, ids.ARTIST)) for value in params.repeated("artistId")]
    if not targets:
        raise missing("id, albumId or artistId")
    return targets


def _marking(call, kind):
    try:
        return call()
    except BackendRejected as rejected:
        if rejected.code in (400, 404):
            raise not_found(kind.capitalize()) from None
        raise


def _star(starred):
    for kind, target_id in _targets():
        if kind == "song":
            _marking(lambda: likes.like(target_id) if starred else likes.unlike(target_id), kind)
        else:
            _marking(lambda: annotations.annotate(kind, target_id, starred=starred), kind)
    return respond()


def star():
    return _star(True)


def unstar():
    return _star(False)


def set_rating():
    subsonic_id = params.text("id", required=True)
    rating = params.integer("rating", required=True)
    if not 0 <= rating <= 5:
        raise SubsonicError(GENERIC, "rating must be from 1 to 5, or 0 to remove it.")
    kind = {ids.SONG: "song", ids.ALBUM: "album", ids.ARTIST: "artist"}.get(ids.kind_of(subsonic_id))
    if kind is None:
        raise not_found("Song")
    target_id = ids.parse(subsonic_id, ids.kind_of(subsonic_id))
    _marking(lambda: annotations.annotate(kind, target_id, rating=rating), kind)
    return respond()


def _client_name():
    return (params.text("c") or "app")[:MAX_CLIENT_NAME]


def scrobble():
    """``submission=true`` (the default) counts a play of each song, at its ``time``; ``false`` says what is
    playing now and counts nothing."""
    song_ids = [ids.parse(value, ids.SONG) for value in params.repeated("id")]
    if not song_ids:
        raise missing("id")
    times = params.repeated("time")
    if times and len(times) != len(song_ids):
        raise SubsonicError(GENERIC, "Give one time for each id, or none.")
    try:
        played_at = [int(value) for value in times] if times else [None] * len(song_ids)
    except ValueError:
        raise SubsonicError(GENERIC, "time must be milliseconds since 1970.") from None
    submission = params.boolean("submission", True)
    for song_id, when in zip(song_ids, played_at):
        if not submission:
            _marking(lambda song_id=song_id: queues.playing_now(song_id, _client_name()), "song")
            continue
        try:
            listening.record_play(song_id, played_at_ms=when)
        except BackendRejected as rejected:
            if rejected.code == 429:
                continue  # counted a moment ago, by this app or the web player: a play counts once
            if rejected.code in (400, 404):
                raise not_found("Song") from None
            raise
    return respond()


def _queue_body(saved, by_index):
    songs = listing.songs(saved["songs"])
    body = {"username": current_user.username, "position": int(saved.get("position_ms") or 0),
            "changed": entities.iso(saved.get("changed_at") or datetime.now(timezone.utc)),
            "changedBy": saved.get("changed_by") or "", "entry": songs}
    current_index = saved.get("current_index")
    if songs and current_index is not None and 0 <= current_index < len(songs):
        if by_index:
            body["currentIndex"] = current_index
        else:
            body["current"] = songs[current_index]["id"]
    return body


def get_play_queue():
    saved = queues.saved_queue()
    if not saved["song_ids"]:
        return respond()  # no queue saved: the protocol's empty answer
    return respond({"playQueue": _queue_body(saved, by_index=False)})


def get_play_queue_by_index():
    saved = queues.saved_queue()
    if not saved["song_ids"]:
        return respond()
    return respond({"playQueueByIndex": _queue_body(saved, by_index=True)})


def _queued_song_ids():
    return [ids.parse(value, ids.SONG) for value in params.repeated("id", MAX_QUEUE)]


def _save(song_ids, current_index):
    position = params.integer("position", 0, minimum=0)
    try:
        queues.save_queue(song_ids, current_index, position, _client_name())
    except BackendRejected as rejected:
        if rejected.code in (400, 404):
            raise SubsonicError(GENERIC, rejected.description) from None
        raise
    return respond()


def save_play_queue():
    song_ids = _queued_song_ids()
    current = params.text("current")
    if not song_ids:
        return _save([], None)
    if current is None:
        current_index = 0
    else:
        current_id = ids.parse(current, ids.SONG)
        if current_id not in song_ids:
            raise SubsonicError(GENERIC, "current must be one of the queue's songs.")
        current_index = song_ids.index(current_id)
    return _save(song_ids, current_index)


def save_play_queue_by_index():
    song_ids = _queued_song_ids()
    current_index = params.integer("currentIndex")
    if not song_ids:
        if current_index is not None:
            raise SubsonicError(GENERIC, "currentIndex needs the queue's songs (id).")
        return _save([], None)
    if current_index is None:
        raise missing("currentIndex")
    if not 0 <= current_index < len(song_ids):
        raise SubsonicError(10, f"currentIndex must be from 0 to {len(song_ids) - 1}.")
    return _save(song_ids, current_index)

"""Media: songs to stream or download, with HTTP Range (apps seek with it), and covers at a size.

A stream is the original, byte for byte, unless the app asks for another format or less: then the stored
data-saver rendition (Opus, 96 kbps) when it fits, otherwise a conversion media_service makes while it
streams. Streaming never counts a play; only ``scrobble`` does.
"""
from urllib.parse import quote

from operator_service.controllers import player
from operator_service.models import catalogue, playlists
from operator_service.models.backend import BackendRejected
from operator_service.subsonic import entities, ids, params
from operator_service.subsonic.protocol import GENERIC, SubsonicError, not_found

# What media_service converts to while streaming (its live_conversion.FORMATS); "" lets it choose: the
# data-saver rendition when it fits, else MP3, which every app plays.
CONVERTED_FORMATS = ("", "mp3", "aac", "opus")
MAX_OFFSET_SECONDS = 24 * 3600
# The sizes media_service keeps of each cover (cover_sizes.SIZES): an asked size gets the smallest that
# is at least as large, or the original.
COVER_SIZES = (("thumb", 360), ("large", 640))


def _song(song_id):
    try:
        return catalogue.get_song(song_id)
    except BackendRejected as rejected:
        if rejected.code in (400, 404):
            raise not_found("Song") from None
        raise


def _plays_as_it_is(song, asked_format, max_kbps, offset):
    """Whether the original answers the request: it is what was asked for, within the bit-rate limit, from
    its start (a stream that starts later is a conversion; the original seeks with Range)."""
    original_kbps = (song.get("bitrate") or 0) // 1000
    within_limit = not max_kbps or (original_kbps and max_kbps >= original_kbps)
    if asked_format == "raw":
        return True
    if offset:
        return False
    if asked_format == "":
        return within_limit
    return asked_format == entities.suffix_of(song) and within_limit


def stream():
    """The original, byte for byte, unless the app asks for another format or a lower bit rate: then the
    stored data-saver rendition when it fits, otherwise a conversion made while it streams, from
    ``timeOffset`` seconds (the transcodeOffset extension)."""
    song = _song(params.object_id("id", ids.SONG))
    asked_format = (params.text("format") or "").strip().lower()
    max_kbps = params.integer("maxBitRate", 0, minimum=0, maximum=100_000)
    offset = params.integer("timeOffset", 0, minimum=0, maximum=MAX_OFFSET_SECONDS)
    estimate = params.boolean("estimateContentLength")
    if _plays_as_it_is(song, asked_format, max_kbps, offset):
        return player.relay_media(song["audio_id"], {"original": "1"})
    if asked_format not in CONVERTED_FORMATS:
        raise SubsonicError(GENERIC, f"This server streams songs as uploaded (format=raw) or converted to "
                                     f"{', '.join(CONVERTED_FORMATS)}; not to {asked_format}.")
    conversion = {"format": asked_format, "kbps": max_kbps, "offset": offset}
    if estimate:
        conversion.update(estimate="1", duration=song.get("duration") or 0)
    try:
        return player.relay_converted_audio(song["audio_id"], conversion)
    except BackendRejected as rejected:
        if rejected.code == 429:
            raise SubsonicError(GENERIC, rejected.description) from None
        raise


def download():
    song = _song(params.object_id("id", ids.SONG))
    response = player.relay_media(song["audio_id"], {"original": "1"})
    name = song.get("filename") or f"{song.get('title') or 'song'}.bin"
    response.headers["Content-Disposition"] = f"attachment; filename*=UTF-8''{quote(name, safe='')}"
    return response


def _cover_id(subsonic_id):
    kind = ids.kind_of(subsonic_id)
    try:
        if kind == ids.COVER:
            return ids.parse(subsonic_id, ids.COVER)
        if kind == ids.SONG:
            return catalogue.get_song(subsonic_id).get("cover_id")
        if kind == ids.ALBUM:
            return catalogue.get_album(ids.parse(subsonic_id, ids.ALBUM))["album"].get("cover_id")
        if kind == ids.ARTIST:
            return catalogue.get_artist(ids.parse(subsonic_id, ids.ARTIST))["artist"].get("cover_id")
        if kind == ids.PLAYLIST:
            covers = playlists.get_playlist(ids.parse(subsonic_id, ids.PLAYLIST), limit=1).get("covers") or []
            return covers[0] if covers else None
    except BackendRejected as rejected:
        if rejected.code not in (400, 404):
            raise
    return None


def get_cover_art():
    cover_id = _cover_id(params.text("id", required=True))
    if not cover_id:
        raise not_found("Cover art")
    size = params.integer("size", 0, minimum=0)
    named = next((name for name, pixels in COVER_SIZES if size and size <= pixels), None)
    return player.relay_cover(cover_id, named)

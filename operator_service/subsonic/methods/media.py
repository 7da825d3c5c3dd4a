"""Media: songs to stream or download, with HTTP Range (apps seek with it), and covers at a size.

A stream is the original, byte for byte, unless the app asks for less: then the stored data-saver
rendition (Opus, 96 kbps) when it fits. Streaming never counts a play; only ``scrobble`` does.
"""
from urllib.parse import quote

from operator_service.controllers import player
from operator_service.models import catalogue, playlists
from operator_service.models.backend import BackendRejected
from operator_service.subsonic import ids, params
from operator_service.subsonic.protocol import GENERIC, SubsonicError, not_found

# The data-saver rendition's bit rate (media_service's renditions.SAVER_OPUS_BITRATE), in kbps.
SAVER_KBPS = 96
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


def _stream_choice(song):
    """``{"original": "1"}`` or ``{"quality": "saver"}``: what media_service should send for this request."""
    asked_format = (params.text("format") or "").strip().lower()
    max_kbps = params.integer("maxBitRate", 0, minimum=0)
    if asked_format in ("", "raw") and not max_kbps:
        return {"original": "1"}
    original_kbps = (song.get("bitrate") or 0) // 1000
    if asked_format in ("", "raw") and original_kbps and max_kbps >= original_kbps:
        return {"original": "1"}  # the original already fits the limit
    if asked_format in ("", "raw", "opus") and (not max_kbps or max_kbps >= SAVER_KBPS):
        return {"quality": "saver"}
    if asked_format == "raw":
        return {"original": "1"}
    raise SubsonicError(GENERIC, f"This server streams songs as they were uploaded (format=raw) or as Opus at "
                                 f"{SAVER_KBPS} kbps (format=opus, maxBitRate {SAVER_KBPS} or more); "
                                 f"it cannot convert to {asked_format or f'{max_kbps} kbps'}.")


def stream():
    song = _song(params.object_id("id", ids.SONG))
    params.integer("timeOffset", 0, minimum=0)
    params.boolean("estimateContentLength")
    return player.relay_media(song["audio_id"], _stream_choice(song))


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

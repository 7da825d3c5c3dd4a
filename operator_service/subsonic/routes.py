"""``/rest/<method>`` and ``/rest/<method>.view``, by GET or form POST: every method of the protocol, and
the protocol's own errors for everything else (never an HTML page)."""
import logging

from flask import Blueprint, request
from flask_login import current_user
from werkzeug.exceptions import HTTPException

from operator_service.models.backend import BackendRejected, BackendUnavailable
from operator_service.subsonic import credentials
from operator_service.subsonic.methods import annotation, browsing, lists, lyrics, media, playlists, search, system
from operator_service.subsonic.protocol import (
    GENERIC,
    MISSING_PARAMETER,
    NOT_AUTHORIZED,
    NOT_FOUND,
    SubsonicError,
    respond,
    respond_error,
)

log = logging.getLogger(__name__)

subsonic_blueprint = Blueprint("subsonic", __name__, url_prefix="/rest")

METHODS = {
    "ping": system.ping, "getLicense": system.get_license, "tokenInfo": system.token_info,
    "getOpenSubsonicExtensions": system.get_open_subsonic_extensions, "getUser": system.get_user,
    "getUsers": system.get_users, "getMusicFolders": system.get_music_folders,
    "getScanStatus": system.get_scan_status,
    "getArtists": browsing.get_artists, "getArtist": browsing.get_artist, "getAlbum": browsing.get_album,
    "getSong": browsing.get_song, "getGenres": browsing.get_genres, "getTopSongs": browsing.get_top_songs,
    "getArtistInfo": browsing.get_artist_info, "getArtistInfo2": browsing.get_artist_info2,
    "getAlbumInfo": browsing.get_album_info2, "getAlbumInfo2": browsing.get_album_info2,
    "getIndexes": browsing.get_indexes, "getMusicDirectory": browsing.get_music_directory,
    "getAlbumList": lists.get_album_list, "getAlbumList2": lists.get_album_list2,
    "getRandomSongs": lists.get_random_songs, "getSongsByGenre": lists.get_songs_by_genre,
    "getStarred": lists.get_starred, "getStarred2": lists.get_starred2, "getNowPlaying": lists.get_now_playing,
    "search2": search.search2, "search3": search.search3,
    "stream": media.stream, "download": media.download, "getCoverArt": media.get_cover_art,
    "getLyrics": lyrics.get_lyrics, "getLyricsBySongId": lyrics.get_lyrics_by_song_id,
    "getPlaylists": playlists.get_playlists, "getPlaylist": playlists.get_playlist,
    "createPlaylist": playlists.create_playlist, "updatePlaylist": playlists.update_playlist,
    "deletePlaylist": playlists.delete_playlist,
    "star": annotation.star, "unstar": annotation.unstar, "setRating": annotation.set_rating,
    "scrobble": annotation.scrobble, "getPlayQueue": annotation.get_play_queue,
    "savePlayQueue": annotation.save_play_queue, "getPlayQueueByIndex": annotation.get_play_queue_by_index,
    "savePlayQueueByIndex": annotation.save_play_queue_by_index,
}
# Answered before anyone signs in: apps ask what the server supports before they know how to sign in.
WITHOUT_SIGN_IN = {"getOpenSubsonicExtensions"}
# The protocol's account management: admins do it in the admin console, which records who did what.
USER_ADMINISTRATION = {"createUser", "updateUser", "deleteUser", "changePassword"}
# Features this server does not have, whose lists are truthfully empty: apps call them while syncing
# and treat an error as a broken server.
EMPTY_LISTS = {
    "getPodcasts": {"podcasts": {"channel": []}}, "getNewestPodcasts": {"newestPodcasts": {"episode": []}},
    "getInternetRadioStations": {"internetRadioStations": {"internetRadioStation": []}},
    "getBookmarks": {"bookmarks": {"bookmark": []}}, "getShares": {"shares": {"share": []}},
    "getSimilarSongs": {"similarSongs": {"song": []}}, "getSimilarSongs2": {"similarSongs2": {"song": []}},
    "getVideos": {"videos": {"video": []}}, "getChatMessages": {"chatMessages": {"chatMessage": []}},
}
MAX_METHOD_NAME = 64


def _method_name(path):
    name = path[:-5] if path.endswith(".view") else path
    return name[:MAX_METHOD_NAME]


def dispatch(path):
    name = _method_name(path)
    if request.method not in ("GET", "POST", "HEAD"):
        raise SubsonicError(GENERIC, "Call the API by GET, or by POST with a form-encoded body.")
    handler = METHODS.get(name)
    if name in WITHOUT_SIGN_IN:
        return handler()
    if handler is None and name not in USER_ADMINISTRATION and name not in EMPTY_LISTS:
        raise SubsonicError(NOT_FOUND, f"This server has no method called {name!r}.")
    credentials.sign_in()
    if name in USER_ADMINISTRATION:
        if not current_user.is_admin:
            raise SubsonicError(NOT_AUTHORIZED, "Only admins manage accounts.")
        raise SubsonicError(GENERIC, "Accounts are managed in the admin console of the web player, not through "
                                     "this API.")
    if name in EMPTY_LISTS:
        return respond(EMPTY_LISTS[name])
    return handler()


subsonic_blueprint.add_url_rule("/<path:path>", view_func=dispatch,
                                methods=["GET", "POST", "HEAD", "PUT", "PATCH", "DELETE", "OPTIONS"])


def init_subsonic_errors(app):
    """What no route of the API matches (``/rest``, ``/rest//x``) answers in the protocol too, never with the
    site's HTML error page: wraps the app's handler for HTTP errors, which the blueprint's do not reach."""
    handlers = app.error_handler_spec[None][None]
    site_handler = handlers[HTTPException]

    def handle(error):
        prefix = subsonic_blueprint.url_prefix
        if request.path == prefix or request.path.startswith(prefix + "/"):
            return _http_error(error) if error.code != 404 else respond_error(
                SubsonicError(NOT_FOUND, "This server has no such method."))
        return site_handler(error)

    app.register_error_handler(HTTPException, handle)


@subsonic_blueprint.errorhandler(SubsonicError)
def _protocol_error(error):
    return respond_error(error)


@subsonic_blueprint.errorhandler(BackendRejected)
def _rejected(error):
    code = {404: NOT_FOUND, 403: NOT_AUTHORIZED}.get(error.code, GENERIC)
    return respond_error(SubsonicError(code, error.description))


@subsonic_blueprint.errorhandler(BackendUnavailable)
def _unavailable(error):
    return respond_error(SubsonicError(GENERIC, error.description))


@subsonic_blueprint.errorhandler(HTTPException)
def _http_error(error):
    code = MISSING_PARAMETER if error.code == 400 else GENERIC
    return respond_error(SubsonicError(code, error.description or error.name))


@subsonic_blueprint.errorhandler(Exception)
def _unexpected(error):
    log.exception("a Subsonic API request failed")
    response = respond_error(SubsonicError(GENERIC, "Something went wrong on the server; it has been logged."))
    response.status_code = 500
    return response

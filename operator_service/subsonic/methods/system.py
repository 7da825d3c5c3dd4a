"""System and users: what apps ask first, to learn what the server is and who they are."""
from flask_login import current_user

from operator_service.models import accounts
from operator_service.subsonic import ids, params
from operator_service.subsonic.protocol import NOT_AUTHORIZED, SubsonicError, respond

# What this server does beyond Subsonic 1.16.1, exactly as far as it works.
EXTENSIONS = (
    ("apiKeyAuthentication", [1]),
    ("formPost", [1]),
    ("transcodeOffset", [1]),
    ("indexBasedQueue", [1]),
    ("songLyrics", [1]),
)


def ping():
    return respond()


def get_license():
    return respond({"license": {"valid": True}})


def get_open_subsonic_extensions():
    return respond({"openSubsonicExtensions": [{"name": name, "versions": versions}
                                               for name, versions in EXTENSIONS]})


def token_info():
    return respond({"tokenInfo": {"username": current_user.username}})


def _user(account):
    is_admin = account["role"] == "admin"
    return {
        "username": account["username"], "scrobblingEnabled": True, "adminRole": is_admin,
        "settingsRole": True, "downloadRole": True, "uploadRole": is_admin, "playlistRole": True,
        "coverArtRole": is_admin, "commentRole": False, "podcastRole": False, "streamRole": True,
        "jukeboxRole": False, "shareRole": False, "videoConversionRole": False, "folder": [ids.MUSIC_FOLDER_ID],
    }


def get_user():
    username = params.text("username", required=True)
    if username.casefold() == current_user.username.casefold():
        return respond({"user": _user({"username": current_user.username, "role": current_user.role})})
    if not current_user.is_admin:
        raise SubsonicError(NOT_AUTHORIZED, "You may only look up your own account.")
    account = accounts.find_by_username(username)
    if account is None:
        raise SubsonicError(70, "User not found.")
    return respond({"user": _user(account)})


def get_users():
    if not current_user.is_admin:
        raise SubsonicError(NOT_AUTHORIZED, "Only admins may list the accounts.")
    return respond({"users": {"user": [_user(account) for account in accounts.list_accounts()]}})


def get_music_folders():
    return respond({"musicFolders": {"musicFolder": [{"id": ids.MUSIC_FOLDER_ID, "name": ids.MUSIC_FOLDER_NAME}]}})


def get_scan_status():
    # There is no folder to scan: songs join the catalogue as they are uploaded, so a scan is never running.
    return respond({"scanStatus": {"scanning": False}})

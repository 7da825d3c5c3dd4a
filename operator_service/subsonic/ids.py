"""Subsonic ids: opaque strings to apps, each saying what it names, so that an id of the wrong kind is
"not found" and a cover or a directory can be told apart from a song without asking anyone.

A song's id is the catalogue's own; the others carry a prefix: ``al-`` albums, ``ar-`` artists,
``pl-`` playlists, ``co-`` covers. The music folder is ``1``; genres are named, as the protocol does.
"""
from common.ids import parse_object_id
from operator_service.subsonic.protocol import not_found

SONG = ""
ALBUM = "al-"
ARTIST = "ar-"
PLAYLIST = "pl-"
COVER = "co-"
KIND_NAMES = {SONG: "Song", ALBUM: "Album", ARTIST: "Artist", PLAYLIST: "Playlist", COVER: "Cover art"}
MUSIC_FOLDER_ID = 1
MUSIC_FOLDER_NAME = "Music"


def make(kind, object_id):
    return None if object_id in (None, "") else f"{kind}{object_id}"


def kind_of(subsonic_id):
    """The prefix of an id, or None when it is no id of ours."""
    if not isinstance(subsonic_id, str):
        return None
    for kind in (ALBUM, ARTIST, PLAYLIST, COVER):
        if subsonic_id.startswith(kind):
            return kind if parse_object_id(subsonic_id[len(kind):]) else None
    return SONG if parse_object_id(subsonic_id) else None


def parse(subsonic_id, kind):
    """The catalogue id that ``subsonic_id`` names, when it is of ``kind``; "not found" otherwise."""
    if kind_of(subsonic_id) != kind:
        raise not_found(KIND_NAMES[kind])
    return subsonic_id[len(kind):]

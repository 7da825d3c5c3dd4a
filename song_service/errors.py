"""What song_service refuses, and with which HTTP status: the models raise these, controllers let them pass,
and ``middleware.refusals`` answers each as ``{"error": <message>, "status": <code>}`` through the shared
error handler. The message is the one the caller sees, so every raise says it in full."""


class SongServiceError(Exception):
    """A refusal the caller can act on; ``retry_after`` (seconds) becomes a ``Retry-After`` header."""

    retry_after = None


class InvalidSong(SongServiceError):
    """Metadata that cannot be stored: a missing title, a year out of range, and so on."""


class AudioTaken(SongServiceError):
    """Another song already plays this audio file."""


class SongNotFound(SongServiceError):
    """No such song (a like, a play or a playlist named one that is not in the catalogue)."""


class NotInCatalogue(SongServiceError):
    """No such album or artist (one a star or a rating named)."""


class MergeRefused(SongServiceError):
    """An artist or album merge that cannot be done: one of them is missing, or they are the same."""


class InvalidPlaylist(SongServiceError):
    """A playlist's name, description or position that cannot be stored, or an M3U8 file with no songs."""


class UnreadableFile(SongServiceError):
    """An M3U8 file too long, with too long a line, or too slow to read; the message says which."""


class PlaylistNotFound(SongServiceError):
    """No such playlist, or one the caller may not read: its existence is not told."""


class EntryNotFound(SongServiceError):
    """The playlist entry named is no longer in the playlist."""


class NotAllowed(SongServiceError):
    """Only a playlist's owner may change it."""


class PlaylistFull(SongServiceError):
    """A playlist, or a listener's playlists, would go over their limit."""


class PlaylistChanged(SongServiceError):
    """The playlist changed between reading and writing it (a move next to a song since removed, an id taken)."""


class TooSoon(SongServiceError):
    """The listener played this song too recently to have heard it again."""

    def __init__(self, retry_after):
        super().__init__("This song was counted a moment ago: a play counts once per listen.")
        self.retry_after = retry_after


class SearchWarmingUp(SongServiceError):
    """This process's search index is still being built."""

    retry_after = 5

    def __init__(self):
        super().__init__("Search is starting up. Please try again in a few seconds.")


# The one table from refusal to HTTP status.
STATUS = {
    InvalidSong: 400,
    MergeRefused: 400,
    InvalidPlaylist: 400,
    UnreadableFile: 400,
    NotAllowed: 403,
    SongNotFound: 404,
    NotInCatalogue: 404,
    PlaylistNotFound: 404,
    EntryNotFound: 404,
    AudioTaken: 409,
    PlaylistFull: 409,
    PlaylistChanged: 409,
    TooSoon: 429,
    SearchWarmingUp: 503,
}


def status_of(error):
    return STATUS[type(error)]

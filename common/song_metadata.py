"""What a song's metadata may hold: the limits media_service repairs tags to and song_service enforces."""

TEXT_LIMIT = 300
MAX_GENRES = 10
YEARS = (1, 9999)
TRACK_NUMBERS = (0, 9999)
DISC_NUMBERS = (0, 999)
# Audiobooks and DJ mixes run for hours; a week is more than any real recording.
MAX_DURATION_SECONDS = 7 * 24 * 3600
# A song's lyrics: a list of versions (languages, synced or not), each
# ``{"lang": "eng", "synced": bool, "lines": [{"start_ms": int or None, "text": str}]}``, where every line of a
# synced version has its start in milliseconds and no line of an unsynced one has. The versions are bounded
# together, so that a song document stays small: a long opera libretto is about 30,000 characters.
MAX_LYRICS_VERSIONS = 10
MAX_LYRICS_LINES = 2_000
MAX_LYRICS_CHARACTERS = 100_000
# An ISO 639-2 code as ID3 keeps it; "und" (undetermined) when the tag does not say.
UNKNOWN_LANGUAGE = "und"

# What an upload hands from media_service (its answer to POST /api/media) through the operator to
# song_service (POST /api/songs): the tags and technical facts media_service read, and where it stored them.
UPLOADED_SONG_FIELDS = (
    "title", "artist", "album_artist", "album", "genres", "year", "track", "disc", "duration", "bitrate",
    "sample_rate", "content_type", "size", "filename", "audio_id", "cover_id", "tag_repairs", "lyrics",
)

"""What a song's metadata may hold: the limits media_service repairs tags to and song_service enforces."""

TEXT_LIMIT = 300
MAX_GENRES = 10
YEARS = (1, 9999)
TRACK_NUMBERS = (0, 9999)
DISC_NUMBERS = (0, 999)
# Audiobooks and DJ mixes run for hours; a week is more than any real recording.
MAX_DURATION_SECONDS = 7 * 24 * 3600

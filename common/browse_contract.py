"""What the operator and song_service agree on when paging through the catalogue and marking liked songs,
written once."""

# Browse lists are cut by initial: "#" gathers names that do not start with a Latin letter.
LETTERS = "#abcdefghijklmnopqrstuvwxyz"
# A page cursor is an opaque key song_service hands out; anything longer is not one of its own.
MAX_CURSOR_LENGTH = 700
# The most song ids one "which of these do I like?" lookup takes; the operator splits a longer page.
MAX_LIKED_LOOKUP = 1_000

"""What the operator's playlist forms and song_service agree on, written once: how long a name and a
description may be, and how to say where a song moves.

song_service checks every value. The operator's forms use the same limits to show a field's error beside
it (and as the inputs' maxlength); a move it only turns from its form's text into song_service's JSON, and
shows song_service's 400 message when it refuses.
"""
NAME_LENGTH = 100
DESCRIPTION_LENGTH = 1_000

MOVE_FIELDS = ("position", "offset", "before", "after")
# Numbers in a move; before and after name another entry of the playlist (before: null is "to the end").
NUMBER_FIELDS = ("position", "offset", "from_position")


def _number_or_text(text):
    """An integer when the text is one, otherwise the text itself, which song_service refuses by name."""
    try:
        return int(text)
    except (TypeError, ValueError):
        return text


def move_from_form(form):
    """The move a submitted form asks for, as song_service's JSON body: fields kept as sent, numbers as ints.
    An empty ``before`` is "to the end". Nothing is checked here: song_service answers a bad move with 400."""
    move = {}
    for field in MOVE_FIELDS + ("from_position",):
        if field not in form:
            continue
        value = form[field]
        if field in NUMBER_FIELDS:
            move[field] = _number_or_text(value)
        else:
            move[field] = value or None
    return move

"""How to say where a playlist's song moves: the one contract between the operator's forms and song_service.

song_service's ``PATCH``-like move takes exactly one of these fields and checks every value; the operator
only turns its form's text into that JSON shape and shows song_service's 400 message when it refuses.
"""
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

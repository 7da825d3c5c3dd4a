"""The move a playlist form asks for, turned into song_service's JSON without judging it."""
import pytest

from common.playlist_contract import move_from_form


@pytest.mark.parametrize("form, move", [
    ({"offset": "-1", "from_position": "3"}, {"offset": -1, "from_position": 3}),
    ({"offset": "up"}, {"offset": "up"}),
    ({"offset": "9" * 5000}, {"offset": "9" * 5000}),
    ({"before": ""}, {"before": None}),
    ({"after": "e" * 24}, {"after": "e" * 24}),
    ({"position": "0"}, {"position": 0}),
    ({"csrf_token": "x", "next": "/"}, {}),
])
def test_a_form_becomes_the_move_song_service_checks(form, move):
    assert move_from_form(form) == move

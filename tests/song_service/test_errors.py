"""song_service's refusals (song_service/errors.py): each has its status in the one table, and is answered
like any other HTTP error, with the model's message and, when it names one, a Retry-After."""
import pytest

from song_service import errors


def every_refusal(cls=errors.SongServiceError):
    for subclass in cls.__subclasses__():
        yield subclass
        yield from every_refusal(subclass)


def test_every_refusal_has_its_status_in_the_one_table():
    assert set(every_refusal()) == set(errors.STATUS)


@pytest.mark.parametrize("refusal, status, retry_after", [
    (errors.InvalidSong("title is required."), 400, None),
    (errors.NotAllowed("Only the owner can change this playlist."), 403, None),
    (errors.SongNotFound("No such song."), 404, None),
    (errors.PlaylistFull("A playlist holds at most 10,000 songs."), 409, None),
    (errors.TooSoon(42), 429, "42"),
    (errors.SearchWarmingUp(), 503, "5"),
])
def test_a_refusal_is_answered_with_its_status_message_and_retry_after(app, refusal, status, retry_after):
    def refuse():
        raise refusal

    app.add_url_rule("/api/refusal", view_func=refuse)
    response = app.test_client().get("/api/refusal")
    assert response.status_code == status
    assert response.json == {"error": str(refusal), "status": status}
    assert response.headers.get("Retry-After") == retry_after

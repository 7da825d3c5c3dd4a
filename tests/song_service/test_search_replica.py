"""How a process's search index follows the change log: late entries, lost ones, rebuilds and readiness."""
import pytest
from bson import ObjectId

from song_service.models.catalogue import counters
from song_service.models.search import change_log
from song_service.models.search import replica as replicas


@pytest.fixture
def add(client, token_for):
    def add_song(title, artist="Someone", album="Something"):
        payload = {"title": title, "artist": artist, "album": album, "audio_id": str(ObjectId())}
        response = client.post("/api/songs", json=payload, headers=token_for("admin"))
        assert response.status_code == 201, response.json
        return response.json

    return add_song


@pytest.fixture
def titles(client, token_for):
    def search(query):
        response = client.get("/api/search", query_string={"q": query}, headers=token_for("listener"))
        assert response.status_code == 200, response.json
        return [song["title"] for song in response.json["songs"]]

    return search


def rename_behind_the_index(app, song, title):
    """Change a song in MongoDB without telling the change log, as a restore or a hand edit would."""
    from song_service.extensions import mongo

    with app.app_context():
        mongo.db.songs.update_one({"_id": ObjectId(song["id"])}, {"$set": {"title": title}})


def test_an_entry_that_lands_after_a_later_one_is_still_applied(app, add, titles):
    song = add("Early Title")
    assert titles("early") == ["Early Title"]
    with app.app_context():
        late_seq = counters.reserve(change_log.SEQUENCE)  # a writer that has reserved its number, not written yet
    add("Later Song")
    assert titles("later") == ["Later Song"]
    rename_behind_the_index(app, song, "Renamed Title")
    with app.app_context():
        from song_service.extensions import mongo

        assert replicas.current_replica().watermark == late_seq - 1  # held at the gap
        mongo.db.search_changes.insert_one({"seq": late_seq, "songs": [ObjectId(song["id"])]})
        replicas.current_replica().catch_up()
        assert replicas.current_replica().watermark == late_seq + 1
    assert titles("renamed") == ["Renamed Title"]


def test_a_number_reserved_and_never_written_holds_nothing_up_for_long(app, add, titles, monkeypatch):
    add("First")
    assert titles("first") == ["First"]
    with app.app_context():
        counters.reserve(change_log.SEQUENCE)  # its writer died
    add("Second")
    assert titles("second") == ["Second"]  # later changes are applied all the same
    monkeypatch.setattr(replicas, "GAP_PATIENCE_SECONDS", 0)
    with app.app_context():
        replicas.current_replica().catch_up()
        assert replicas.current_replica().watermark == change_log.latest_seq()


def test_the_rebuild_command_brings_in_changes_made_behind_the_index(app, add, titles):
    song = add("Before")
    assert titles("before") == ["Before"]
    rename_behind_the_index(app, song, "After")
    assert titles("after") == []
    result = app.test_cli_runner().invoke(args=["rebuild-search-index"])
    assert result.exit_code == 0, result.output
    assert titles("after") == ["After"]
    assert titles("before") == []


def test_not_ready_until_the_index_is_built(app, client, add, titles):
    add("Anything")
    before = client.get("/readyz")
    assert before.status_code == 503 and before.json["failures"] == {"search_index": "unavailable"}
    titles("anything")  # with no follower thread, the first search builds it
    assert client.get("/readyz").status_code == 200


def test_a_search_while_the_follower_thread_builds_is_told_to_retry(app, client, token_for, add, monkeypatch):
    import threading

    from song_service.models.search import index_documents

    add("Slow To Index")
    release = threading.Event()
    every_entry = index_documents.every_entry

    def slow_every_entry():
        release.wait(10)
        yield from every_entry()

    monkeypatch.setattr(index_documents, "every_entry", slow_every_entry)
    monkeypatch.setattr(replicas, "WARM_UP_WAIT_SECONDS", 0.05)
    with app.app_context():
        replica = replicas.current_replica()
    replica.start_following()
    try:
        response = client.get("/api/search", query_string={"q": "slow"}, headers=token_for("listener"))
        assert response.status_code == 503
        assert response.headers["Retry-After"] == "5"
        assert "starting up" in response.json["error"]
        release.set()
        monkeypatch.setattr(replicas, "WARM_UP_WAIT_SECONDS", 10)
        response = client.get("/api/search", query_string={"q": "slow"}, headers=token_for("listener"))
        assert [song["title"] for song in response.json["songs"]] == ["Slow To Index"]
    finally:
        release.set()
        replica.stop_following()


def test_a_search_answers_from_the_index_it_has_when_the_change_log_cannot_be_read(app, add, titles, monkeypatch):
    from pymongo.errors import ServerSelectionTimeoutError

    add("Still Searchable")
    assert titles("still") == ["Still Searchable"]

    def unreachable(*_args, **_kwargs):
        raise ServerSelectionTimeoutError("the database is away")

    monkeypatch.setattr(change_log, "entries_after", unreachable)
    monkeypatch.setattr(replicas, "FOLLOW_SECONDS", 0)  # every search tries to catch up first
    assert titles("still") == ["Still Searchable"]


def test_changes_beyond_a_batch_above_a_gap_are_read_at_once(app, add, titles, monkeypatch):
    """A missing number holds the watermark; the entries after it still arrive, however many there are."""
    add("Before The Gap")
    assert titles("before") == ["Before The Gap"]
    monkeypatch.setattr(replicas, "CATCH_UP_BATCH", 3)
    with app.app_context():
        counters.reserve(change_log.SEQUENCE)  # a writer that has not written yet
    for number in range(5):
        add(f"Beyond Gap {number}")
    assert titles("beyond gap 4") == ["Beyond Gap 4"]
    assert len(titles("beyond")) == 5

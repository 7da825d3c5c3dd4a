"""Every query that search and browse send is planned on an index: none is a collection scan.

The one scan allowed is the search index's build, which reads the whole catalogue once per process on
purpose (models/search/replica.py); it happens before the recording starts.

The queries are not listed by hand: the test records, with pymongo's command monitoring, every find and
aggregate that the search and browse endpoints send while it walks them (each list, each sort, each kind
of cursor, short and long queries), then asks the server to ``explain`` each one. It runs on the dev
database, and on a real MongoDB when ``TEST_MONGO_URI`` points at one.
"""
import json
import threading

import pytest
from bson import ObjectId
from pymongo import monitoring

from scripts.catalogue_generation.synthetic_catalogue import generate
from song_service.app import create_app


class QueryRecorder(monitoring.CommandListener):
    """Keeps the find and aggregate commands sent to one database while ``recording`` is set."""

    def __init__(self):
        self.database = None
        self.commands = []
        self.lock = threading.Lock()

    def started(self, event):
        if event.database_name == self.database and event.command_name in ("find", "aggregate"):
            with self.lock:
                self.commands.append(dict(event.command))

    def succeeded(self, event):
        pass

    def failed(self, event):
        pass


RECORDER = QueryRecorder()
monitoring.register(RECORDER)  # pymongo only tells clients created afterwards; the app's is made lazily


@pytest.fixture
def app(make_service_app, fresh_db_name):
    app = make_service_app(create_app)
    with app.app_context():
        from scripts.catalogue_generation import bulk_load

        bulk_load.load(generate(150, seed=5))
    RECORDER.database = fresh_db_name
    yield app
    RECORDER.database = None


def explain(app, command):
    """The winning plan of a recorded command, as the server explains it."""
    name = "find" if "find" in command else "aggregate"
    keep = ("find", "filter", "sort", "projection", "limit") if name == "find" else ("aggregate", "pipeline")
    query = {key: command[key] for key in keep if key in command}
    if name == "aggregate":
        query["cursor"] = {}
    with app.app_context():
        from song_service.extensions import mongo

        return mongo.db.command("explain", query, verbosity="queryPlanner")


def walk_search_and_browse(client, listener, monkeypatch):
    """Call every search and browse endpoint in each of its modes."""
    from song_service.models.catalogue import song_browse

    def get(path, **params):
        response = client.get(path, query_string=params, headers=listener)
        assert response.status_code == 200, (path, params, response.json)
        return response.json

    for query in ("a", "ro", "love", "the wolves", "beat abb", "Björk", "AC/DC", "1997", "?!"):
        get("/api/search", q=query)
        get("/api/songs/search", q=query)
    songs = get("/api/songs", limit=10)
    get("/api/songs", limit=10, before=songs["next_before"])
    for letter in ("#", "a", "s", "t"):
        page = get("/api/artists", letter=letter, limit=5)
        if page["next_after"]:
            get("/api/artists", letter=letter, limit=5, after=page["next_after"])
    for artist in get("/api/artists", letter="s")["artists"][:3]:
        get(f"/api/artists/{artist['id']}")
    for sort, cursor in (("name", "next_after"), ("year", "next_after"), ("newest", "next_before")):
        page = get("/api/albums", sort=sort, limit=4)
        get("/api/albums", sort=sort, limit=4, **{cursor.removeprefix("next_"): page[cursor]})
        for album in page["albums"][:2]:
            get(f"/api/albums/{album['id']}")
    genres = get("/api/genres", limit=3)
    get("/api/genres", limit=3, after=genres["next_after"])
    for small_genre in (song_browse.SMALL_GENRE, 0):  # read whole, and read in seq windows
        monkeypatch.setattr(song_browse, "SMALL_GENRE", small_genre)
        page = get(f"/api/genres/{genres['genres'][0]['id']}", limit=3)
        get(f"/api/genres/{genres['genres'][0]['id']}", limit=3, before=page["next_before"])


def test_every_search_and_browse_query_is_planned_on_an_index(app, token_for, monkeypatch):
    client = app.test_client()
    with app.app_context():
        from song_service.extensions import mongo

        played = mongo.db.songs.find_one({}, {"_id": 1})["_id"]
        mongo.db.songs.update_one({"_id": played}, {"$set": {"play_count": 70}})
        from song_service.models.search import change_log, replica

        change_log.record(songs=[played])
        replica.current_replica().catch_up()  # the build, and the catching up that follows
    RECORDER.commands.clear()
    walk_search_and_browse(client, token_for("listener"), monkeypatch)
    shapes = {}
    for command in RECORDER.commands:
        shape = json.dumps({k: command.get(k) for k in ("find", "aggregate", "filter", "sort", "pipeline")},
                           default=lambda value: "<id>" if isinstance(value, ObjectId) else str(value), sort_keys=True)
        shapes.setdefault(_without_values(shape), command)
    assert len(shapes) >= 15, "the walk should have sent every kind of query"
    scans = {}
    for shape, command in shapes.items():
        plan = json.dumps(explain(app, command).get("queryPlanner", {}), default=str)
        if "COLLSCAN" in plan:
            scans[shape] = plan
    assert not scans, "collection scans:\n" + "\n".join(f"{shape}\n  {plan}" for shape, plan in scans.items())


def _without_values(shape):
    """A query's shape: its collection, fields and operators, whatever the values compared."""
    def strip(node):
        if isinstance(node, dict):
            return {key: strip(value) for key, value in node.items()}
        if isinstance(node, list):
            return [strip(item) for item in node[:1]]
        return "?"

    document = json.loads(shape)
    return json.dumps({key: (value if key in ("find", "aggregate") else strip(value))
                       for key, value in document.items() if value is not None}, sort_keys=True)

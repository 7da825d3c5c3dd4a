"""Every route of the four services, driven with generated requests: nothing may answer 5xx.

Each example is one request to a route picked from the app's own URL map, with generated path ids
(real ones, unknown ones and junk), query strings, JSON bodies of every type (operator injection such as
``{"$gt": ""}`` included), raw and multipart bodies, malformed Range headers and every kind of caller:
no token, a forged one, a listener, an admin and the operator's service token. The backends run in
process on a fresh database; the operator runs in process against the backends of a real stack, so its
calls go over HTTP as in production.

``make test`` runs FUZZ_EXAMPLES (120) examples per test, the same ones every time; ``make fuzz`` runs new
random ones, enough for 14,000 requests (the Subsonic API with its own strategy: its methods, parameters
and ways of signing in).
"""
import io
import json
import re
import secrets
from urllib.parse import quote

import pytest
from audio_factory import make_audio, make_cover_png
from bson import ObjectId
from fuzz.conftest import FUZZ_EXAMPLES, FUZZ_EXPLORE
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from common.service_tokens import issue_token

FUZZ_SETTINGS = settings(
    max_examples=FUZZ_EXAMPLES, deadline=None, database=None, derandomize=not FUZZ_EXPLORE,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture, HealthCheck.data_too_large],
)

ODD_TEXT = st.one_of(
    st.text(max_size=40),
    st.sampled_from(["", " ", "²", "١٢", "-1", "0", "1e309", "NaN", "9" * 40, "%00", "\x00", "\ud800",
                     "../../etc/passwd", "..%2F..%2Fapi", "<script>alert(1)</script>",
                     "9223372036854775808", "-9223372036854775809", "1" + "0" * 40,
                     "'; drop", "{\"$gt\": \"\"}", "a" * 5000,
                     "/\\evil.example", "\r\nX: y", "null", "true", "[]", "ab - " * 50]),
)
HUGE_INTEGERS = st.sampled_from([2**63, -(2**63) - 1, 2**64, 10**30, 2**1000])
JSON_SCALARS = st.one_of(st.none(), st.booleans(), st.integers(min_value=-(2**70), max_value=2**70), HUGE_INTEGERS,
                         st.floats(allow_nan=False, allow_infinity=False), ODD_TEXT)
JSON_VALUES = st.recursive(
    JSON_SCALARS,
    lambda inner: st.one_of(st.lists(inner, max_size=4),
                            st.dictionaries(st.one_of(ODD_TEXT, st.sampled_from(["$gt", "$ne", "$where"])),
                                            inner, max_size=4)),
    max_leaves=12,
)
RANGES = st.one_of(st.none(), st.sampled_from([
    "bytes=0-", "bytes=-0", "bytes=-1", "bytes=5-2", "bytes=0-1,3-4", "bytes=99999999999-", "bytes=abc",
    "items=0-1", "bytes=--1", "bytes=" + "0-1," * 300, "bytes=1-1", "bytes= 0 - 10",
]), st.text(st.characters(min_codepoint=32, max_codepoint=126), max_size=30))
# Methods no route has: each must be a 405 (or 404), and must not add a metric series.
UNKNOWN_METHODS = st.one_of(st.sampled_from(["PROPFIND", "TRACE", "CONNECT", "BREW", "get"]),
                            st.text("ABCDEFGHIJKLMNOPQRSTUVWXYZ", min_size=3, max_size=12))


def routes_of(app, prefix=""):
    """``(rule, method)`` for every route of the app whose path starts with ``prefix``, HEAD and OPTIONS
    included, and an unknown method for each."""
    found = []
    for rule in app.url_map.iter_rules():
        if rule.endpoint == "static" or not rule.rule.startswith(prefix):
            continue
        for method in sorted(rule.methods):
            found.append((rule, method))
        found.append((rule, None))  # an unknown method, drawn per example
    return found


def url_quoted(text):
    """Percent-encoded UTF-8, lone surrogates included, as a client may send them."""
    return quote(text.encode("utf-8", "surrogatepass"), safe="")


def path_value(draw, converter, known_ids):
    if converter == "objectid":
        return draw(st.one_of(st.sampled_from(known_ids), st.just(str(ObjectId())), ODD_TEXT.filter(bool)))
    return draw(ODD_TEXT.filter(bool))


PLACEHOLDER = re.compile(r"<(?:(\w+)(?:\([^)]*\))?:)?(\w+)>")


@st.composite
def fuzzed_requests(draw, routes, known_ids, field_names):
    rule, method = draw(st.sampled_from(routes))
    if method is None:
        method = draw(UNKNOWN_METHODS)
    path = PLACEHOLDER.sub(lambda m: url_quoted(path_value(draw, m.group(1), known_ids)), rule.rule)
    pairs = draw(st.dictionaries(st.one_of(st.sampled_from(field_names), ODD_TEXT), ODD_TEXT, max_size=4))
    query = "&".join(f"{url_quoted(key)}={url_quoted(value)}" for key, value in pairs.items())
    headers = {}
    if (range_header := draw(RANGES)) is not None:
        headers["Range"] = range_header
    body_kind = draw(st.sampled_from(["none", "json", "raw", "form"])) if method not in ("GET", "HEAD") else "none"
    body = {}
    if body_kind == "json":
        fields = draw(st.dictionaries(st.sampled_from(field_names), JSON_VALUES, max_size=5))
        body["data"] = json.dumps(draw(st.one_of(st.just(fields), JSON_VALUES)))
        body["content_type"] = "application/json"
    elif body_kind == "raw":
        body["data"] = draw(st.binary(max_size=2048))
        body["content_type"] = draw(st.sampled_from(["application/octet-stream", "audio/mpeg", "text/plain",
                                                      "multipart/form-data; boundary=x", "application/json"]))
    elif body_kind == "form":
        # A form field cannot carry a lone surrogate (the test client encodes it as UTF-8); invalid bytes
        # reach the server in the raw bodies above.
        form_text = ODD_TEXT.map(lambda text: text.encode("utf-8", "replace").decode("utf-8"))
        fields = draw(st.dictionaries(st.sampled_from(field_names), form_text, max_size=5))
        if draw(st.booleans()):
            name = draw(st.sampled_from(field_names))
            fields[name] = (io.BytesIO(draw(st.binary(max_size=1024))), draw(form_text) or "f")
        body["data"] = fields
        body["content_type"] = "multipart/form-data"
    return method, path, query, headers, body


def send(client, fuzz_tally, request, auth_headers):
    method, path, query, headers, body = request
    response = client.open(path, method=method, query_string=query, headers={**headers, **auth_headers}, **body)
    fuzz_tally.record(method, path, response.status_code)
    status = response.status_code
    response.close()
    assert status < 500, (method, path, query, headers, str(body)[:300], status, response.get_data()[:300])


# ---- the three backends, in process ------------------------------------------------------------

BACKEND_FIELDS = ["username", "password", "role", "song_id", "song_ids", "entry_id", "name", "description",
                  "public", "position", "offset", "before", "after", "title", "artist", "album", "genres",
                  "year", "track", "duration", "audio_id", "cover_id", "m3u8", "q", "limit", "letter", "sort",
                  "filename", "size", "client", "current_password", "new_password", "ids", "after_id"]


@pytest.fixture(scope="module")
def callers():
    secret = "fuzz-service-secret-" + secrets.token_hex(16)
    user_id = str(ObjectId())

    def bearer(role, uid=None):
        return {"Authorization": "Bearer " + issue_token(secret, uid or user_id, "fuzzer", role)}

    return secret, [
        {}, {"Authorization": "Bearer forged"}, {"Authorization": "Basic abc"},
        {"Authorization": "Bearer " + issue_token("another-secret", user_id, "x", "admin")},
        bearer("listener"), bearer("admin"), bearer("service"), bearer("listener", str(ObjectId())),
    ]


def backend_app(create_app, mongo_uri, database, secret, tmp_path_factory):
    config = {"TESTING": False, "MONGO_URI": mongo_uri, "MONGO_DB_NAME": database, "SECRET_KEY": secret,
              "SERVICE_TOKEN_SECRET": secret, "UPLOAD_TMP_DIR": str(tmp_path_factory.mktemp("fuzz-spool")),
              "UPLOAD_MAX_BYTES": 300_000, "MAX_CONTENT_LENGTH": 400_000}
    return create_app(config)


@pytest.fixture(scope="module")
def backends(mongo_uri, mongo_client, callers, tmp_path_factory):
    """The three backends on fresh databases, each with a few real records whose ids the fuzzer uses."""
    from auth_service.app import create_app as create_auth
    from media_service.app import create_app as create_media
    from song_service.app import create_app as create_song

    secret, _ = callers
    names = {service: f"fuzz_{service}_{secrets.token_hex(4)}" for service in ("auth", "song", "media")}
    apps = {
        "auth": backend_app(create_auth, mongo_uri, names["auth"], secret, tmp_path_factory),
        "song": backend_app(create_song, mongo_uri, names["song"], secret, tmp_path_factory),
        "media": backend_app(create_media, mongo_uri, names["media"], secret, tmp_path_factory),
    }
    admin = {"Authorization": "Bearer " + issue_token(secret, str(ObjectId()), "seed", "admin")}
    service = {"Authorization": "Bearer " + issue_token(secret, "operator", "operator", "service")}
    known = {}
    user = apps["auth"].test_client().post("/api/users", json={"username": "seeded", "password": "correct horse"},
                                           headers=service).json
    known["auth"] = [user["id"]]
    song_file = make_audio(tmp_path_factory.mktemp("fuzz-audio") / "s.mp3", "mp3", seconds=1, title="Seed",
                           artist="Seeder", cover=make_cover_png())
    media = apps["media"].test_client().post("/api/media", query_string={"filename": "s.mp3"},
                                             data=song_file.read_bytes(), headers=admin,
                                             content_type="application/octet-stream").json
    known["media"] = [media["audio_id"], media["cover_id"]]
    song = apps["song"].test_client().post("/api/songs", headers=admin, json={
        "title": "Seed", "artist": "Seeder", "album": "Seeds", "audio_id": media["audio_id"], "duration": 1}).json
    playlist = apps["song"].test_client().post("/api/playlists", headers=admin,
                                               json={"name": "Seeded", "song_ids": [song["id"]]}).json
    known["song"] = [song["id"], playlist["id"], song.get("artist_id") or song["id"],
                     song.get("album_id") or song["id"]]
    with apps["song"].app_context():
        from song_service.models.search import replica

        replica.current_replica().catch_up()  # built, as a worker's is at start; else /readyz rightly answers 503
    yield apps, known
    for name in names.values():
        mongo_client.drop_database(name)


@pytest.mark.parametrize("service", ["auth", "song", "media"])
def test_no_backend_route_answers_5xx(backends, callers, fuzz_tally, service):
    apps, known = backends
    app = apps[service]
    client = app.test_client()
    routes = routes_of(app)

    @FUZZ_SETTINGS
    @given(request=fuzzed_requests(routes, known[service], BACKEND_FIELDS), caller=st.sampled_from(callers[1]))
    def check(request, caller):
        send(client, fuzz_tally, request, caller)

    check()


# ---- the operator, in process, over HTTP to a real stack's backends ------------------------------

OPERATOR_FIELDS = ["username", "password", "confirm", "csrf_token", "song_id", "name", "description", "public",
                   "next", "q", "before", "after", "letter", "sort", "page", "size", "position", "offset",
                   "entry_id", "audio_files", "import-file", "import-name", "current_password", "new_password"]


@pytest.fixture(scope="module")
def operator_clients(stack, tmp_path_factory):
    """The operator's test clients: a visitor, the admin (the stack's first account) and a listener."""
    from operator_service.app import create_app

    config = {
        "TESTING": False, "WTF_CSRF_ENABLED": False,  # past CSRF (tested on its own), into the controllers
        "SECRET_KEY": stack.environment["SECRET_KEY"],
        "SERVICE_TOKEN_SECRET": stack.environment["SERVICE_TOKEN_SECRET"],
        "AUTH_SERVICE_URL": stack.url("auth_service"), "SONG_SERVICE_URL": stack.url("song_service"),
        "MEDIA_SERVICE_URL": stack.url("media_service"), "UPLOAD_MAX_BYTES": 2 * 1024 * 1024,
        "UPLOAD_MAX_FILES": 3, "MAX_CONTENT_LENGTH": 6 * 1024 * 1024,
    }
    app = create_app(config)
    clients = {"visitor": app.test_client(), "admin": app.test_client(), "listener": app.test_client()}
    for name in ("admin", "listener"):
        response = clients[name].post("/signup", data={"username": f"fuzz-{name}", "password": "correct horse",
                                                       "confirm": "correct horse"})
        assert response.status_code == 302, response.get_data()[:500]
    song_file = make_audio(tmp_path_factory.mktemp("fuzz-op") / "o.mp3", "mp3", seconds=1, title="Fuzz Song",
                           artist="Fuzzer", album="Fuzzing", cover=make_cover_png())
    page = clients["admin"].post("/admin/upload", data={"audio_files": (io.BytesIO(song_file.read_bytes()), "o.mp3")},
                                 content_type="multipart/form-data")
    text = page.get_data(as_text=True)
    known = sorted(set(re.findall(r"/(?:songs|audio|covers|albums|artists|genres)/([0-9a-f]{24})", text)))
    created = clients["listener"].post("/playlists", data={"name": "Fuzz list"})
    known += re.findall(r"/playlists/([0-9a-f]{24})", created.headers.get("Location", ""))
    return app, clients, known


@pytest.mark.stack
@pytest.mark.parametrize("who", ["visitor", "listener", "admin"])
def test_no_operator_route_answers_5xx(operator_clients, fuzz_tally, who):
    app, clients, known = operator_clients
    routes = [(rule, method) for rule, method in routes_of(app) if rule.endpoint != "auth.logout"]

    @FUZZ_SETTINGS
    @given(request=fuzzed_requests(routes, known, OPERATOR_FIELDS))
    def check(request):
        send(clients[who], fuzz_tally, request, {})

    check()


@pytest.mark.stack
@pytest.mark.parametrize("range_header", [" ", " bytes=0-1", "bytes=0-1 ", "\t"])
def test_a_range_header_with_only_or_around_whitespace_is_relayed_or_dropped(operator_clients, range_header,
                                                                             tmp_path):
    """Found by `make fuzz`: requests refused to forward a Range of " ", and the listener got a 503."""
    app, clients, known = operator_clients
    # A song of its own: the admin's fuzzing may have deleted the ones made for it.
    song = make_audio(tmp_path / "w.mp3", "mp3", seconds=1, title="Whitespace")
    page = clients["admin"].post("/admin/upload", data={"audio_files": (io.BytesIO(song.read_bytes()), "w.mp3")},
                                 content_type="multipart/form-data")
    audio = re.search(r"/audio/[0-9a-f]{24}", page.get_data(as_text=True)).group(0)
    response = clients["listener"].get(audio, headers={"Range": range_header})
    assert response.status_code in (200, 206, 416)


# ---- what the penetration test of 2026-12 found, kept as cases of their own -------------------------

@pytest.mark.stack
@pytest.mark.parametrize("path", ["/admin/storage/files/true", "/admin/users/users/0123456789abcdef01234567",
                                  "/admin/users/", "/admin/catalogue/"])
def test_head_on_a_console_page_answers_as_get_does(operator_clients, path):
    """HEAD was forwarded to the backend as HEAD, whose empty answer the operator read as JSON: a 500."""
    app, clients, known = operator_clients
    got, head = clients["admin"].get(path), clients["admin"].head(path)
    assert got.status_code < 500 and head.status_code == got.status_code
    assert head.get_data() == b""


@pytest.mark.stack
def test_a_move_to_a_position_past_eight_bytes_is_not_a_server_error(operator_clients):
    """position=9223372036854775808 reached MongoDB, which cannot store it: song_service answered 503."""
    app, clients, known = operator_clients
    listener = clients["listener"]
    playlist = listener.post("/playlists", data={"name": "Huge moves"}).headers["Location"].rsplit("/", 1)[-1]
    songs = [song_id for song_id in known if listener.get(f"/songs/{song_id}").status_code == 200]
    for song_id in songs[:1] * 2:
        assert listener.post(f"/playlists/{playlist}/songs", data={"song_id": song_id}).status_code < 400
    page = listener.get(f"/playlists/{playlist}").get_data(as_text=True)
    entry = re.search(rf"/playlists/{playlist}/songs/([0-9a-f]{{24}})/move", page).group(1)
    for position in ("9223372036854775808", "99999999999999999999999999", "9223372036854775807"):
        moved = listener.post(f"/playlists/{playlist}/songs/{entry}/move", data={"position": position})
        assert moved.status_code < 500, (position, moved.status_code)


# ---- the Subsonic API: its methods, parameters and ways of signing in ---------------------------------

SUBSONIC_PARAMETERS = ["id", "albumId", "artistId", "songId", "playlistId", "songIdToAdd", "songIndexToRemove",
                       "type", "size", "offset", "count", "query", "songCount", "songOffset", "albumCount",
                       "albumOffset", "artistCount", "artistOffset", "fromYear", "toYear", "genre", "name",
                       "comment", "public", "rating", "submission", "time", "current", "currentIndex", "position",
                       "format", "maxBitRate", "timeOffset", "estimateContentLength", "musicFolderId", "username",
                       "artist", "title", "ifModifiedSince", "callback", "f", "v", "c"]
SUBSONIC_FORMATS = st.sampled_from([None, "json", "xml", "jsonp", "", "yaml", "JSON"])


@pytest.fixture(scope="module")
def subsonic_callers(operator_clients):
    """Ways of signing in, right and wrong: the listener's API key and password, and the protocol's mistakes."""
    app, clients, known = operator_clients
    page = clients["listener"].post("/account/apps", data={"kind": "api_key", "name": "Fuzzer"})
    api_key = re.search(r"data-secret>([^<]+)<", page.get_data(as_text=True)).group(1)
    return [
        {"apiKey": api_key}, {"u": "fuzz-listener", "p": "correct horse"},
        {"u": "fuzz-listener", "p": "enc:636f727265637420686f727365"}, {"u": "fuzz-listener", "t": "0" * 32, "s": "ab"},
        {"apiKey": "msk_wrong"}, {"apiKey": api_key, "u": "fuzz-listener"}, {"u": "fuzz-listener"}, {},
        {"u": "fuzz-listener", "p": "enc:zz"},
    ]


@st.composite
def subsonic_requests(draw, method_names, known_ids, callers):
    method = draw(st.one_of(st.sampled_from(method_names), ODD_TEXT.filter(bool)))
    suffix = draw(st.sampled_from(["", ".view"]))
    values = st.one_of(ODD_TEXT, st.sampled_from(known_ids), st.sampled_from(["1", "0", "-1", "true", "raw", "mp3"]))
    pairs = draw(st.lists(st.tuples(st.sampled_from(SUBSONIC_PARAMETERS), values), max_size=6))
    credentials = list(draw(st.sampled_from(callers)).items())
    kind = draw(SUBSONIC_FORMATS)
    if kind is not None:
        pairs.append(("f", kind))
    return draw(st.sampled_from(["GET", "POST", "HEAD"])), f"/rest/{url_quoted(method)}{suffix}", \
        credentials + pairs


@pytest.mark.stack
def test_no_subsonic_method_answers_5xx_or_anything_but_the_protocol(operator_clients, subsonic_callers, fuzz_tally):
    from operator_service.subsonic.routes import METHODS

    app, clients, known = operator_clients
    prefixed = [f"{prefix}{object_id}" for object_id in known for prefix in ("", "al-", "ar-", "pl-", "co-")]
    client = clients["visitor"]

    @FUZZ_SETTINGS
    @given(request=subsonic_requests(sorted(METHODS), prefixed, subsonic_callers))
    def check(request):
        method, path, pairs = request
        query = "&".join(f"{url_quoted(key)}={url_quoted(value)}" for key, value in pairs)
        if method == "POST":
            response = client.post(path, data=query.encode(), content_type="application/x-www-form-urlencoded")
        else:
            response = client.open(path, method=method, query_string=query)
        fuzz_tally.record(method, path, response.status_code)
        status, content_type, body = response.status_code, response.mimetype, response.get_data()
        response.close()
        assert status < 500, (method, path, pairs, status, body[:300])
        if 300 <= status < 400:
            return  # "/rest//x" is redirected to "/rest/x", as every path with doubled slashes is
        if method != "HEAD" and content_type in ("application/json", "text/xml", "application/javascript"):
            assert b"subsonic-response" in body, (method, path, pairs, body[:300])
        assert content_type != "text/html", (method, path, pairs, body[:300])

    check()

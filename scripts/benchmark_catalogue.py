"""Search and the browse pages over a synthetic catalogue, at several sizes: latency, growth, indexing, freshness.

    .venv/bin/python scripts/benchmark_catalogue.py [--songs 10000 50000 200000] [--requests 60]

For each size it starts its own dev database (in a temporary folder), loads the synthetic catalogue
(scripts/seed_catalogue.py), then starts the four services on free ports, so that song_service builds
its search index from a catalogue already in the database, as a restarted pod does. It prints:
- the search index: its build time (from song_service's log, per worker) and the cold start, from
  starting song_service to its /readyz answering 200; and the resident memory of its processes;
- search as you type through the operator (``/search/live``, the fragment the search box fetches): the
  starts of real titles, artists and albums, 1 to 20 characters, one request at a time as a browser sends
  them, p50 and p95 of the whole exchange (operator, then song_service);
- freshness across replicas: a second song_service replica on the same database; songs are created,
  renamed and deleted through the first, and the second is asked until it agrees;
- that both replicas give the same answers, and the CPU time song_service spends on hostile queries;
- the browse pages: home, artist and album pages, page 200 of the song list.
Figures are from one run on a shared machine: compare them within the run, as ratios.
"""
import argparse
import os
import random
import re
import statistics
import sys
import tempfile
import time
from secrets import token_urlsafe

import psutil
import requests

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path[:0] = [ROOT, os.path.join(ROOT, "tests"), os.path.join(ROOT, "scripts")]

from bson import ObjectId  # noqa: E402
from seed_catalogue import seed  # noqa: E402
from web_session import WebSession  # noqa: E402

from common.service_tokens import issue_token  # noqa: E402
from devstack import SERVICES, Stack, free_port, stack_environment, start_database, start_service, stop_process  # noqa: E402

NEXT_PAGE = re.compile(r'<a rel="next" href="([^"]+)"')
BUILT = re.compile(r"search index built: (\d+) entries in ([\d.]+) s")
# gunicorn refuses a request line over 4,094 bytes with a 414 before any Python runs (the search box's
# maxlength is 200), so the longest query that reaches song_service is about 4,000 characters.
TOO_LONG_FOR_A_URL = "metallica " * 1000
HOSTILE_QUERIES = {
    "4,000 characters": "metallica " * 400,
    "200 words": " ".join(f"word{n}" for n in range(200)),
    "NUL bytes and a lone surrogate": b"a\x00b\x00\xed\xb3\xbf c",  # the surrogate as a browser can't send it
    "only punctuation": "!?.,;:-_/" * 20,
    "eight one-letter words": "a e i o s t r n",
    "eight long words with typos": "metalica radiohaed bjrokk silvr horizn lanturn echoo mirrro",
}

def percentiles(samples):
    ordered = sorted(samples)
    p95 = ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]
    return statistics.median(ordered), p95


def timed(session, path, **params):
    started = time.perf_counter()
    response = session.get(path, params=params)
    elapsed = (time.perf_counter() - started) * 1000
    if response.status_code != 200:
        raise RuntimeError(f"GET {path} {params} answered {response.status_code}")
    return elapsed, response


def measure(session, label, requests_to_make, results):
    for path, params in requests_to_make[:1]:
        timed(session, path, **params)  # warm the connection pools and caches
    samples = [timed(session, path, **params)[0] for path, params in requests_to_make]
    results.append((label, len(samples), *percentiles(samples)))
    print(f"  {label:<34} p50 {results[-1][2]:7.1f} ms   p95 {results[-1][3]:7.1f} ms", flush=True)


def typed_queries(metadata, length, count, rng):
    """What someone has typed after ``length`` characters of a title, artist or album they look for."""
    queries = []
    while len(queries) < count:
        song = rng.choice(metadata)
        text = rng.choice((song["title"], song["artist"], song["album"]))
        if len(text) >= length:
            queries.append(text[:length])
    return queries


def links(session, path, pattern, **params):
    return list(dict.fromkeys(re.findall(pattern, session.get(path, params=params).text)))


def song_list_cursor(session, page):
    """The address of page ``page`` of the song list, found by following "Next page" from the first."""
    path = "/songs"
    for _ in range(page - 1):
        found = NEXT_PAGE.search(session.get(path).text)
        if not found:
            raise RuntimeError(f"the song list has fewer than {page} pages")
        path = found.group(1).replace("&amp;", "&")
    return path


def wait_until_ready(url, timeout):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            if requests.get(f"{url}/readyz", timeout=2).status_code == 200:
                return
        except requests.RequestException:
            pass
        time.sleep(0.05)
    raise RuntimeError(f"{url} was not ready within {timeout} s")


def resident_mb(process):
    """Resident memory of a gunicorn master and its workers, in MB."""
    parent = psutil.Process(process.pid)
    return sum(p.memory_info().rss for p in [parent, *parent.children(recursive=True)]) / 1e6


def cpu_seconds(process):
    parent = psutil.Process(process.pid)
    return sum(sum(p.cpu_times()[:2]) for p in [parent, *parent.children(recursive=True)])


def index_builds(log_path, since):
    with open(log_path) as log:
        log.seek(since)
        return [(int(entries), float(seconds)) for entries, seconds in BUILT.findall(log.read())]


def _bearer(request, token):
    request.headers["Authorization"] = f"Bearer {token}"
    return request


class Replica:
    """One song_service replica, called directly with a service token, fresh for every request (they expire)."""

    def __init__(self, url, secret, role):
        self.url = url
        self.http = requests.Session()
        user_id = ObjectId()
        self.http.auth = lambda request: _bearer(request, issue_token(secret, user_id, "benchmark", role))

    def search(self, query):
        response = self.http.get(f"{self.url}/api/search", params={"q": query}, timeout=30)
        response.raise_for_status()
        return response.json()


def seconds_until(predicate, timeout=30):
    started = time.perf_counter()
    while not predicate():
        if time.perf_counter() - started > timeout:
            raise RuntimeError("the second replica did not catch up within 30 s")
        time.sleep(0.01)
    return time.perf_counter() - started


def measure_freshness(writer, reader, rounds):
    """Seconds until ``reader`` finds a song created, renamed and deleted through ``writer``."""
    found = {"created": [], "renamed": [], "deleted": []}
    for number in range(rounds):
        title = f"Freshness Probe {number} Qx{ObjectId()}"
        word = title.split()[-1].lower()
        created = writer.http.post(f"{writer.url}/api/songs", json={"title": title, "artist": "Probe",
                                                                     "album": "Probes", "audio_id": str(ObjectId())},
                                   timeout=30).json()
        found["created"].append(seconds_until(lambda: reader.search(word)["songs"]))
        renamed = f"Renamed Probe Qy{ObjectId()}"
        writer.http.patch(f"{writer.url}/api/songs/{created['id']}", json={"title": renamed}, timeout=30)
        found["renamed"].append(seconds_until(lambda: reader.search(renamed.split()[-1].lower())["songs"]))
        writer.http.delete(f"{writer.url}/api/songs/{created['id']}", timeout=30)
        found["deleted"].append(seconds_until(lambda: not reader.search(renamed.split()[-1].lower())["songs"]))
    return found


def run_size(args, songs, folder, rng):
    """Everything measured at one catalogue size; returns rows for the summary tables."""
    results, facts = [], {"songs": songs}
    log_path = os.path.join(folder, f"services-{songs}.log")
    log_file = open(log_path, "w")
    database = stack = second = None
    try:
        mongo_uri = args.mongo_uri
        if not mongo_uri:
            db_port = free_port()
            database = start_database(db_port, os.path.join(folder, f"db-{songs}"), log_file)
            mongo_uri = f"mongodb://127.0.0.1:{db_port}"
        ports = {service: free_port() for service in SERVICES}
        secrets = {"SECRET_KEY": token_urlsafe(32), "SERVICE_TOKEN_SECRET": token_urlsafe(32)}
        environment = stack_environment(mongo_uri, ports, secrets, f"{args.database_prefix}{songs}")
        print(f"\n== {songs:,} songs ==\nloading…", flush=True)
        started = time.monotonic()
        metadata = seed(mongo_uri, environment["SONG_DB_NAME"], environment["MEDIA_DB_NAME"],
                        songs=songs, audio=2, covers=100, log=lambda line: None)
        facts["load_seconds"] = time.monotonic() - started
        print(f"  loaded into the database in {facts['load_seconds']:.0f} s", flush=True)
        stack = Stack(ports, environment, log_file=log_file)
        for service in SERVICES:
            log_file.flush()
            since = os.path.getsize(log_path)
            started = time.monotonic()
            stack.start(service, workers=args.workers)
            if service == "song_service":
                wait_until_ready(stack.url(service), 1800)
                facts["cold_start_seconds"] = time.monotonic() - started
                # /readyz answered from one worker; the others finish their own builds about as soon.
                deadline = time.monotonic() + 1800
                while len(index_builds(log_path, since)) < args.workers and time.monotonic() < deadline:
                    log_file.flush()
                    time.sleep(0.1)
                facts["builds"] = index_builds(log_path, since)
                facts["song_service_mb"] = resident_mb(stack.processes[service])
        builds = ", ".join(f"{seconds:.1f} s" for _entries, seconds in facts["builds"])
        print(f"  search index: {facts['builds'][0][0]:,} entries built in {builds} (one per worker); "
              f"cold start to ready {facts['cold_start_seconds']:.1f} s; song_service resident "
              f"{facts['song_service_mb']:.0f} MB", flush=True)

        session = WebSession(stack.url("operator_service"))
        if session.sign_up("benchmark").status_code != 200:
            session.log_in("benchmark")
        n = args.requests
        print(f"  {n} requests each, one at a time:", flush=True)
        everything = []
        for length in (1, 2, 4, 8, 14, 20):
            requests_to_make = [("/search/live", {"q": q}) for q in typed_queries(metadata, length, n, rng)]
            everything.extend(requests_to_make)
            measure(session, f"search, {length} characters typed", requests_to_make, results)
        rng.shuffle(everything)
        measure(session, "search, 1 to 20 characters (all of the above)", everything, results)
        # The same requests to song_service straight: what the operator adds is the difference.
        direct = Replica(stack.url("song_service"), secrets["SERVICE_TOKEN_SECRET"], "listener")
        samples = []
        for _path, params in everything:
            started = time.perf_counter()
            direct.search(params["q"])
            samples.append((time.perf_counter() - started) * 1000)
        results.append(("song_service's /api/search alone, 1 to 20 characters", len(samples), *percentiles(samples)))
        print(f"  {results[-1][0]:<34} p50 {results[-1][2]:7.1f} ms   p95 {results[-1][3]:7.1f} ms", flush=True)

        second_port = free_port()
        log_file.flush()
        since = os.path.getsize(log_path)
        second = start_service("song_service", second_port, environment, log_file, workers=args.workers)
        second_url = f"http://127.0.0.1:{second_port}"
        wait_until_ready(second_url, 1800)
        # /readyz is one worker's answer; a request reaching another still building would wait for it.
        deadline = time.monotonic() + 1800
        while len(index_builds(log_path, since)) < args.workers and time.monotonic() < deadline:
            log_file.flush()
            time.sleep(0.1)
        first = Replica(stack.url("song_service"), secrets["SERVICE_TOKEN_SECRET"], "admin")
        other = Replica(second_url, secrets["SERVICE_TOKEN_SECRET"], "listener")
        freshness = measure_freshness(first, other, args.freshness_rounds)
        for change, seconds in freshness.items():
            p50, p95 = percentiles(seconds)
            print(f"  freshness on the other replica, {change:<8} p50 {p50 * 1000:5.0f} ms   p95 {p95 * 1000:5.0f} ms"
                  f"   max {max(seconds) * 1000:5.0f} ms", flush=True)
        facts["freshness_max_ms"] = max(max(seconds) for seconds in freshness.values()) * 1000
        agreement_queries = [q for length in (1, 3, 6, 12) for q in typed_queries(metadata, length, 25, rng)]
        differing = sum(first.search(q) != other.search(q) for q in agreement_queries)
        facts["replicas_differ"] = differing
        print(f"  the two replicas gave different answers to {differing} of {len(agreement_queries)} queries",
              flush=True)

        status = other.http.get(f"{other.url}/api/search", params={"q": TOO_LONG_FOR_A_URL}, timeout=30).status_code
        print(f"  a query of 10,000 characters is answered {status} by gunicorn", flush=True)
        print("  hostile queries, song_service CPU time per request (all its threads):", flush=True)
        facts["hostile_cpu_ms"] = {}
        for label, query in HOSTILE_QUERIES.items():
            other.search(query)
            before = cpu_seconds(second)
            for _ in range(10):
                other.search(query)
            per_request = (cpu_seconds(second) - before) / 10 * 1000
            facts["hostile_cpu_ms"][label] = per_request
            print(f"    {label:<32} {per_request:6.1f} ms", flush=True)

        measure(session, "home page", [("/", {})] * n, results)
        artists = links(session, "/artists", r'href="(/artists/[0-9a-f]{24})"', letter="s")
        measure(session, "artist page", [(rng.choice(artists), {}) for _ in range(n)], results)
        counts = {}
        for song in metadata:
            counts[song["artist"]] = counts.get(song["artist"], 0) + 1
        top_artist = max(counts, key=counts.get)
        top_link = links(session, "/search", r'href="(/artists/[0-9a-f]{24})"', q=top_artist)[0]
        measure(session, "artist page, the artist with most songs", [(top_link, {})] * n, results)
        albums = links(session, "/albums", r'href="(/albums/[0-9a-f]{24})"', sort="newest")
        measure(session, "album page", [(rng.choice(albums), {}) for _ in range(n)], results)
        page_200 = song_list_cursor(session, 200)
        measure(session, "song list, page 200", [(page_200, {})] * n, results)
    finally:
        stop_process(second)
        if stack is not None:
            stack.stop_all()
        stop_process(database)
        log_file.close()
    return results, facts


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--songs", type=int, nargs="+", default=[10_000, 50_000, 200_000])
    parser.add_argument("--requests", type=int, default=60, help="requests per measurement")
    parser.add_argument("--freshness-rounds", type=int, default=20)
    parser.add_argument("--workers", type=int, default=2, help="gunicorn workers per service")
    parser.add_argument("--mongo-uri", help="use this server instead of starting a dev database")
    parser.add_argument("--database-prefix", default="bench", help="databases <prefix><songs>_songs and so on")
    args = parser.parse_args()
    if not args.mongo_uri:
        print("The database is SecantusDB, the pure-Python dev server: loading and the index's first read of "
              "the catalogue are bound by it; MongoDB 7 reads a collection many times faster.")
    rng = random.Random(7)
    table, summary = {}, []
    with tempfile.TemporaryDirectory(prefix="benchmark-catalogue-") as folder:
        for songs in args.songs:
            results, facts = run_size(args, songs, folder, rng)
            summary.append(facts)
            for label, _count, p50, p95 in results:
                table.setdefault(label, {})[songs] = (p50, p95)
    sizes = args.songs
    print("\n| measurement, p50 / p95 ms | " + " | ".join(f"{size:,} songs" for size in sizes) + " |")
    print("| --- |" + " ---: |" * len(sizes))
    for label, by_size in table.items():
        cells = [f"{by_size[size][0]:.0f} / {by_size[size][1]:.0f}" if size in by_size else "" for size in sizes]
        print(f"| {label} | " + " | ".join(cells) + " |")
    print("\n| search index | " + " | ".join(f"{facts['songs']:,} songs" for facts in summary) + " |")
    print("| --- |" + " ---: |" * len(summary))
    rows = [
        ("entries (songs, artists, albums)", lambda f: f"{f['builds'][0][0]:,}"),
        ("build, per worker (s)", lambda f: " / ".join(f"{seconds:.1f}" for _e, seconds in f["builds"])),
        ("cold start to ready (s)", lambda f: f"{f['cold_start_seconds']:.1f}"),
        ("song_service resident memory (MB)", lambda f: f"{f['song_service_mb']:.0f}"),
        ("freshness on another replica, worst (ms)", lambda f: f"{f['freshness_max_ms']:.0f}"),
        ("answers differing between replicas", lambda f: f"{f['replicas_differ']} of 100"),
        ("worst hostile query, CPU (ms)", lambda f: f"{max(f['hostile_cpu_ms'].values()):.0f}"),
        ("loading into the database (s)", lambda f: f"{f['load_seconds']:.0f}"),
    ]
    for label, cell in rows:
        print(f"| {label} | " + " | ".join(cell(facts) for facts in summary) + " |")
    return 0


if __name__ == "__main__":
    sys.exit(main())

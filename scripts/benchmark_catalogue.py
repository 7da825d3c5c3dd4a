"""Latency of search and the browse pages, through the operator, over a synthetic catalogue.

    .venv/bin/python scripts/benchmark_catalogue.py [--songs 50000] [--requests 40]

It starts its own dev database and the four services on free ports (in a temporary folder), loads the
synthetic catalogue (scripts/seed_catalogue.py), signs up as the first user, and times requests one at a
time, as a browser would send them: each measurement is the whole HTTP exchange with the operator,
which calls song_service, which queries the database. It prints p50 and p95 in milliseconds for:
- search as you type with 2, 4 and 8 characters typed (``/search/live``, the fragment the search box
  fetches), the starts of real titles, artists and albums of the catalogue, a different one per request;
- the home page, artist pages, album pages, and page 200 of the song list (reached by following the
  "Next page" links, then requested again and again).
"""
import argparse
import os
import random
from secrets import token_urlsafe
import re
import statistics
import sys
import tempfile
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path[:0] = [ROOT, os.path.join(ROOT, "tests"), os.path.join(ROOT, "scripts")]

from devstack import SERVICES, free_port, start_database, start_stack, stop_process  # noqa: E402
from seed_catalogue import seed  # noqa: E402
from song_service.synthetic_catalogue import generate  # noqa: E402
from web_session import WebSession  # noqa: E402

NEXT_PAGE = re.compile(r'<a rel="next" href="([^"]+)"')


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


def run(args):
    rng = random.Random(7)
    results = []
    with tempfile.TemporaryDirectory(prefix="benchmark-catalogue-") as folder:
        log_file = open(os.path.join(folder, "services.log"), "w")
        database = stack = None
        try:
            mongo_uri = args.mongo_uri
            if not mongo_uri:
                db_port = free_port()
                database = start_database(db_port, os.path.join(folder, "db"), log_file)
                mongo_uri = f"mongodb://127.0.0.1:{db_port}"
            ports = {service: free_port() for service in SERVICES}
            secrets = {"SECRET_KEY": token_urlsafe(32), "SERVICE_TOKEN_SECRET": token_urlsafe(32)}
            stack = start_stack(mongo_uri, ports, secrets, args.database_prefix, log_file, workers=args.workers)
            if args.no_load:
                metadata = generate(args.songs, 1)
            else:
                print(f"loading {args.songs} songs…", flush=True)
                metadata = seed(mongo_uri, stack.environment["SONG_DB_NAME"], stack.environment["MEDIA_DB_NAME"],
                                songs=args.songs, audio=3, covers=200)
            session = WebSession(stack.url("operator_service"))
            if session.sign_up("benchmark").status_code != 200:
                session.log_in("benchmark")
            n = args.requests
            print(f"{n} requests each, one at a time:", flush=True)
            for length in (2, 4, 8):
                queries = typed_queries(metadata, length, n, rng)
                measure(session, f"search, {length} characters typed", [("/search/live", {"q": q}) for q in queries],
                        results)
            measure(session, "home page", [("/", {})] * n, results)
            artists = links(session, "/artists", r'href="(/artists/[0-9a-f]{24})"', letter="s")
            counts = {}
            for song in metadata:
                counts[song["artist"]] = counts.get(song["artist"], 0) + 1
            top_artist = max(counts, key=counts.get)
            top_link = links(session, "/search", r'href="(/artists/[0-9a-f]{24})"', q=top_artist)[0]
            measure(session, "artist page", [(rng.choice(artists), {}) for _ in range(n)], results)
            measure(session, f"artist page, top artist ({counts[top_artist]} songs)", [(top_link, {})] * n, results)
            albums = links(session, "/albums", r'href="(/albums/[0-9a-f]{24})"', sort="newest")
            measure(session, "album page", [(rng.choice(albums), {}) for _ in range(n)], results)
            page_200 = song_list_cursor(session, 200)
            measure(session, "song list, page 200", [(page_200, {})] * n, results)
        finally:
            if stack is not None:
                stack.stop_all()
            stop_process(database)
            log_file.close()
    return results


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--songs", type=int, default=50_000)
    parser.add_argument("--requests", type=int, default=40, help="requests per measurement")
    parser.add_argument("--workers", type=int, default=2, help="gunicorn workers per service")
    parser.add_argument("--mongo-uri", help="use this server instead of starting a dev database")
    parser.add_argument("--database-prefix", default="bench", help="databases <prefix>_songs and so on")
    parser.add_argument("--no-load", action="store_true",
                        help="the catalogue of --songs songs is already in the databases (from an earlier run)")
    args = parser.parse_args()
    results = run(args)
    print("\n| measurement | requests | p50 ms | p95 ms |\n| --- | ---: | ---: | ---: |")
    for label, count, p50, p95 in results:
        print(f"| {label} | {count} | {p50:.0f} | {p95:.0f} |")
    return 0


if __name__ == "__main__":
    sys.exit(main())

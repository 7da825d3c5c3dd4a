"""How many people can listen at once: simulated listeners streaming a real MP3, through the operator
and straight to media_service.

    .venv/bin/python scripts/benchmark_streams.py [--listeners 100,500,1000] [--workers 2]

It starts its own dev database and the four services on free ports, as ``make run`` starts them (same
gunicorn settings and worker count), signs up as the admin and uploads a 6 MB MP3 through the upload page.

Each simulated listener is an asyncio task, not a thread, so the load generator is not the bottleneck.
Listeners arrive at random over the first 10 s and the run goes on 20 s more. A listener opens the song at
a random offset (``Range: bytes=N-``), reads it at 320 kbps, and after 5 to 15 s drops the connection and
opens it again somewhere else, as a browser does when someone seeks. For every open it records the time to
the first byte of audio; an error is a status other than 206, a connection failure, or a stream that stalls
for 10 s.

It prints, for each listener count and path: opens, errors, time to first byte p50 and p99, MB/s read by
the listeners, and the peak resident memory of each service (master and workers together). Then:
- 300 listeners through the operator while a 50 MB MP3 with a large cover is uploaded and 20 cover
  thumbnails are opened: the listeners' time to first byte, against the same load without them;
- unpaced throughput with 20 clients each downloading the whole file again and again, through the
  operator as a fraction of direct; then again with media_service's chunk cache off
  (MEDIA_CHUNK_CACHE_BYTES=0), so that every chunk comes from the database.

The ``subsonic`` path is a listening app's: the same listeners through ``/rest/stream`` with an API key.
``--conversions 0,2,20`` then runs 300 listeners through the operator while that many apps ask for the song
as live MP3 at 96 kbps, each reading as fast as it can and asking again when done (an app filling its
cache), with the pod's limit as deployed and with the limit raised to the number of apps; and it reports
the CPU seconds one conversion costs per minute of audio.
"""
import argparse
import asyncio
import os
import random
import re
import secrets
import sys
import tempfile
import threading
import time

import aiohttp
import av
import psutil

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path[:0] = [ROOT, os.path.join(ROOT, "tests")]

from audio_factory import make_audio, make_cover_jpeg  # noqa: E402
from web_session import WebSession  # noqa: E402

from common.service_tokens import ROLE_LISTENER, issue_token  # noqa: E402
from devstack import SERVICES, free_port, start_database, start_stack, stop_process  # noqa: E402

LISTEN_RATE = 320_000 // 8  # bytes per second
ARRIVAL_SECONDS = 10
MEASURED_SECONDS = 20
SEEK_EVERY = (5, 15)
TICK = 0.25
STALL_SECONDS = 10
SECRETS = {"SECRET_KEY": secrets.token_urlsafe(32), "SERVICE_TOKEN_SECRET": secrets.token_urlsafe(32)}


class Tally:
    """What the listeners of one run saw."""

    def __init__(self):
        self.first_byte_seconds = []
        self.opens = 0
        self.errors = {}
        self.bytes_read = 0

    def error(self, kind):
        self.errors[kind] = self.errors.get(kind, 0) + 1

    def percentile(self, fraction):
        return percentile(self.first_byte_seconds, fraction)


async def listen(http, url, headers, file_size, arrive_after, stop_at, tally, rng):
    """One listener: open at a random offset, read at 320 kbps, seek every 5 to 15 s, until ``stop_at``."""
    loop = asyncio.get_running_loop()
    await asyncio.sleep(arrive_after)
    while loop.time() < stop_at:
        offset = rng.randrange(0, file_size - 64 * 1024)
        seek_at = min(stop_at, loop.time() + rng.uniform(*SEEK_EVERY))
        opened = loop.time()
        tally.opens += 1
        try:
            async with http.get(url, headers={**headers, "Range": f"bytes={offset}-"}) as response:
                if response.status != 206:
                    tally.error(f"status {response.status}")
                    await asyncio.sleep(1)
                    continue
                first = await response.content.readany()
                if not first:
                    tally.error("empty body")
                    continue
                tally.first_byte_seconds.append(loop.time() - opened)
                got = len(first)
                while loop.time() < seek_at:
                    await asyncio.sleep(TICK)
                    due = int((loop.time() - opened) * LISTEN_RATE)
                    while got < due:
                        part = await response.content.read(due - got)
                        if not part:
                            break
                        got += len(part)
                    if response.content.at_eof():
                        break  # the end of the song: start again elsewhere, as a repeat or a seek would
                tally.bytes_read += got
                response.close()  # drop the connection mid-song, as a browser does on a seek
        except (aiohttp.ClientError, asyncio.TimeoutError) as error:
            tally.error(type(error).__name__)
            await asyncio.sleep(1)


class ProcessWatch:
    """The highest resident memory of each service (gunicorn master plus workers), sampled in a thread,
    and the CPU each of them and the database used, as a share of one core."""

    def __init__(self, stack, database):
        self.masters = {service: psutil.Process(stack.processes[service].pid) for service in SERVICES}
        self.masters["database"] = psutil.Process(database.pid)
        self.masters["load generator"] = psutil.Process()
        self.peaks = dict.fromkeys(self.masters, 0)
        self.cpu_share = {}
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def _tree(self, master):
        if master.pid == os.getpid():
            return [master]
        try:
            return [master, *master.children(recursive=True)]
        except psutil.Error:
            return [master]

    def _cpu_seconds(self):
        seconds = {}
        for name, master in self.masters.items():
            seconds[name] = sum(sum(p.cpu_times()[:2]) for p in self._tree(master))
        return seconds

    def _run(self):
        while not self._stop.wait(0.5):
            for name, master in self.masters.items():
                try:
                    total = sum(p.memory_info().rss for p in self._tree(master))
                except psutil.Error:
                    continue
                self.peaks[name] = max(self.peaks[name], total)

    def __enter__(self):
        self._started = (time.monotonic(), self._cpu_seconds())
        self._thread.start()
        return self

    def __exit__(self, *_):
        self._stop.set()
        self._thread.join()
        wall = time.monotonic() - self._started[0]
        self.cpu_share = {name: (used - self._started[1][name]) / wall for name, used in self._cpu_seconds().items()}


async def run_listeners(url, headers, file_size, count, seed, during=None):
    """``count`` listeners for ARRIVAL_SECONDS + MEASURED_SECONDS; ``during`` is an extra coroutine run
    alongside them (the upload scenario)."""
    rng = random.Random(seed)
    tally = Tally()
    connector = aiohttp.TCPConnector(limit=0, force_close=True)
    timeout = aiohttp.ClientTimeout(total=None, sock_connect=STALL_SECONDS, sock_read=STALL_SECONDS)
    async with aiohttp.ClientSession(connector=connector, timeout=timeout, cookie_jar=aiohttp.DummyCookieJar()) as http:
        loop = asyncio.get_running_loop()
        started = loop.time()
        stop_at = started + ARRIVAL_SECONDS + MEASURED_SECONDS
        tasks = [
            listen(http, url, headers, file_size, rng.uniform(0, ARRIVAL_SECONDS), stop_at, tally,
                   random.Random(rng.random()))
            for _ in range(count)
        ]
        if during is not None:
            tasks.append(during())
        await asyncio.gather(*tasks)
        tally.seconds = loop.time() - started
    return tally


def percentile(samples, fraction):
    ordered = sorted(samples)
    return ordered[min(len(ordered) - 1, round(fraction * (len(ordered) - 1)))] if ordered else float("nan")


async def browse_pages(base_url, cookie, page_paths, timings):
    """Someone browsing while the others listen: the home, search and album pages in turn, after the
    listeners have arrived, until the run ends."""
    loop = asyncio.get_running_loop()
    stop_at = loop.time() + ARRIVAL_SECONDS + MEASURED_SECONDS
    await asyncio.sleep(ARRIVAL_SECONDS)
    timeout = aiohttp.ClientTimeout(total=STALL_SECONDS)
    async with aiohttp.ClientSession(timeout=timeout, cookie_jar=aiohttp.DummyCookieJar()) as http:
        while loop.time() < stop_at - 1:
            for name, path in page_paths.items():
                started = loop.time()
                async with http.get(base_url + path, headers={"Cookie": cookie}) as response:
                    await response.read()
                    assert response.status == 200, (path, response.status)
                timings.setdefault(name, []).append(loop.time() - started)
                await asyncio.sleep(0.2)


async def download_unpaced(url, headers, clients, seconds):
    """Bytes per second that ``clients`` whole-file downloads, one after another each, reach together."""
    total = 0
    connector = aiohttp.TCPConnector(limit=0)
    async with aiohttp.ClientSession(connector=connector, cookie_jar=aiohttp.DummyCookieJar()) as http:
        loop = asyncio.get_running_loop()
        stop_at = loop.time() + seconds

        async def client():
            nonlocal total
            while loop.time() < stop_at:
                async with http.get(url, headers=headers) as response:
                    assert response.status == 200, response.status
                    async for chunk in response.content.iter_chunked(256 * 1024):
                        total += len(chunk)
                        if loop.time() >= stop_at:
                            break

        started = loop.time()
        await asyncio.gather(*(client() for _ in range(clients)))
        return total / (loop.time() - started)


def make_listening_mp3(folder):
    """About 6 MB: six and a quarter minutes at 128 kbps, tagged like a real song."""
    return make_audio(os.path.join(folder, "long-song.mp3"), "mp3", seconds=375, title="Long Song",
                      artist="Benchmark Band", album="Load", cover=make_cover_jpeg(size=(600, 600)))


def make_large_mp3(folder, megabytes=50):
    """A 50 MB MP3 with a 3000 px cover: the listening song's frames repeated, then tagged by mutagen."""
    from mutagen.id3 import APIC, TIT2, TPE1
    from mutagen.mp3 import MP3

    untagged = make_audio(os.path.join(folder, "frames.mp3"), "mp3", seconds=60)
    frames = untagged.read_bytes()
    path = os.path.join(folder, "large.mp3")
    with open(path, "wb") as out:
        while out.tell() < megabytes * 1024 * 1024:
            out.write(frames)
    audio = MP3(path)
    audio.add_tags()
    audio.tags.add(TIT2(encoding=3, text="Large Upload"))
    audio.tags.add(TPE1(encoding=3, text="Benchmark Band"))
    audio.tags.add(APIC(encoding=3, mime="image/jpeg", type=3, desc="cover",
                        data=make_cover_jpeg(color=(90, 160, 40), size=(3000, 3000))))
    audio.save()
    return path


def upload(admin, paths):
    files = [("audio_files", (os.path.basename(p), open(p, "rb"), "audio/mpeg")) for p in paths]
    try:
        response = admin.submit("/admin/upload", files=files)
    finally:
        for _, (_, handle, _) in files:
            handle.close()
    assert response.status_code == 200 and "Uploaded" in response.text, response.text[:800]
    return response


def upload_cover_songs(admin, folder, count=20):
    """``count`` short songs with covers of their own, so that each thumbnail is a new one."""
    paths = []
    for number in range(count):
        cover = make_cover_jpeg(color=(number * 12 % 256, 80, 200 - number * 9), size=(1400, 1400))
        paths.append(make_audio(os.path.join(folder, f"cover-{number}.mp3"), "mp3", seconds=1,
                                title=f"Cover Song {number}", artist="Benchmark Band", cover=cover))
    # In posts of as many files as the upload form takes at once (UPLOAD_MAX_FILES, 4 by default).
    covers = set()
    for start in range(0, len(paths), 4):
        covers.update(re.findall(r"/covers/[0-9a-f]{24}", upload(admin, paths[start:start + 4]).text))
    return sorted(covers)


def print_row(label, count, tally, watch):
    peaks = watch.peaks
    errors = sum(tally.errors.values())
    detail = f"  ({', '.join(f'{k}: {v}' for k, v in sorted(tally.errors.items()))})" if errors else ""
    print(f"| {count:>5} | {label:<22} | {tally.opens:>6} | {errors:>6} | {tally.percentile(0.5) * 1000:>7.0f} ms "
          f"| {tally.percentile(0.99) * 1000:>7.0f} ms | {tally.bytes_read / tally.seconds / 1e6:>6.1f} "
          f"| {peaks['operator_service'] / 2**20:>5.0f} MiB | {peaks['media_service'] / 2**20:>5.0f} MiB "
          f"| {watch.cpu_share['operator_service']:.0%} / {watch.cpu_share['media_service']:.0%} / "
          f"{watch.cpu_share['database']:.0%} / {watch.cpu_share['load generator']:.0%} |{detail}",
          flush=True)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--listeners", default="100,500,1000", help="comma-separated listener counts")
    parser.add_argument("--workers", type=int, default=2, help="gunicorn workers per service, as make run")
    parser.add_argument("--paths", default="operator,copy,direct,subsonic",
                        help="comma-separated: operator (the splice relay, as deployed), copy (the operator with "
                             "RELAY_SPLICE=false: every chunk copied through Python), direct (to media_service), "
                             "subsonic (a listening app's /rest/stream with an API key)")
    parser.add_argument("--conversions", default="",
                        help="comma-separated counts of apps asking for live MP3 while 300 listeners stream")
    parser.add_argument("--skip-upload-scenario", action="store_true")
    parser.add_argument("--no-metrics", action="store_true",
                        help="serve no Prometheus metrics (by default each service serves them, as deployed)")
    parser.add_argument("--log", help="keep the services' log in this file (default: thrown away)")
    args = parser.parse_args()
    counts = [int(n) for n in args.listeners.split(",")]

    with tempfile.TemporaryDirectory(prefix="stream-bench-") as workdir:
        db_port = free_port()
        database = start_database(db_port, os.path.join(workdir, "db"))
        ports = {service: free_port() for service in SERVICES}
        stack = start_stack(f"mongodb://127.0.0.1:{db_port}", ports, SECRETS, database_prefix="bench",
                            workers=args.workers, log_file=open(args.log or os.devnull, "w"),
                            metrics_ports=None if args.no_metrics else {name: free_port() for name in SERVICES})
        try:
            admin = WebSession(stack.url("operator_service"))
            admin.sign_up("bench-admin")
            song = make_listening_mp3(workdir)
            file_size = os.path.getsize(song)
            page = upload(admin, [song])
            audio_path = re.search(r"/audio/[0-9a-f]{24}", page.text).group(0)
            cookie = "; ".join(f"{c.name}={c.value}" for c in admin.http.cookies)
            through_operator = (stack.url("operator_service") + audio_path, {"Cookie": cookie})
            song_id = re.search(r"/songs/([0-9a-f]{24})", admin.get("/").text).group(1)
            api_key = make_api_key(admin)
            through_api = (f"{stack.url('operator_service')}/rest/stream?id={song_id}&apiKey={api_key}&f=json", {})

            def direct():
                token = issue_token(SECRETS["SERVICE_TOKEN_SECRET"], "0" * 24, "bench", ROLE_LISTENER)
                return (f"{stack.url('media_service')}/api/media/{audio_path.rsplit('/', 1)[1]}",
                        {"Authorization": f"Bearer {token}"})

            print(f"{time.strftime('%Y-%m-%d')}, {os.cpu_count()} cores, {args.workers} gunicorn workers per service, "
                  f"dev database (SecantusDB) on the same machine; song {file_size / 1e6:.1f} MB; Prometheus metrics "
                  f"{'off' if args.no_metrics else 'on, as deployed'}", flush=True)
            print("Every listener plays the same song, so media_service's chunk cache serves most chunk reads; the "
                  "dev database is pure Python and shares the 2 cores with the services and this load generator.",
                  flush=True)
            print("| listeners | path | opens | errors | first byte p50 | first byte p99 | MB/s | operator RSS "
                  "| media RSS | CPU operator / media / database / load generator |")
            print("|---|---|---|---|---|---|---|---|---|---|")
            album_path = re.search(r'href="(/albums/[0-9a-f]{24})"', admin.get("/albums?sort=newest").text).group(1)
            page_paths = {"home": "/", "search": "/search?q=long+song", "album": album_path}
            page_timings = {}
            for count in counts:
                paths = {"operator": ("through the operator", through_operator),
                         "copy": ("operator, copying relay", through_operator),
                         "direct": ("direct to media", direct()),
                         "subsonic": ("Subsonic app, API key", through_api)}
                for label, target in (paths[name] for name in args.paths.split(",")):
                    use_splice_relay(stack, args.workers, label != "operator, copying relay")
                    browse = None
                    if label == "through the operator":
                        page_timings[count] = {}
                        browse = lambda: browse_pages(stack.url("operator_service"), cookie, page_paths,  # noqa: E731
                                                      page_timings[count])
                    with ProcessWatch(stack, database) as watch:
                        tally = asyncio.run(run_listeners(*target, file_size, count, seed=count, during=browse))
                    print_row(label, count, tally, watch)
                    time.sleep(3)
            print("\nPages through the operator while the listeners stream (one person browsing, a page every 0.2 s):")
            print("| listeners | " + " | ".join(f"{name} p50 / p95" for name in page_paths) + " |")
            print("|---|" + "---|" * len(page_paths))
            for count, timings in page_timings.items():
                cells = [f"{percentile(timings[name], 0.5) * 1000:.0f} / "
                         f"{percentile(timings[name], 0.95) * 1000:.0f} ms" for name in page_paths]
                print(f"| {count} | " + " | ".join(cells) + " |", flush=True)

            if not args.skip_upload_scenario:
                run_upload_scenario(stack, database, admin, workdir, through_operator, file_size)
            if args.conversions:
                run_conversion_scenario(stack, database, args.workers, through_operator, file_size, song,
                                        f"{through_api[0]}&format=mp3&maxBitRate=96",
                                        [int(n) for n in args.conversions.split(",")])

            use_splice_relay(stack, args.workers, True)
            print_unpaced(through_operator, direct, "media's chunk cache on, as deployed")
            use_splice_relay(stack, args.workers, False)
            print_unpaced(through_operator, direct, "media's chunk cache on, copying relay (RELAY_SPLICE=false)")
            use_splice_relay(stack, args.workers, True)
            # The same with every chunk read from the database, as before the cache: the relay's share of
            # the cost when media_service does its full work per byte.
            stack.stop("media_service")
            stack.environment["MEDIA_CHUNK_CACHE_BYTES"] = "0"
            stack.start("media_service", workers=args.workers)
            print_unpaced(through_operator, direct, "media's chunk cache off")
        finally:
            stack.stop_all()
            stop_process(database)


def make_api_key(session):
    page = session.submit("/account", {"kind": "api_key", "name": "benchmark"}, action="/account/apps")
    return re.search(r"data-secret>([^<]+)<", page.text).group(1)


async def convert_again_and_again(url, apps, stop_after, tally):
    """``apps`` listening apps, each asking for the live conversion and reading it as fast as it comes, again
    and again; ``tally`` counts the conversions finished and refused."""
    async with aiohttp.ClientSession(cookie_jar=aiohttp.DummyCookieJar()) as http:
        loop = asyncio.get_running_loop()
        stop_at = loop.time() + stop_after

        async def app():
            while loop.time() < stop_at:
                async with http.get(url) as response:
                    body = await response.read()
                if response.headers.get("Content-Type", "").startswith("audio/"):
                    tally["finished"] += 1
                    tally["bytes"] += len(body)
                else:
                    tally["refused"] += 1
                    await asyncio.sleep(1)  # an app that was refused tries again a moment later

        await asyncio.gather(*(app() for _ in range(apps)))


def conversion_cpu_per_minute(song):
    """CPU seconds of one conversion of ``song`` to MP3 at 96 kbps, per minute of its audio."""
    import subprocess

    from media_service.models import live_conversion

    with av.open(song) as container:
        seconds = container.duration / 1_000_000
    before = os.times()
    subprocess.run(live_conversion.command(song, "mp3", 96, 0), stdout=subprocess.DEVNULL, check=True)
    after = os.times()
    cpu = (after.children_user - before.children_user) + (after.children_system - before.children_system)
    return cpu / (seconds / 60)


def run_conversion_scenario(stack, database, workers, through_operator, file_size, song, conversion_url, counts):
    print(f"\nLive MP3 conversions (96 kbps) while 300 listeners stream through the operator; one conversion "
          f"costs {conversion_cpu_per_minute(song):.2f} CPU seconds per minute of audio on this machine:", flush=True)
    print("| apps asking | pod's limit | conversions finished / refused | listeners' opens | errors | first byte "
          "p50 | first byte p99 | CPU operator / media / database / load generator |")
    print("|---|---|---|---|---|---|---|---|")
    default_limit = os.cpu_count() or 2
    for apps in counts:
        for limit in sorted({default_limit, max(apps, default_limit)}):
            if apps == 0 and limit != default_limit:
                continue
            if stack.environment.get("LIVE_CONVERSIONS_PER_POD") != str(limit):
                stack.stop("media_service")
                stack.environment["LIVE_CONVERSIONS_PER_POD"] = str(limit)
                stack.start("media_service", workers=workers)
            tally = {"finished": 0, "refused": 0, "bytes": 0}
            conversions = (lambda: convert_again_and_again(conversion_url, apps, ARRIVAL_SECONDS + MEASURED_SECONDS,  # noqa: E731
                                                           tally)) if apps else None
            with ProcessWatch(stack, database) as watch:
                listened = asyncio.run(run_listeners(*through_operator, file_size, 300, seed=300, during=conversions))
            share = watch.cpu_share
            print(f"| {apps} | {limit}{' (default: one per CPU)' if limit == default_limit else ''} "
                  f"| {tally['finished']} / {tally['refused']} | {listened.opens} | {sum(listened.errors.values())} "
                  f"| {listened.percentile(0.5) * 1000:.0f} ms | {listened.percentile(0.99) * 1000:.0f} ms "
                  f"| {share['operator_service']:.0%} / {share['media_service']:.0%} / {share['database']:.0%} / "
                  f"{share['load generator']:.0%} |", flush=True)
            time.sleep(3)


def use_splice_relay(stack, workers, splice):
    """Restart the operator with the splice relay on (as deployed) or off, unless it already is so."""
    wanted = "true" if splice else "false"
    if stack.environment.get("RELAY_SPLICE", "true") != wanted:
        stack.stop("operator_service")
        stack.environment["RELAY_SPLICE"] = wanted
        stack.start("operator_service", workers=workers)


def print_unpaced(through_operator, direct, condition):
    rates = {}
    for label, target in (("direct", direct()), ("through the operator", through_operator)):
        rates[label] = asyncio.run(download_unpaced(target[0], target[1], clients=20, seconds=10))
    print(f"unpaced, 20 clients, {condition}: direct {rates['direct'] / 1e6:.0f} MB/s, through the operator "
          f"{rates['through the operator'] / 1e6:.0f} MB/s = {rates['through the operator'] / rates['direct']:.0%} "
          f"of direct", flush=True)


def run_upload_scenario(stack, database, admin, workdir, through_operator, file_size):
    """300 listeners, then 300 listeners while a 50 MB upload is stored and 20 new thumbnails are made."""
    large = make_large_mp3(workdir)
    covers = upload_cover_songs(admin, workdir)
    print(f"\n300 listeners through the operator, with and without a {os.path.getsize(large) / 1e6:.0f} MB upload "
          f"and {len(covers)} cover thumbnails opened 12 s in:")
    print("| listeners | load | opens | errors | first byte p50 | first byte p99 | MB/s | operator RSS | media RSS "
          "| CPU operator / media / database / load generator |")
    print("|---|---|---|---|---|---|---|---|---|---|")
    with ProcessWatch(stack, database) as watch:
        tally = asyncio.run(run_listeners(*through_operator, file_size, 300, seed=300))
    print_row("listening only", 300, tally, watch)
    time.sleep(3)
    side_work = {}

    async def upload_and_thumbnails():
        await asyncio.sleep(12)
        started = time.perf_counter()
        upload_task = asyncio.create_task(asyncio.to_thread(upload, admin, [large]))
        async with aiohttp.ClientSession(cookie_jar=aiohttp.DummyCookieJar()) as http:
            async def thumbnail(path):
                opened = time.perf_counter()
                async with http.get(stack.url("operator_service") + path, params={"size": "thumb"},
                                    headers=through_operator[1]) as response:
                    await response.read()
                    assert response.status == 200, response.status
                return time.perf_counter() - opened
            side_work["thumbnails"] = await asyncio.gather(*(thumbnail(p) for p in covers))
        await upload_task
        side_work["upload"] = time.perf_counter() - started

    with ProcessWatch(stack, database) as watch:
        tally = asyncio.run(run_listeners(*through_operator, file_size, 300, seed=301, during=upload_and_thumbnails))
    print_row("+ upload + thumbnails", 300, tally, watch)
    print(f"the {os.path.getsize(large) / 1e6:.0f} MB upload took {side_work['upload']:.1f} s; "
          f"the slowest of 20 thumbnails {max(side_work['thumbnails']) * 1000:.0f} ms\n", flush=True)
    time.sleep(3)


if __name__ == "__main__":
    main()

"""What renditions cost, and whether making them disturbs listeners.

    .venv/bin/python scripts/benchmark_renditions.py [--minutes 5] [--large-minutes 20] [--listeners 300]

1. For sources of each kind a library holds (lossless: FLAC, ALAC, AIFF; lossy: WMA, AC-3), ``--minutes``
   of music-like audio (a chord that moves every half second, with a noise floor, so encoders have real
   work), it measures the upload probe's wall time, and for each rendition the worker would make the CPU
   seconds per minute of audio and the size per minute, beside the original's size.
2. It starts the dev stack, uploads a lossless AIFF of ``--large-minutes`` (about 10 MB a minute, so
   190 MB at 18 minutes, under the 200 MiB upload limit) while the rendition worker is stopped, then runs
   ``--listeners`` simulated listeners through the operator (scripts/benchmark_streams.py's listeners:
   320 kbps, seeking every 5 to 15 s) twice: once with nothing else running, once with the worker started
   5 s in, converting the large file to FLAC and Opus. It prints the listeners' time to first byte and
   errors for both runs, and the CPU each process used.
"""
import argparse
import asyncio
import math
import os
import re
import sys
import tempfile
import time

import av
import numpy as np

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path[:0] = [ROOT, os.path.join(ROOT, "tests"), os.path.join(ROOT, "scripts")]

from audio_factory import EncodedFormat, audio_writer  # noqa: E402
from benchmark_streams import SECRETS, ProcessWatch, make_listening_mp3, print_row, run_listeners, upload  # noqa: E402
from web_session import WebSession  # noqa: E402

from devstack import SERVICES, TRANSCODER, free_port, start_database, start_stack, stop_process  # noqa: E402
from media_service.models import audio_probe, renditions  # noqa: E402

SOURCES = (
    EncodedFormat("FLAC 16-bit 44.1 kHz", "flac", "flac", "flac"),
    EncodedFormat("ALAC 16-bit 44.1 kHz", "ipod", "alac", "m4a", sample_format="s16p"),
    EncodedFormat("AIFF 16-bit 44.1 kHz", "aiff", "pcm_s16be", "aiff"),
    EncodedFormat("WMA 192 kbps", "asf", "wmav2", "wma", bit_rate=192_000),
    EncodedFormat("AC-3 448 kbps 48 kHz", "ac3", "ac3", "ac3", 48000, bit_rate=448_000),
)


def write_music(path, encoded, seconds):
    """Music-like stereo audio, generated and encoded a second at a time (never all in memory)."""
    rate = encoded.sample_rate
    rng = np.random.default_rng(1)
    with audio_writer(path, encoded) as write:
        for second in range(int(seconds)):
            t = np.arange(rate) / rate + second
            half_second = 2 * second + (np.arange(rate) >= rate // 2)
            root = 220 * 2 ** ((half_second * 5 % 12) / 12)  # a new chord every half second
            chord = sum(np.sin(2 * math.pi * root * 2 ** (step / 12) * t) for step in (0, 4, 7))
            write(0.2 * chord / 3 + rng.normal(0, 0.02, size=(2, rate)))
    return path


def measure_costs(workdir, minutes):
    print(f"Rendition costs for {minutes} minutes of music-like audio, per minute of audio "
          f"(CPU seconds on one core of this machine):")
    print("| source | original MB/min | probe at upload | rendition | CPU s/min | MB/min |")
    print("|---|---|---|---|---|---|")
    for encoded in SOURCES:
        source = write_music(os.path.join(workdir, f"source.{encoded.extension}"), encoded, minutes * 60)
        size = os.path.getsize(source)
        started = time.perf_counter()
        probe = audio_probe.probe(str(source), size)
        probe_seconds = time.perf_counter() - started
        kinds = renditions.kinds_for(probe.browser_playable)
        for kind in kinds:
            container_format, codec, _, bitrate = renditions.target(kind, probe.lossless)
            out = os.path.join(workdir, f"rendition.{container_format}")
            cpu = time.process_time()
            with open(source, "rb") as handle:
                renditions._encode(handle, out, container_format, codec, bitrate)
            cpu = time.process_time() - cpu
            label = f"{kind}: {'FLAC' if codec == 'flac' else f'Opus {bitrate // 1000} kbps'}"
            print(f"| {encoded.label} | {size / 1e6 / minutes:.2f} | {probe_seconds * 1000:.0f} ms | {label} | "
                  f"{cpu / minutes:.2f} | {os.path.getsize(out) / 1e6 / minutes:.2f} |", flush=True)
            os.remove(out)
        os.remove(source)


def measure_listeners(workdir, large_minutes, listeners):
    db_port = free_port()
    database = start_database(db_port, os.path.join(workdir, "db"))
    ports = {service: free_port() for service in SERVICES}
    stack = start_stack(f"mongodb://127.0.0.1:{db_port}", ports, SECRETS, database_prefix="bench",
                        log_file=open(os.devnull, "w"), workers=2)
    try:
        stack.stop(TRANSCODER)
        admin = WebSession(stack.url("operator_service"))
        admin.sign_up("bench-admin")
        song = make_listening_mp3(workdir)
        page = upload(admin, [song])
        audio_path = re.search(r"/audio/[0-9a-f]{24}", page.text).group(0)
        large = write_music(os.path.join(workdir, "large.aiff"), SOURCES[2], large_minutes * 60)
        print(f"\nuploading a {os.path.getsize(large) / 1e6:.0f} MB AIFF ({large_minutes} minutes) with the worker "
              f"stopped...", flush=True)
        started = time.perf_counter()
        upload(admin, [large])
        print(f"stored in {time.perf_counter() - started:.1f} s (spooled, probed, copied to GridFS)", flush=True)
        cookie = "; ".join(f"{c.name}={c.value}" for c in admin.http.cookies)
        target = (stack.url("operator_service") + audio_path, {"Cookie": cookie})
        file_size = os.path.getsize(song)

        print(f"\n{listeners} listeners through the operator, without and with the worker converting the "
              f"large file (started 5 s in):")
        print("| listeners | load | opens | errors | first byte p50 | first byte p99 | MB/s | operator RSS | "
              "media RSS | CPU operator / media / database / load generator |")
        print("|---|---|---|---|---|---|---|---|---|---|")
        with ProcessWatch(stack, database) as watch:
            tally = asyncio.run(run_listeners(*target, file_size, listeners, seed=1))
        print_row("listening only", listeners, tally, watch)
        time.sleep(3)
        converting = {}

        async def start_worker():
            await asyncio.sleep(5)
            converting["started"] = time.perf_counter()
            stack.start_transcoder()
            converting["process"] = __import__("psutil").Process(stack.processes[TRANSCODER].pid)

        with ProcessWatch(stack, database) as watch:
            tally = asyncio.run(run_listeners(*target, file_size, listeners, seed=2, during=start_worker))
            worker_cpu = sum(converting["process"].cpu_times()[:2])
        print_row("+ worker converting", listeners, tally, watch)
        print(f"the worker used {worker_cpu:.1f} CPU seconds during the run, in a process of its own "
              f"(a pod of its own in Kubernetes, where it cannot take the streaming pods' CPU)", flush=True)
    finally:
        stack.stop_all()
        stop_process(database)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--minutes", type=int, default=5)
    parser.add_argument("--large-minutes", type=int, default=18)
    parser.add_argument("--listeners", type=int, default=300)
    parser.add_argument("--skip-listeners", action="store_true")
    args = parser.parse_args()
    print(f"{time.strftime('%Y-%m-%d')}, {os.cpu_count()} cores, PyAV {av.__version__} "
          f"(ffmpeg {'.'.join(map(str, av.library_versions['libavcodec']))} libavcodec)", flush=True)
    with tempfile.TemporaryDirectory(prefix="rendition-bench-") as workdir:
        measure_costs(workdir, args.minutes)
        if not args.skip_listeners:
            measure_listeners(workdir, args.large_minutes, args.listeners)


if __name__ == "__main__":
    main()

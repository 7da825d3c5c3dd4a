"""Uploads and streams one large file through the running stack, and reports time and peak memory.

    .venv/bin/python scripts/benchmark_upload.py [--megabytes 200]

It starts its own dev database and services on free ports, makes a WAV file of the requested size
on disk, uploads it through the operator as the admin would, streams it back whole and by Range, and
prints each service's peak resident memory (VmHWM) next to the file's size: streaming code keeps the
ratio far below 1.
"""
import argparse
import os
import secrets as secrets_module
import sys
import tempfile
import time
import wave

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
sys.path.insert(0, os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), "tests"))

from web_session import WebSession  # noqa: E402

from devstack import SERVICES, free_port, start_database, start_stack, stop_process  # noqa: E402

SAMPLE_RATE = 44100
FRAME_BYTES = 4  # 16-bit stereo


def write_wav(path, megabytes):
    """A quiet square-ish tone written a second at a time, so the benchmark itself stays small too."""
    frames = megabytes * 1024 * 1024 // FRAME_BYTES
    second = (b"\x00\x10\x00\x10" * 50 + b"\x00\xf0\x00\xf0" * 50) * (SAMPLE_RATE // 100)
    with wave.open(str(path), "wb") as out:
        out.setnchannels(2)
        out.setsampwidth(2)
        out.setframerate(SAMPLE_RATE)
        written = 0
        while written < frames:
            chunk = second[: min(len(second), (frames - written) * FRAME_BYTES)]
            out.writeframes(chunk)
            written += len(chunk) // FRAME_BYTES
    return os.path.getsize(path)


def peak_memory_kib(pid):
    """The highest VmHWM among a gunicorn master's workers."""
    peaks = []
    for child in os.listdir("/proc"):
        if not child.isdigit():
            continue
        try:
            with open(f"/proc/{child}/status") as status:
                fields = dict(line.split(":", 1) for line in status if ":" in line)
        except OSError:
            continue
        if fields.get("PPid", "").strip() == str(pid):
            peaks.append(int(fields["VmHWM"].split()[0]))
    return max(peaks, default=0)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--megabytes", type=int, default=200)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="upload-bench-") as workdir:
        db_port = free_port()
        database = start_database(db_port, os.path.join(workdir, "db"))
        ports = {service: free_port() for service in SERVICES}
        secrets = {"SECRET_KEY": secrets_module.token_urlsafe(32),
                   "SERVICE_TOKEN_SECRET": secrets_module.token_urlsafe(32),
                   "UPLOAD_MAX_BYTES": str((args.megabytes + 10) * 1024 * 1024)}
        stack = start_stack(f"mongodb://127.0.0.1:{db_port}", ports, secrets, database_prefix="bench")
        try:
            audio = os.path.join(workdir, "long.wav")
            size = write_wav(audio, args.megabytes)
            admin = WebSession(stack.url("operator_service"))
            admin.sign_up("bench-admin")
            before = {s: peak_memory_kib(stack.processes[s].pid) for s in ("operator_service", "media_service")}

            started = time.perf_counter()
            with open(audio, "rb") as body:
                response = admin.submit("/admin/upload", files={"audio_files": ("long.wav", body, "audio/wav")})
            upload_seconds = time.perf_counter() - started
            assert response.status_code == 200 and "Uploaded 1 song" in response.text, response.text[:500]

            page = admin.get("/")
            audio_path = page.text.split('"src": "', 1)[1].split('"', 1)[0]
            started = time.perf_counter()
            streamed = 0
            with admin.http.get(admin.base_url + audio_path, stream=True, timeout=600) as download:
                for chunk in download.iter_content(1024 * 1024):
                    streamed += len(chunk)
            download_seconds = time.perf_counter() - started
            assert streamed == size

            # Two rounds: right after the upload the database is still writing it out; then settled.
            range_rounds = []
            for _ in range(2):
                timings = []
                for offset in range(0, size, size // 20):
                    started = time.perf_counter()
                    part = admin.get(audio_path, headers={"Range": f"bytes={offset}-{offset + 65535}"})
                    timings.append(time.perf_counter() - started)
                    assert part.status_code == 206 and len(part.content) == min(65536, size - offset)
                range_rounds.append(sorted(timings))
                time.sleep(5)
            after = {s: peak_memory_kib(stack.processes[s].pid) for s in ("operator_service", "media_service")}
        finally:
            stack.stop_all()
            stop_process(database)

    mib = size / 1048576
    print(f"file: {mib:.0f} MiB WAV")
    print(f"upload through the operator: {upload_seconds:.1f} s ({mib / upload_seconds:.0f} MiB/s)")
    print(f"download through the operator: {download_seconds:.1f} s ({mib / download_seconds:.0f} MiB/s)")
    for label, timings in zip(("right after the upload", "5 s later"), range_rounds):
        print(f"64 KiB Range reads at 20 offsets, {label}: median {timings[len(timings) // 2] * 1000:.0f} ms, "
              f"max {timings[-1] * 1000:.0f} ms")
    for service in after:
        print(f"{service} worker peak RSS: {before[service] / 1024:.0f} MiB before, "
              f"{after[service] / 1024:.0f} MiB after "
              f"(peak / file size = {after[service] / 1024 / mib:.2f})")


if __name__ == "__main__":
    main()

"""gunicorn settings for all four services, tuned for many long-lived audio streams.

The operator and media_service run the gevent worker (the default here): a listener's stream is a
greenlet waiting on a socket, not a thread, so one worker carries hundreds of open streams
(scripts/benchmark_streams.py measures how many). pymongo and requests cooperate once gevent has
patched the standard library, which the worker does before it imports the app. CPU-heavy work (tags,
images, password hashes) runs on a native thread pool instead (common/offload.py), so it cannot stall
the other connections of its worker. auth_service and song_service, whose requests are short and
CPU-bound (password checks, search ranking, playlist imports), run gthread, where preemptive threads
keep one slow request from stalling the rest; their deployments set GUNICORN_WORKER_CLASS.

Every value comes from the environment, so compose and the Kubernetes manifests can tune them.
"""
import os
import shutil
import sys
import tempfile

# Metrics (common/metrics.py) are kept per worker process in files that the master sums and serves on
# METRICS_PORT. prometheus_client chooses that mode when it is first imported, so the directory is made
# here, before anything imports it: a fresh one per start, so no file of an earlier run's workers is
# counted. Without METRICS_PORT none is served.
#
# The files are memory-mapped and written on every request and every streamed chunk, so they live in
# memory (/dev/shm, where the heartbeat files are: GUNICORN_WORKER_TMP_DIR, an in-memory emptyDir in
# Kubernetes), for the heartbeat's reason: on a disk, a write to a page being written back can wait for
# the disk, and with it the whole gevent worker and every stream it serves.
METRICS_PORT = os.environ.get("METRICS_PORT")


def _in_memory_directory():
    for directory in (os.environ.get("GUNICORN_WORKER_TMP_DIR"), "/dev/shm"):
        if directory and os.path.isdir(directory) and os.access(directory, os.W_OK):
            return directory
    return None  # no tmpfs here: the temporary directory


METRICS_DIRECTORY = (tempfile.mkdtemp(prefix="music-metrics-", dir=_in_memory_directory())
                     if METRICS_PORT else None)
if METRICS_DIRECTORY:
    os.environ["PROMETHEUS_MULTIPROC_DIR"] = METRICS_DIRECTORY

# The gevent workers' resolver: address literals at once, names kept briefly (common/gevent_resolver.py).
# gevent reads this when a worker's hub first resolves a name, after the fork.
os.environ.setdefault("GEVENT_RESOLVER", "common.gevent_resolver.CachingResolver")

from common import metrics_server  # noqa: E402  (after the directory is chosen)
from common.json_logs import formatter_options  # noqa: E402

bind = f"{os.environ.get('HOST', '0.0.0.0')}:{os.environ.get('PORT', '8080')}"
workers = int(os.environ.get("WEB_CONCURRENCY", "2"))
# "gevent" (the default) or "gthread", which holds one thread per open connection.
worker_class = os.environ.get("GUNICORN_WORKER_CLASS", "gevent")
# Open connections one gevent worker accepts at once; beyond that new ones wait in the listen backlog.
worker_connections = int(os.environ.get("GUNICORN_WORKER_CONNECTIONS", "1000"))
threads = int(os.environ.get("GUNICORN_THREADS", "8"))
# The worker heartbeat, not a limit on how long a stream may run.
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "120"))
# On SIGTERM a worker stops accepting at once and lets running streams go on this long; a listener whose
# stream is cut after that re-requests its Range and reaches another pod. Kept below the pod's
# terminationGracePeriodSeconds, less its preStop pause.
graceful_timeout = int(os.environ.get("GUNICORN_GRACEFUL_TIMEOUT", "20"))
# How long an idle keep-alive connection stays open. The operator reuses a backend connection only while
# it has been idle for less than this (BACKEND_MAX_IDLE_SECONDS, 2 s), so it never sends on one being closed.
keepalive = int(os.environ.get("GUNICORN_KEEPALIVE", "5"))
backlog = int(os.environ.get("GUNICORN_BACKLOG", "2048"))
accesslog = "-"
errorlog = "-"
# Containers run with a read-only root filesystem; the heartbeat files live in a tmpfs or emptyDir.
worker_tmp_dir = os.environ.get("GUNICORN_WORKER_TMP_DIR") or None
# Peers whose X-Forwarded-Proto gunicorn believes (addresses or networks, comma-separated): the ingress
# controller's, and nobody's when unset. A client reaching a pod directly must not choose its scheme.
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1")
# Nothing is served under a path prefix, so no peer, trusted or not, may set SCRIPT_NAME or PATH_INFO
# through headers (gunicorn's default takes them from a trusted peer; with "*" that was anyone, and a
# prefix the path did not start with answered 500). Headers with an underscore are then dropped.
forwarder_headers = ""
header_map = "drop"
# gunicorn's control socket defaults to one path per user, which several services on one host
# (and a read-only container filesystem) cannot share; nothing here uses it.
control_socket_disable = True


def when_ready(server):
    """Serve the workers' summed metrics from the master, on a port of their own (never the service's)."""
    if METRICS_PORT:
        metrics_server.serve_metrics(int(METRICS_PORT), os.environ.get("HOST", "0.0.0.0"))
        server.log.info("metrics on port %s", METRICS_PORT)


def child_exit(server, worker):
    if METRICS_PORT:
        metrics_server.forget_worker(worker.pid)


def on_exit(server):
    if METRICS_DIRECTORY:
        shutil.rmtree(METRICS_DIRECTORY, ignore_errors=True)


def post_worker_init(worker):
    """Start what the service runs beside its requests, now that this worker has its own process and app
    (song_service builds its search index and follows the change log)."""
    for start in getattr(worker.wsgi, "extensions", {}).get("worker_starts", ()):
        start()


def _service_name():
    """The service this gunicorn serves, from its app argument ("song_service.app:create_app()")."""
    apps = [argument for argument in sys.argv if argument.endswith(".app:create_app()")]
    return apps[-1].split(".", 1)[0] if apps else "gunicorn"


# gunicorn's own logs as JSON lines too, the access log with the request id (common/json_logs.py).
_JSON = formatter_options(service=_service_name())
logconfig_dict = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {
        "json": {"()": "pythonjsonlogger.json.JsonFormatter", **_JSON},
        "access": {"()": "common.json_logs.GunicornAccessFormatter", **_JSON},
    },
    "handlers": {
        "console": {"class": "logging.StreamHandler", "formatter": "json", "stream": "ext://sys.stdout"},
        "error_console": {"class": "logging.StreamHandler", "formatter": "json", "stream": "ext://sys.stderr"},
        "access_console": {"class": "logging.StreamHandler", "formatter": "access", "stream": "ext://sys.stdout"},
    },
    "root": {"level": "INFO", "handlers": ["console"]},
    "loggers": {
        "gunicorn.error": {"level": "INFO", "handlers": ["error_console"], "propagate": False},
        "gunicorn.access": {"level": "INFO", "handlers": ["access_console"], "propagate": False},
    },
}

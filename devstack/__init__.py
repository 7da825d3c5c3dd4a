"""Starts the whole system on this machine: the embedded dev database and the four services under gunicorn.

``python -m devstack`` is the README's run command; the integration and browser tests use the same functions.
"""
import fcntl
import os
import random
import signal
import socket
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field

import requests

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
SERVICES = ("auth_service", "song_service", "media_service", "operator_service")
# The process that makes media_service's renditions (flask --app media_service.app make-renditions).
TRANSCODER = "media_transcoder"
DEFAULT_PORTS = {"auth_service": 5001, "song_service": 5002, "media_service": 5003, "operator_service": 8080}
# Where each gunicorn master serves its service's Prometheus metrics (common/metrics.py).
DEFAULT_METRICS_PORTS = {"auth_service": 9101, "song_service": 9102, "media_service": 9103, "operator_service": 9100}
# As deployed (kubernetes/*-deployment.yaml, docker-compose.yml): the two services that hold streams run
# gevent; the two whose requests are short and CPU-bound keep threads. GUNICORN_WORKER_CLASS overrides.
WORKER_CLASSES = {"auth_service": "gthread", "song_service": "gthread", "media_service": "gevent",
                  "operator_service": "gevent"}


# Ports for services are taken below the kernel's range for outgoing connections' own ports: a port the
# kernel handed out as free (bind to 0) comes from that range, and a client connection could take it
# before the service bound it (a CI run lost a stack that way, with thousands of connections going on).
FIRST_SERVICE_PORT = 20000


def _ephemeral_ports_start():
    try:
        with open("/proc/sys/net/ipv4/ip_local_port_range") as ports:
            return int(ports.read().split()[0])
    except (OSError, ValueError, IndexError):
        return 32768


# Ports this process has handed out: each one's lock file stays locked until the process exits.
_claimed_ports = []


def _claim(port):
    """Whether ``port`` is now this process's alone among the processes that use free_port (parallel test
    workers, benchmarks): two of them once drew the same random port within the same second, and the second
    stack could not start."""
    directory = os.path.join(tempfile.gettempdir(), f"music-devstack-ports-{os.getuid()}")
    os.makedirs(directory, exist_ok=True)
    handle = open(os.path.join(directory, f"{port}.lock"), "a")
    try:
        fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        handle.close()
        return False
    _claimed_ports.append(handle)
    return True


def free_port():
    """A port nothing listens on now and no other process using this function has taken, outside the range
    of outgoing connections' ports when it can be."""
    last = _ephemeral_ports_start() - 1
    if last > FIRST_SERVICE_PORT + 1000:
        for _ in range(100):
            port = random.randint(FIRST_SERVICE_PORT, last)
            with socket.socket() as probe:
                try:
                    probe.bind(("127.0.0.1", port))
                except OSError:
                    continue
            if _claim(port):
                return port
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _wait_for(predicate, timeout, what, process=None):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process is not None and process.poll() is not None:
            raise RuntimeError(f"{what} exited with code {process.returncode} while starting")
        try:
            if predicate():
                return
        except (OSError, requests.RequestException):
            pass
        time.sleep(0.1)
    raise TimeoutError(f"{what} did not become ready within {timeout} s")


def _port_open(port):
    with socket.create_connection(("127.0.0.1", port), timeout=0.5):
        return True


def start_database(port, storage_path, log_file=None):
    """SecantusDB, a single-node server speaking the MongoDB wire protocol, on loopback."""
    _ensure_port_free(port, "SecantusDB")
    os.makedirs(storage_path, exist_ok=True)
    process = subprocess.Popen(
        [sys.executable, "-m", "secantus", "--port", str(port), "--storage-path", str(storage_path)],
        stdout=log_file or subprocess.DEVNULL,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    _wait_for(lambda: _port_open(port), 30, "SecantusDB", process)
    return process


def _ensure_port_free(port, what):
    # Otherwise a leftover process on the port would answer the readiness check in the new one's place.
    try:
        _port_open(port)
    except OSError:
        return
    raise RuntimeError(f"port {port} for {what} is already in use; stop whatever runs there or pick another port")


def start_service(name, port, environment, log_file=None, workers=1, metrics_port=None):
    _ensure_port_free(port, name)
    env = {"GUNICORN_WORKER_CLASS": WORKER_CLASSES[name], **os.environ, **environment,
           "PORT": str(port), "HOST": "127.0.0.1", "WEB_CONCURRENCY": str(workers)}
    env.pop("METRICS_PORT", None)
    if metrics_port:
        _ensure_port_free(metrics_port, f"{name}'s metrics")
        env["METRICS_PORT"] = str(metrics_port)
    env["PYTHONPATH"] = ROOT + os.pathsep + env.get("PYTHONPATH", "")
    process = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "--config", "python:common.gunicorn_conf", f"{name}.app:create_app()"],
        cwd=ROOT,
        env=env,
        stdout=log_file or subprocess.DEVNULL,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    url = f"http://127.0.0.1:{port}"
    _wait_for(lambda: requests.get(f"{url}/healthz", timeout=1).ok, 60, name, process)
    return process


def stop_process(process, timeout=15):
    stop_processes([(process, signal.SIGTERM)], timeout)


def stop_processes(processes_and_signals, timeout=15):
    """Signal each process's group at once, then wait for all of them; a group still running after
    ``timeout`` is killed. Stopping them one after another would add their shutdown times up."""
    running = []
    for process, stop_signal in processes_and_signals:
        if process is None or process.poll() is not None:
            continue
        try:
            os.killpg(process.pid, stop_signal)
            running.append(process)
        except ProcessLookupError:
            pass
    deadline = time.monotonic() + timeout
    for process in running:
        try:
            process.wait(max(0.1, deadline - time.monotonic()))
        except subprocess.TimeoutExpired:
            try:
                os.killpg(process.pid, signal.SIGKILL)
            except ProcessLookupError:
                pass
            process.wait()


@dataclass
class Stack:
    """The four services and their addresses; ``processes`` maps a name to its gunicorn master."""

    ports: dict
    environment: dict
    processes: dict = field(default_factory=dict)
    log_file: object = None
    # Each service's metrics port; a service without one serves no metrics.
    metrics_ports: dict = field(default_factory=dict)

    def url(self, service):
        return f"http://127.0.0.1:{self.ports[service]}"

    def metrics_url(self, service):
        return f"http://127.0.0.1:{self.metrics_ports[service]}/metrics"

    def start(self, service, workers=1):
        self.processes[service] = start_service(
            service, self.ports[service], self.environment, self.log_file, workers=workers,
            metrics_port=self.metrics_ports.get(service),
        )

    def stop(self, service):
        stop_process(self.processes.pop(service, None))

    def start_transcoder(self):
        """media_service's rendition worker, a process of its own as in production (never a web worker)."""
        env = {**os.environ, **self.environment}
        env["PYTHONPATH"] = ROOT + os.pathsep + env.get("PYTHONPATH", "")
        self.processes[TRANSCODER] = subprocess.Popen(
            [sys.executable, "-m", "flask", "--app", "media_service.app", "make-renditions"],
            cwd=ROOT, env=env, stdout=self.log_file or subprocess.DEVNULL, stderr=subprocess.STDOUT,
            start_new_session=True,
        )

    def stop_all(self, quick=False):
        """Every process at once. gunicorn's graceful stop (SIGTERM) lets open connections finish, up to
        its keep-alive for an idle one, and the transcoder finishes the file it is converting; ``quick``
        (SIGQUIT, and SIGKILL for the transcoder, whose job is taken up again when its lease ends) stops
        them at once, for a test's teardown: a conversion under way held four teardowns for 15 s each."""
        service_signal = signal.SIGQUIT if quick else signal.SIGTERM
        stopping = [(self.processes.pop(TRANSCODER, None), signal.SIGKILL if quick else signal.SIGTERM)]
        stopping += [(self.processes.pop(service, None), service_signal) for service in reversed(SERVICES)]
        stop_processes(stopping)


def _flask_command(stack, app, command, extra_environment=None):
    """One of a service's flask commands, with the stack's settings: its last line of output, or why it failed."""
    env = {**os.environ, **stack.environment, **(extra_environment or {})}
    env["PYTHONPATH"] = ROOT + os.pathsep + env.get("PYTHONPATH", "")
    result = subprocess.run(
        [sys.executable, "-m", "flask", "--app", app, command], cwd=ROOT, env=env, capture_output=True, text=True,
        timeout=600,
    )
    return (result.stdout or result.stderr).strip().splitlines()[-1:] or [f"{command} printed nothing"]


def sweep_storage(stack):
    """media_service's storage sweeper, once: what a killed run left behind goes at the next start.

    Returns its one-line report, or why it could not run; a failed sweep stops nothing.
    """
    return _flask_command(stack, "media_service.app", "sweep-storage")


def create_admin(stack, username, password):
    """auth_service's create-admin command: the administrator with this name and password, made or updated."""
    return _flask_command(stack, "auth_service.app", "create-admin",
                          {"ADMIN_USERNAME": username, "ADMIN_PASSWORD": password})


def stack_environment(mongo_uri, ports, secrets, database_prefix="music"):
    return {
        "MONGO_URI": mongo_uri,
        "AUTH_DB_NAME": f"{database_prefix}_auth",
        "SONG_DB_NAME": f"{database_prefix}_songs",
        "MEDIA_DB_NAME": f"{database_prefix}_media",
        "AUTH_SERVICE_URL": f"http://127.0.0.1:{ports['auth_service']}",
        "SONG_SERVICE_URL": f"http://127.0.0.1:{ports['song_service']}",
        "MEDIA_SERVICE_URL": f"http://127.0.0.1:{ports['media_service']}",
        **secrets,
    }


def start_stack(mongo_uri, ports, secrets, database_prefix="music", log_file=None, workers=1, metrics_ports=None):
    stack = Stack(ports, stack_environment(mongo_uri, ports, secrets, database_prefix), log_file=log_file,
                  metrics_ports=metrics_ports or {})
    try:
        for service in SERVICES:
            stack.start(service, workers=workers)
        stack.start_transcoder()
    except Exception:
        stack.stop_all()
        raise
    return stack

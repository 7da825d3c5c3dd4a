"""The gunicorn master's side of the metrics (common/metrics.py): it sums the workers' files and serves them.

Only prometheus_client is imported here: the master must not import flask or pymongo, which the gevent
worker patches only after it has forked.
"""
from prometheus_client import CollectorRegistry, multiprocess, start_http_server


def serve_metrics(port, host):
    """Serve the sum of every worker's metrics on ``host:port``, from a thread of the calling process."""
    registry = CollectorRegistry()
    multiprocess.MultiProcessCollector(registry)
    server, _ = start_http_server(port, addr=host, registry=registry)
    return server


def forget_worker(pid):
    """A worker has exited: its open-stream gauge no longer counts (its counters do)."""
    multiprocess.mark_process_dead(pid)

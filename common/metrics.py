"""Prometheus metrics: every metric the four services record is declared here, once.

Under gunicorn each worker is its own process, so the counts live in prometheus_client's multiprocess
files (``PROMETHEUS_MULTIPROC_DIR``), and the gunicorn master serves their sum on ``METRICS_PORT``
(common/metrics_server.py). That port is a separate listener, never the service's own: the operator's
public port has no ``/metrics``, and in Kubernetes only the monitoring namespace may reach the metrics
port (network-policies.yaml). Without gunicorn (tests, flask commands) the values stay in the process.

``kubernetes/monitoring/music-dashboard.json`` charts these metrics; tests/deploy checks that every metric it
names is declared here.
"""
import time
from contextlib import contextmanager
from http import HTTPStatus

from flask import current_app, g, request
from prometheus_client import Counter, Gauge, Histogram
from pymongo import monitoring

# Requests of every service, by route template (never the raw path, which would make a series per id).
HTTP_REQUESTS = Counter(
    "music_http_requests_total", "HTTP requests answered, by route template, method and status.",
    ["service", "route", "method", "status"])
HTTP_REQUEST_DURATION = Histogram(
    "music_http_request_duration_seconds", "Time from a request's arrival to its response's headers.",
    ["service", "route", "method"])

# The operator's calls to the three backends.
BACKEND_REQUESTS = Counter(
    "music_backend_requests_total",
    "Operator calls to a backend, by outcome: ok (2xx/3xx), rejected (4xx) or unavailable (no answer or 5xx).",
    ["backend", "outcome"])
BACKEND_REQUEST_DURATION = Histogram(
    "music_backend_request_duration_seconds", "Time for a backend to answer the operator (to its headers).",
    ["backend"])

# Audio and covers streamed: the operator's audio streams open now are the listeners listening now.
STREAMS_OPEN = Gauge(
    "music_streams_open", "Streamed responses still being sent, by kind (audio or cover).",
    ["service", "kind"], multiprocess_mode="livesum")
STREAM_BYTES = Counter(
    "music_stream_bytes_total", "Bytes of streamed responses sent, by kind.", ["service", "kind"])

# Uploads that reach media_service, by result: stored, refused (the uploader's file: too large, empty,
# not audio) or failed (ours).
UPLOADS = Counter("music_uploads_total", "Audio uploads by result: stored, refused or failed.", ["result"])
UPLOAD_BYTES = Counter("music_upload_bytes_total", "Bytes received in audio uploads, by result.", ["result"])

SEARCH_DURATION = Histogram(
    "music_search_duration_seconds", "Time to rank one search, by scope (all kinds, or songs only).",
    ["scope"], buckets=(0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5))

MONGO_COMMAND_DURATION = Histogram(
    "music_mongodb_command_duration_seconds", "MongoDB command latency, by command and outcome.",
    ["service", "command", "outcome"],
    buckets=(0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5))

LOGINS = Counter("music_logins_total", "Login attempts, by outcome: success, failure or rate_limited.", ["outcome"])
RATE_LIMIT_REFUSALS = Counter(
    "music_rate_limit_refusals_total", "Requests refused by a rate limit, by limit.", ["limit"])

# Every label value comes from a closed set, so that no request can add a series: a route is its URL rule
# (an unknown path is one value), and a method or status a client could choose outside the usual ones
# folds into OTHER. Each series costs memory in every worker's multiprocess file and on the scraper.
UNMATCHED_ROUTE = "<unmatched>"
OTHER = "other"
KNOWN_METHODS = frozenset({"GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"})
KNOWN_STATUSES = frozenset(str(status.value) for status in HTTPStatus)


def method_label(method):
    return method if method in KNOWN_METHODS else OTHER


def status_label(status_code):
    status = str(status_code)
    return status if status in KNOWN_STATUSES else OTHER


def _service():
    return current_app.config["SERVICE_NAME"]


def init_request_metrics(app):
    """Count and time every request by its route template. The clock is the request log's
    (common/json_logs.py ``init_request_log``, registered first), so both report the same duration."""

    @app.after_request
    def record_request(response):
        route = request.url_rule.rule if request.url_rule else UNMATCHED_ROUTE
        service, method = _service(), method_label(request.method)
        HTTP_REQUESTS.labels(service, route, method, status_label(response.status_code)).inc()
        started = g.get("request_started")
        if started is not None:
            HTTP_REQUEST_DURATION.labels(service, route, method).observe(time.perf_counter() - started)
        return response


class _MeteredStream:
    """A response body that counts its bytes as they are sent, and is an open stream until it is closed."""

    def __init__(self, body, service, kind):
        self._body = body
        self._open = STREAMS_OPEN.labels(service, kind)
        self._bytes = STREAM_BYTES.labels(service, kind)
        self._open.inc()
        self._closed = False
        if hasattr(body, "on_sent"):
            # A body that sends most of its bytes itself (operator_service/models/relay.py) counts them here.
            body.on_sent = self._bytes.inc

    def __iter__(self):
        for chunk in self._body:
            self._bytes.inc(len(chunk))
            yield chunk

    def close(self):
        # The WSGI server closes every body once, sent in full or not; werkzeug's Response.close may too.
        if not self._closed:
            self._closed = True
            self._open.dec()
        close = getattr(self._body, "close", None)
        if close is not None:
            close()


def meter_stream(response, kind):
    """Count ``response``'s streamed body in the stream metrics; call after any Range handling."""
    response.response = _MeteredStream(response.response, _service(), kind)
    return response


@contextmanager
def counting_upload():
    """Record one upload's result; the body sets ``upload["bytes"]`` once it knows how many arrived."""
    upload = {"bytes": 0}
    result = "failed"
    try:
        yield upload
        result = "stored"
    except Exception as error:
        code = getattr(error, "code", None)
        if isinstance(code, int) and 400 <= code < 500:
            result = "refused"
        raise
    finally:
        UPLOADS.labels(result).inc()
        UPLOAD_BYTES.labels(result).inc(upload["bytes"])


@contextmanager
def timing_search(scope):
    started = time.perf_counter()
    try:
        yield
    finally:
        SEARCH_DURATION.labels(scope).observe(time.perf_counter() - started)


@contextmanager
def timing_backend_call(backend):
    """Time a call to ``backend``; the body sets ``call["outcome"]`` (ok, rejected or unavailable)."""
    call = {"outcome": "unavailable"}
    started = time.perf_counter()
    try:
        yield call
    finally:
        BACKEND_REQUEST_DURATION.labels(backend).observe(time.perf_counter() - started)
        BACKEND_REQUESTS.labels(backend, call["outcome"]).inc()


class MongoCommandTimer(monitoring.CommandListener):
    """pymongo command listener: each command's latency, for the service whose client it is attached to."""

    def __init__(self, service):
        self.service = service

    def started(self, event):
        pass

    def succeeded(self, event):
        MONGO_COMMAND_DURATION.labels(self.service, event.command_name, "ok").observe(event.duration_micros / 1e6)

    def failed(self, event):
        MONGO_COMMAND_DURATION.labels(self.service, event.command_name, "failed").observe(event.duration_micros / 1e6)

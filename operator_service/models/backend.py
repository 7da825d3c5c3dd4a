"""A pooled HTTP client per backend: a timeout on every call, retries on connection failures, and
errors translated into exceptions the operator's pages understand."""
import http.cookiejar
import logging
import os
import secrets
import threading
import time

import requests
from flask import current_app
from flask_login import current_user
from requests.adapters import HTTPAdapter
from urllib3.connectionpool import HTTPConnectionPool, HTTPSConnectionPool
from urllib3.exceptions import ReadTimeoutError
from urllib3.util.retry import Retry
from werkzeug.exceptions import HTTPException

from common.idempotency import HEADER as IDEMPOTENCY_HEADER
from common.idempotency import UNSAFE_METHODS
from common.metrics import timing_backend_call
from common.request_ids import HEADER as REQUEST_ID_HEADER
from common.request_ids import current_request_id
from common.service_tokens import ROLE_SERVICE, issue_token
from common.streaming import STREAM_CLIENT_SOCKET_OPTIONS

log = logging.getLogger(__name__)


class BackendUnavailable(HTTPException):
    """The backend did not answer, or answered with a server error."""

    code = 503

    def __init__(self, service):
        self.service = service
        super().__init__(f"The {service.replace('_', ' ')} is not answering right now. Please try again in a moment.")


class BackendRejected(HTTPException):
    """The backend refused the request (a 4xx); its message is safe to show, and a 429's Retry-After is kept."""

    def __init__(self, status, message, retry_after=None):
        self.code = status
        self.retry_after = retry_after
        super().__init__(message)

    def get_headers(self, environ=None, scope=None):
        headers = super().get_headers(environ, scope)
        if self.retry_after:
            headers.append(("Retry-After", self.retry_after))
        return headers


class _IdleLimitedPool:
    """Mixed into urllib3's pools: a connection idle longer than ``max_idle_seconds`` is closed, not reused.

    The backends' gunicorn closes a connection idle for its keep-alive (5 s). A request sent on such a
    connection just as the backend closes it is lost ("Remote end closed connection without response");
    a connection reused only while it is fresher than that never meets the close.
    """

    max_idle_seconds = 2.0

    def _get_conn(self, timeout=None):
        conn = super()._get_conn(timeout)
        idle_since = getattr(conn, "idle_since", None)
        if idle_since is not None and time.monotonic() - idle_since > self.max_idle_seconds:
            conn.close()  # http.client opens it again for the next request
        return conn

    def _put_conn(self, conn):
        if conn is not None:
            conn.idle_since = time.monotonic()
        super()._put_conn(conn)


class _ResendRetry(Retry):
    """urllib3's Retry, except that a read timeout is never resent: the backend may still be working on
    the first request, and a second one would only double its load."""

    def _is_read_error(self, err):
        return super()._is_read_error(err) and not isinstance(err, ReadTimeoutError)


class _PoolAdapter(HTTPAdapter):
    """An adapter whose connections are opened with ``socket_options`` and never reused past ``max_idle``."""

    def __init__(self, socket_options, max_idle_seconds, **kwargs):
        self.socket_options = socket_options
        self.max_idle_seconds = max_idle_seconds
        super().__init__(**kwargs)

    def init_poolmanager(self, *args, **kwargs):
        super().init_poolmanager(*args, socket_options=self.socket_options, **kwargs)
        limit = {"max_idle_seconds": self.max_idle_seconds}
        self.poolmanager.pool_classes_by_scheme = {
            "http": type("IdleLimitedHTTPPool", (_IdleLimitedPool, HTTPConnectionPool), limit),
            "https": type("IdleLimitedHTTPSPool", (_IdleLimitedPool, HTTPSConnectionPool), limit),
        }


def _retrying_session(pool_size, max_idle_seconds):
    session = requests.Session()
    # The backends are the cluster's own addresses: no proxy from the environment applies, and looking
    # for one costs more than the rest of a relayed request's set-up.
    session.trust_env = False
    # The backends set no cookies, and a jar shared by every request of the process must not start to.
    session.cookies.set_policy(http.cookiejar.DefaultCookiePolicy(allowed_domains=[]))
    # Connection failures are retried: nothing reached the backend. A request whose connection broke
    # before its answer came ("Remote end closed connection without response") is sent again too, whatever
    # its method: every call that changes something carries an Idempotency-Key (Backend.request), so the
    # backend answers a resend with its first answer instead of doing the work twice.
    # A 429 or 503 with Retry-After is an answer to pass on, not a reason to call again (urllib3 would).
    retry = _ResendRetry(total=3, connect=2, read=2, status=0, other=0, backoff_factor=0.1,
                         allowed_methods=None, respect_retry_after_header=False)
    # One open stream holds one pooled connection for as long as the listener listens, so the pool is as
    # large as the number of connections a worker serves; a smaller one would open and throw away a new
    # connection for every stream beyond it.
    # A relayed stream is read only as fast as the listener takes it; a capped receive buffer keeps the
    # connection from pulling megabytes ahead of the listener (see common/streaming.py).
    adapter = _PoolAdapter(STREAM_CLIENT_SOCKET_OPTIONS, max_idle_seconds, pool_connections=4,
                           pool_maxsize=pool_size, max_retries=retry)
    session.mount("http://", adapter)
    session.mount("https://", adapter)
    return session


class Backend:
    """One backend service; ``config_key`` names the setting that holds its base URL."""

    def __init__(self, name, config_key):
        self.name = name
        self.config_key = config_key
        self._session = None
        self._session_pid = None
        self._lock = threading.Lock()

    @property
    def session(self):
        # One pooled session per process, shared by its threads or greenlets: urllib3's pool is
        # thread-safe, and a per-greenlet session would open a new connection for every request. A
        # session inherited across gunicorn's fork is never reused.
        if self._session_pid != os.getpid():
            with self._lock:
                if self._session_pid != os.getpid():
                    config = current_app.config
                    self._session = _retrying_session(config["BACKEND_POOL_SIZE"],
                                                      config["BACKEND_MAX_IDLE_SECONDS"])
                    self._session_pid = os.getpid()
        return self._session

    def url(self, path):
        return current_app.config[self.config_key].rstrip("/") + path

    @staticmethod
    def auth_headers(as_service=False):
        config = current_app.config
        secret = config["SERVICE_TOKEN_SECRET"]
        if as_service or not current_user.is_authenticated:
            token = issue_token(secret, "operator", "operator", ROLE_SERVICE)
        else:
            token = issue_token(secret, current_user.id, current_user.username, current_user.role)
        headers = {"Authorization": f"Bearer {token}"}
        request_id = current_request_id()
        if request_id:
            headers[REQUEST_ID_HEADER] = request_id
        return headers

    def request(self, method, path, *, as_service=False, headers=None, stream=False, pass_through=(), **kwargs):
        """Send a request; returns the response for 2xx, 3xx and ``pass_through`` statuses, raises otherwise."""
        config = current_app.config
        all_headers = {**self.auth_headers(as_service), **(headers or {})}
        if method.upper() in UNSAFE_METHODS:
            # One key per call, sent again unchanged with each resend of it (see _retrying_session).
            all_headers[IDEMPOTENCY_HEADER] = secrets.token_urlsafe(24)
        with timing_backend_call(self.name) as call:
            try:
                response = self.session.request(
                    method, self.url(path), headers=all_headers, stream=stream,
                    timeout=(config["BACKEND_CONNECT_TIMEOUT"], config["BACKEND_READ_TIMEOUT"]),
                    **kwargs,
                )
            except requests.RequestException as error:
                log.warning("%s %s %s failed: %s", self.name, method, path, error)
                raise BackendUnavailable(self.name) from None
            if response.status_code < 400:
                call["outcome"] = "ok"
            elif response.status_code < 500:
                call["outcome"] = "rejected"
        if response.status_code >= 500:
            log.warning("%s %s %s answered %s", self.name, method, path, response.status_code)
            response.close()
            raise BackendUnavailable(self.name)
        if response.status_code >= 400 and response.status_code not in pass_through:
            message = _error_message(response)
            response.close()
            raise BackendRejected(response.status_code, message, response.headers.get("Retry-After"))
        return response

    def json(self, method, path, **kwargs):
        return self.request(method, path, **kwargs).json()


def _error_message(response):
    try:
        return str(response.json().get("error") or response.reason)
    except ValueError:
        return response.reason or "The request was refused."


auth_backend = Backend("auth_service", "AUTH_SERVICE_URL")
song_backend = Backend("song_service", "SONG_SERVICE_URL")
media_backend = Backend("media_service", "MEDIA_SERVICE_URL")

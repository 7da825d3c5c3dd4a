"""A pooled HTTP client per backend: a timeout on every call, retries on connection failures, and
errors translated into exceptions the operator's pages understand."""
import http.cookiejar
import logging
import os
import threading

import requests
from flask import current_app
from flask_login import current_user
from requests.adapters import HTTPAdapter
from urllib3.util.retry import Retry
from werkzeug.exceptions import HTTPException

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


class _PoolAdapter(HTTPAdapter):
    """An adapter whose connections are opened with ``socket_options``."""

    def __init__(self, socket_options, **kwargs):
        self.socket_options = socket_options
        super().__init__(**kwargs)

    def init_poolmanager(self, *args, **kwargs):
        super().init_poolmanager(*args, socket_options=self.socket_options, **kwargs)


def _retrying_session(pool_size):
    session = requests.Session()
    # The backends are the cluster's own addresses: no proxy from the environment applies, and looking
    # for one costs more than the rest of a relayed request's set-up.
    session.trust_env = False
    # The backends set no cookies, and a jar shared by every request of the process must not start to.
    session.cookies.set_policy(http.cookiejar.DefaultCookiePolicy(allowed_domains=[]))
    # Connection failures are retried for every method: nothing reached the backend, so even a POST is
    # safe to resend. A GET is also sent again once when a pooled connection turns out to have been
    # closed by the backend's keep-alive timeout just as it was reused ("Remote end closed connection
    # without response"): under load the 5 s session checks met the backends' 5 s keep-alive.
    # A 429 or 503 with Retry-After is an answer to pass on, not a reason to call again (urllib3 would).
    retry = Retry(total=2, connect=2, read=1, status=0, other=0, backoff_factor=0.2,
                  allowed_methods=frozenset({"GET", "HEAD"}), respect_retry_after_header=False)
    # One open stream holds one pooled connection for as long as the listener listens, so the pool is as
    # large as the number of connections a worker serves; a smaller one would open and throw away a new
    # connection for every stream beyond it.
    # A relayed stream is read only as fast as the listener takes it; a capped receive buffer keeps the
    # connection from pulling megabytes ahead of the listener (see common/streaming.py).
    adapter = _PoolAdapter(STREAM_CLIENT_SOCKET_OPTIONS, pool_connections=4, pool_maxsize=pool_size,
                           max_retries=retry)
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
                    self._session = _retrying_session(current_app.config["BACKEND_POOL_SIZE"])
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

"""A pooled HTTP client per backend: a timeout on every call, retries on connection failures, and
errors translated into exceptions the operator's pages understand."""
import logging
import os
import threading

import requests
from flask import current_app
from flask_login import current_user
from requests.adapters import HTTPAdapter
from urllib3.util.retry import Retry
from werkzeug.exceptions import HTTPException

from common.request_ids import HEADER as REQUEST_ID_HEADER
from common.request_ids import current_request_id
from common.service_tokens import ROLE_SERVICE, issue_token

log = logging.getLogger(__name__)


class BackendUnavailable(HTTPException):
    """The backend did not answer, or answered with a server error."""

    code = 503

    def __init__(self, service):
        self.service = service
        super().__init__(f"The {service.replace('_', ' ')} is not answering right now. Please try again in a moment.")


class BackendRejected(HTTPException):
    """The backend refused the request (a 4xx); its message is safe to show."""

    def __init__(self, status, message):
        self.code = status
        super().__init__(message)


def _retrying_session():
    session = requests.Session()
    # Only connection failures are retried: nothing reached the backend, so even a POST is safe to resend.
    retry = Retry(total=2, connect=2, read=0, status=0, other=0, backoff_factor=0.2, allowed_methods=None)
    adapter = HTTPAdapter(pool_connections=4, pool_maxsize=32, max_retries=retry)
    session.mount("http://", adapter)
    session.mount("https://", adapter)
    return session


class Backend:
    """One backend service; ``config_key`` names the setting that holds its base URL."""

    def __init__(self, name, config_key):
        self.name = name
        self.config_key = config_key
        self._local = threading.local()

    @property
    def session(self):
        # One pooled session per process and thread: requests.Session is not documented as thread-safe,
        # and a session inherited across gunicorn's fork must not be shared.
        key = os.getpid()
        if getattr(self._local, "pid", None) != key:
            self._local.session = _retrying_session()
            self._local.pid = key
        return self._local.session

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
        try:
            response = self.session.request(
                method, self.url(path), headers=all_headers, stream=stream,
                timeout=(config["BACKEND_CONNECT_TIMEOUT"], config["BACKEND_READ_TIMEOUT"]),
                **kwargs,
            )
        except requests.RequestException as error:
            log.warning("%s %s %s failed: %s", self.name, method, path, error)
            raise BackendUnavailable(self.name) from None
        if response.status_code >= 500:
            log.warning("%s %s %s answered %s", self.name, method, path, response.status_code)
            response.close()
            raise BackendUnavailable(self.name)
        if response.status_code >= 400 and response.status_code not in pass_through:
            message = _error_message(response)
            response.close()
            raise BackendRejected(response.status_code, message)
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
BACKENDS = (auth_backend, song_backend, media_backend)

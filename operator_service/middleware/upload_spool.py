"""The upload views' request bodies: how large each may be, and how much of them one worker holds at once.

werkzeug writes an upload's body to a temporary file (``/tmp``, an emptyDir of fixed size in Kubernetes)
while the view sends it on to media_service. Every other request is held to the small MAX_CONTENT_LENGTH,
which werkzeug keeps in memory; a view decorated here (an admin's audio or cover, a listener's playlist
file) raises the limit for its own request, and first reserves that many bytes of its worker's spool
budget, waiting while other uploads fill it. The budget is one full upload form
(UPLOAD_MAX_FILES files), so a pod's /tmp needs WEB_CONCURRENCY of them (tests/deploy checks the manifest).

CSRFProtect checks a POST before any view, and reading its token parses the whole body; these views are
exempt from that early check and make the same check here, once the body has room.
"""
import threading
from functools import wraps

from flask import current_app, request
from werkzeug.exceptions import RequestEntityTooLarge, ServiceUnavailable

from operator_service.extensions import csrf

# A multipart body's boundary, part headers and CSRF field, per file; a browser sends far less.
PART_OVERHEAD_BYTES = 64 * 1024
# How long an upload waits for room before it is refused: long enough for a song or two to go through.
WAIT_FOR_ROOM_SECONDS = 60
EXTENSION_KEY = "upload_spool"


def request_limit(config, files):
    """The largest body of an upload request that carries ``files`` files."""
    return files * (config["UPLOAD_MAX_BYTES"] + PART_OVERHEAD_BYTES)


def worker_spool_limit(config):
    """The upload bytes one worker holds in its temporary directory at most: one full form's worth."""
    return request_limit(config, config["UPLOAD_MAX_FILES"])


class SpoolBudget:
    """Bytes of upload bodies a worker may hold at once; a request reserves its size before it is read.

    Under gevent, threading is patched, so a request waiting for room lets the worker's other greenlets run.
    """

    def __init__(self, capacity):
        self.capacity = capacity
        self.reserved = 0
        self._changed = threading.Condition()

    def reserve(self, size, timeout):
        """Wait for ``size`` bytes of room, and take them; returns what was taken. A request larger than the
        whole budget (a cover above UPLOAD_MAX_BYTES, say) waits until it has the budget to itself."""
        size = min(size, self.capacity)
        with self._changed:
            if not self._changed.wait_for(lambda: self.reserved + size <= self.capacity, timeout):
                raise ServiceUnavailable("Other uploads are filling this server's room for files right now. "
                                         "Please try again in a minute.", retry_after=60)
            self.reserved += size
        return size

    def release(self, size):
        with self._changed:
            self.reserved -= size
            self._changed.notify_all()


def _budget():
    app = current_app._get_current_object()
    return app.extensions.setdefault(EXTENSION_KEY, SpoolBudget(worker_spool_limit(app.config)))


def _too_large_message(files):
    limit_mb = current_app.config["UPLOAD_MAX_BYTES"] / 1048576
    if files == 1:
        return f"The file is larger than the {limit_mb:g} MB upload limit."
    return f"Upload at most {files} files of up to {limit_mb:g} MB each at once."


def takes_files(limit_for, too_large_message):
    """For a view whose POST may carry files: its body may reach ``limit_for(config)`` bytes (and is
    refused with ``too_large_message(limit)`` beyond), within the worker's spool budget.

    Apply it inside ``login_required`` or ``admin_required``, so that no stranger's body is ever read or
    spooled: every other request is held to the small MAX_CONTENT_LENGTH.
    """

    def decorate(view):
        @wraps(view)
        def wrapped(*args, **kwargs):
            if request.method != "POST":
                return view(*args, **kwargs)
            limit = limit_for(current_app.config)
            if request.content_length is not None and request.content_length > limit:
                raise RequestEntityTooLarge(too_large_message(limit))
            request.max_content_length = limit  # also bounds a body sent without a length
            size = request.content_length if request.content_length is not None else limit
            budget = _budget()
            size = budget.reserve(size, WAIT_FOR_ROOM_SECONDS)
            try:
                if current_app.config.get("WTF_CSRF_ENABLED", True):
                    csrf.protect()
                return view(*args, **kwargs)
            finally:
                budget.release(size)

        return csrf.exempt(wrapped)

    return decorate


def takes_audio_files(one_file=False):
    """For a view whose POST carries audio files: one (``one_file``) or up to UPLOAD_MAX_FILES; inside
    ``admin_required``."""

    def limit_for(config):
        return request_limit(config, 1 if one_file else config["UPLOAD_MAX_FILES"])

    def message(limit):
        return _too_large_message(1 if one_file else current_app.config["UPLOAD_MAX_FILES"])

    return takes_files(limit_for, message)


def takes_one_file(max_bytes_of, what):
    """For a view whose POST carries one file of at most ``max_bytes_of(config)`` bytes, ``what`` naming it
    in the refusal ("The image is larger than 20 MB.")."""

    def limit_for(config):
        return max_bytes_of(config) + PART_OVERHEAD_BYTES

    def message(limit):
        return f"{what} is larger than {max_bytes_of(current_app.config) / 1048576:g} MB."

    return takes_files(limit_for, message)

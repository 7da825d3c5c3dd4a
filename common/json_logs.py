"""Logs as JSON lines on standard output, one object per line, so that a log collector needs no parsing rules.

Every line has ``time``, ``level``, ``service``, ``logger`` and ``message``; lines written while a request
is handled also have its ``request_id`` (the operator passes it on to the backends, so one id follows a
request through all four services) and ``user_id`` once the caller is known. Each request ends with one
``request`` line: route template, method, status and milliseconds to the response. gunicorn's access log
is JSON too (``GunicornAccessFormatter``), with the bytes sent and the time the whole response took,
streams included. Passwords, tokens and cookies are never logged: no line carries headers or bodies.
"""
import logging
import time

from flask import g, has_request_context, request
from pythonjsonlogger.json import JsonFormatter

from common.request_ids import current_request_id


def formatter_options(**static_fields):
    """The JsonFormatter settings every line shares; gunicorn's logs (common/gunicorn_conf.py) use them too."""
    return {"fmt": "{asctime}{levelname}{name}{message}", "style": "{", "timestamp": False,
            "rename_fields": {"asctime": "time", "levelname": "level", "name": "logger"},
            "static_fields": static_fields}


class RequestContextFilter(logging.Filter):
    """Adds the service, and within a request its id and the caller's user id."""

    def __init__(self, service):
        super().__init__()
        self.service = service

    def filter(self, record):
        record.service = self.service
        if has_request_context():
            record.request_id = current_request_id()
            user_id = g.get("user_id")
            if user_id:
                record.user_id = str(user_id)
        return True


def json_handler(service):
    handler = logging.StreamHandler()
    handler.addFilter(RequestContextFilter(service))
    handler.setFormatter(JsonFormatter(**formatter_options()))
    return handler


def init_request_log(app):
    """One ``request`` line per request, after the view: route template, method, status, milliseconds."""
    log = logging.getLogger(f"{app.import_name}.requests")

    @app.before_request
    def start_clock():
        g.request_started = time.perf_counter()

    @app.after_request
    def log_request(response):
        started = g.get("request_started")
        log.info("request", extra={
            "method": request.method, "route": request.url_rule.rule if request.url_rule else None,
            "status": response.status_code,
            "duration_ms": round((time.perf_counter() - started) * 1000, 1) if started else None,
        })
        return response


class GunicornAccessFormatter(JsonFormatter):
    """gunicorn's access log as JSON: it hands each line's atoms over as the record's arguments."""

    def add_fields(self, log_record, record, message_dict):
        super().add_fields(log_record, record, message_dict)
        atoms = record.args if isinstance(record.args, dict) else {}
        log_record.update(
            message="access", remote=atoms.get("h"), method=atoms.get("m"), path=atoms.get("U"),
            status=_number(atoms.get("s")), bytes=_number(atoms.get("B")),
            duration_ms=round(int(atoms.get("D") or 0) / 1000, 1),
            request_id=atoms.get("{x-request-id}o") if atoms.get("{x-request-id}o") != "-" else None,
        )


def _number(value):
    try:
        return int(value)
    except (TypeError, ValueError):
        return None

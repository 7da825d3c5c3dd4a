"""The part of every ``create_app`` that is the same in all four services."""
import logging
import os

from flask import Flask
from jinja2 import ChoiceLoader, FileSystemLoader

from common.errors import register_error_handlers
from common.forms import MAX_FORM_PARTS, BoundedRequest
from common.health import create_health_blueprint
from common.idempotency import init_idempotency
from common.ids import MongoJSONProvider, ObjectIdConverter
from common.json_logs import init_request_log, json_handler
from common.metrics import init_request_metrics
from common.mongo import ensure_indexes
from common.request_ids import init_request_ids

REQUIRED_SECRETS = ("SECRET_KEY", "SERVICE_TOKEN_SECRET")
MIN_SECRET_BYTES = 32

# app.extensions key: callables that common/gunicorn_conf.py's post_worker_init runs in each worker once it
# has forked and loaded the app, for work a service does beside its requests.
WORKER_STARTS = "worker_starts"

SHARED_TEMPLATES = os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), "templates")


def configure_logging(level, service):
    """JSON lines on standard output (common/json_logs.py)."""
    root = logging.getLogger()
    root.handlers[:] = [json_handler(service)]
    root.setLevel(level)


def require_real_secrets(config):
    """Refuse to start with a missing, short or example secret, naming it; tests (TESTING) may use short ones."""
    if config.get("TESTING"):
        return
    weak = [name for name in REQUIRED_SECRETS
            if len(str(config.get(name) or "").encode()) < MIN_SECRET_BYTES
            or "placeholder" in str(config.get(name))]  # the example files' values, copied unchanged
    if weak:
        raise RuntimeError(
            f"{' and '.join(weak)} must be set to a random value of at least {MIN_SECRET_BYTES} bytes, "
            "for example the output of: python3 -c 'import secrets; print(secrets.token_urlsafe(32))'"
        )


def create_service_app(import_name, config_class, overrides=None, html_error_template=None, **flask_kwargs):
    app = Flask(import_name, **flask_kwargs)
    app.request_class = BoundedRequest
    app.config["MAX_FORM_PARTS"] = MAX_FORM_PARTS
    app.config.from_object(config_class)
    if overrides:
        app.config.from_mapping(overrides)
    require_real_secrets(app.config)
    app.json = MongoJSONProvider(app)
    app.url_map.converters["objectid"] = ObjectIdConverter
    # Service templates first, then the layout and macros the services share.
    app.jinja_loader = ChoiceLoader([app.jinja_loader, FileSystemLoader(SHARED_TEMPLATES)])
    configure_logging(app.config.get("LOG_LEVEL", "INFO"), app.config.get("SERVICE_NAME", import_name))
    init_request_ids(app)
    init_request_log(app)
    init_request_metrics(app)
    register_error_handlers(app, html_template=html_error_template)
    app.extensions[WORKER_STARTS] = []
    return app


def create_backend_app(import_name, config_class, overrides, *, mongo, indexes, blueprints, readiness_checks=None,
                       retired_indexes=None):
    """A JSON backend: its own database with indexes ensured, its blueprints, and health probes.

    ``readiness_checks`` adds to the database check, by name, callables that raise while not ready.
    """
    app = create_service_app(import_name, config_class, overrides)
    mongo.init_app(app)
    init_idempotency(app, mongo)
    for blueprint in blueprints:
        app.register_blueprint(blueprint)
    app.register_blueprint(create_health_blueprint({"mongo": mongo.ping, **(readiness_checks or {})}))
    with app.app_context():
        ensure_indexes(mongo.db, indexes, retired_indexes)
    return app

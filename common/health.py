"""``/healthz`` says the process is alive; ``/readyz`` also asks the service's dependencies."""
import logging

from flask import Blueprint, jsonify

log = logging.getLogger(__name__)


def create_health_blueprint(readiness_checks):
    """``readiness_checks`` maps a dependency name to a callable that raises when it is not usable."""
    blueprint = Blueprint("health", __name__)

    @blueprint.get("/healthz")
    def healthz():
        return jsonify(status="ok")

    @blueprint.get("/readyz")
    def readyz():
        failures = {}
        for name, check in readiness_checks.items():
            try:
                check()
            except Exception as error:  # any failure means not ready; the reason goes to the log
                log.warning("readiness check %s failed: %s", name, error)
                failures[name] = "unavailable"
        if failures:
            return jsonify(status="unavailable", failures=failures), 503
        return jsonify(status="ok")

    return blueprint

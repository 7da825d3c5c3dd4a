"""Fixtures shared by every test: one SecantusDB server per run, a fresh database per test."""
import os
import secrets as secrets_module
import uuid

import pytest
from cryptography.fernet import Fernet
from pymongo import MongoClient

from devstack import free_port, start_database, stop_process


@pytest.hookimpl(tryfirst=True)  # before pytest-xdist reads the groups
def pytest_collection_modifyitems(config, items):
    """For ``make test``'s parallel run (pytest-xdist, ``--dist loadgroup``): a module's tests stay together
    on one worker, so that its module-scoped stack starts once; a test may name a group of its own
    (``xdist_group``) to run beside the rest of its module, at the cost of a second stack. Long tests are
    handed out first and quick ones last, so that no long test starts when the others are done (make test
    passes ``--no-loadscope-reorder``: xdist would otherwise hand out the groups with the most tests first)."""
    for item in items:
        if item.get_closest_marker("xdist_group") is None:
            item.add_marker(pytest.mark.xdist_group(item.module.__name__))

    def cost(item):
        return (item.get_closest_marker("slow") is None, item.get_closest_marker("browser") is None,
                item.get_closest_marker("stack") is None)

    items.sort(key=cost)


@pytest.fixture(scope="session")
def disposable_database_server():
    """True when the tests run their own database server, whose data goes with it at the end of the run."""
    return not os.environ.get("TEST_MONGO_URI")


@pytest.fixture(scope="session")
def mongo_uri(tmp_path_factory):
    """A real MongoDB-protocol server: ``MONGO_URI`` when set, otherwise an embedded SecantusDB."""
    configured = os.environ.get("TEST_MONGO_URI")
    if configured:
        yield configured
        return
    port = free_port()
    process = start_database(port, tmp_path_factory.mktemp("secantus"))
    yield f"mongodb://127.0.0.1:{port}"
    stop_process(process)


@pytest.fixture(scope="session")
def mongo_client(mongo_uri):
    client = MongoClient(mongo_uri, tz_aware=True)
    yield client
    client.close()


@pytest.fixture
def fresh_db_name(mongo_client):
    name = f"test_{uuid.uuid4().hex[:12]}"
    yield name
    mongo_client.drop_database(name)


@pytest.fixture
def service_config(mongo_uri):
    """Settings every service's test app shares."""
    return {
        "TESTING": True,
        "MONGO_URI": mongo_uri,
        "SECRET_KEY": "test-secret",
        "SERVICE_TOKEN_SECRET": "test-service-secret",
        "MONGO_TIMEOUT_MS": 3000,
    }


@pytest.fixture
def token_for(service_config):
    """``token_for("admin")`` gives an Authorization header for a caller of that role."""
    from common.service_tokens import issue_token

    def make(role, user_id=None, username=None):
        user_id = user_id or str(uuid.uuid4().hex[:24])
        token = issue_token(service_config["SERVICE_TOKEN_SECRET"], user_id, username or f"{role}-user", role)
        return {"Authorization": f"Bearer {token}"}

    return make


@pytest.fixture
def make_service_app(service_config, fresh_db_name):
    """Build a backend's app on a fresh database: ``make_service_app(create_app, EXTRA=...)``."""

    def make(create_app, **overrides):
        app = create_app({**service_config, "MONGO_DB_NAME": fresh_db_name, **overrides})
        return app

    return make


@pytest.fixture(scope="module")
def stack(mongo_uri, tmp_path_factory, request):
    """The four services as real gunicorn processes on free ports, with databases of their own; a module's
    ``STACK_ENVIRONMENT`` adds settings to its stack."""
    from devstack import SERVICES, start_stack

    ports = {service: free_port() for service in SERVICES}
    secrets = {"SECRET_KEY": secrets_module.token_urlsafe(32), "SERVICE_TOKEN_SECRET": secrets_module.token_urlsafe(32),
               "APP_PASSWORD_KEYS": Fernet.generate_key().decode(), "UPLOAD_MAX_BYTES": str(2 * 1024 * 1024),
               **getattr(request.module, "STACK_ENVIRONMENT", {})}
    log_path = tmp_path_factory.mktemp("stack") / "services.log"
    with open(log_path, "w") as log_file:
        running = start_stack(mongo_uri, ports, secrets, database_prefix=f"it{uuid.uuid4().hex[:8]}",
                              log_file=log_file, metrics_ports={service: free_port() for service in SERVICES})
        running.log_path = log_path
        yield running
        running.stop_all(quick=True)
    client = MongoClient(mongo_uri)
    for name in client.list_database_names():
        if name.startswith(running.environment["AUTH_DB_NAME"].rsplit("_", 1)[0] + "_"):
            client.drop_database(name)
    client.close()

"""auth_service entry point: ``create_app``, which gunicorn, flask and the tests call."""
from auth_service.commands import create_admin
from auth_service.config import Config
from auth_service.extensions import mongo
from auth_service.models.indexes import INDEXES
from auth_service.routes import BLUEPRINTS
from common.app_factory import create_backend_app


def create_app(config=None):
    app = create_backend_app(__name__, Config, config, mongo=mongo, indexes=INDEXES, blueprints=BLUEPRINTS)
    app.cli.add_command(create_admin)
    return app


"""media_service entry point: ``create_app``, which gunicorn, flask and the tests call."""
from common.app_factory import create_backend_app
from media_service.commands import make_renditions, sweep_storage
from media_service.config import Config
from media_service.extensions import mongo
from media_service.models.indexes import INDEXES
from media_service.routes import BLUEPRINTS


def create_app(config=None):
    app = create_backend_app(__name__, Config, config, mongo=mongo, indexes=INDEXES, blueprints=BLUEPRINTS)
    app.cli.add_command(sweep_storage)
    app.cli.add_command(make_renditions)
    return app


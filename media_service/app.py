"""media_service entry point: ``create_app`` for tests, ``app`` for gunicorn."""
from common.app_factory import create_backend_app, lazy_app_attribute
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


__getattr__ = lazy_app_attribute(globals(), create_app)

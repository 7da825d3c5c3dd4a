"""song_service entry point: ``create_app`` for tests, ``app`` for gunicorn."""
from common.app_factory import create_backend_app, lazy_app_attribute
from song_service.config import Config
from song_service.extensions import mongo
from song_service.models.indexes import INDEXES
from song_service.routes import BLUEPRINTS


def create_app(config=None):
    return create_backend_app(__name__, Config, config, mongo=mongo, indexes=INDEXES, blueprints=BLUEPRINTS)


__getattr__ = lazy_app_attribute(globals(), create_app)

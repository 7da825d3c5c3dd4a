"""auth_service entry point: ``create_app`` for tests, ``app`` for gunicorn."""
from auth_service.config import Config
from auth_service.extensions import mongo
from auth_service.models import user as users
from auth_service.models.indexes import INDEXES
from auth_service.routes import BLUEPRINTS
from common.app_factory import create_backend_app, lazy_app_attribute


def create_app(config=None):
    app = create_backend_app(__name__, Config, config, mongo=mongo, indexes=INDEXES, blueprints=BLUEPRINTS)
    if app.config["ADMIN_USERNAME"] and app.config["ADMIN_PASSWORD"]:
        with app.app_context():
            users.provision_admin(app.config["ADMIN_USERNAME"], app.config["ADMIN_PASSWORD"])
    return app


__getattr__ = lazy_app_attribute(globals(), create_app)

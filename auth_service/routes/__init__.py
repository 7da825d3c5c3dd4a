"""URL rules of auth_service, one blueprint per feature."""
from auth_service.routes.admin import admin_blueprint
from auth_service.routes.users import users_blueprint

BLUEPRINTS = (users_blueprint, admin_blueprint)

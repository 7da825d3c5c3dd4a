"""URL rules of media_service, one blueprint per feature."""
from media_service.routes.admin import admin_blueprint
from media_service.routes.media import covers_blueprint, media_blueprint

BLUEPRINTS = (media_blueprint, covers_blueprint, admin_blueprint)

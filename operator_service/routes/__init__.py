"""URL rules of the operator, one blueprint per feature."""
from operator_service.routes.admin import admin_blueprint
from operator_service.routes.auth import auth_blueprint
from operator_service.routes.browse import browse_blueprint
from operator_service.routes.library import library_blueprint
from operator_service.routes.likes import likes_blueprint
from operator_service.routes.listening import listening_blueprint
from operator_service.routes.player import player_blueprint
from operator_service.routes.playlists import playlists_blueprint

BLUEPRINTS = (auth_blueprint, library_blueprint, player_blueprint, listening_blueprint, admin_blueprint,
              playlists_blueprint, likes_blueprint, browse_blueprint)

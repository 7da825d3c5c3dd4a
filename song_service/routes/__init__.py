"""URL rules of song_service, one blueprint per feature."""
from song_service.routes.admin import admin_blueprint
from song_service.routes.browse import browse_blueprint
from song_service.routes.likes import likes_blueprint
from song_service.routes.listening import listening_blueprint
from song_service.routes.media_references import media_references_blueprint
from song_service.routes.playlists import playlists_blueprint
from song_service.routes.search import search_blueprint
from song_service.routes.songs import songs_blueprint

BLUEPRINTS = (songs_blueprint, listening_blueprint, playlists_blueprint, likes_blueprint, browse_blueprint,
              search_blueprint, media_references_blueprint, admin_blueprint)

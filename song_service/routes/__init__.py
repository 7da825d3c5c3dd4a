"""URL rules of song_service, one blueprint per feature."""
from song_service.routes.admin import admin_blueprint
from song_service.routes.annotations import annotations_blueprint
from song_service.routes.browse import browse_blueprint
from song_service.routes.catalogue_lists import catalogue_lists_blueprint
from song_service.routes.likes import likes_blueprint
from song_service.routes.listening import listening_blueprint
from song_service.routes.media_references import media_references_blueprint
from song_service.routes.now_playing import now_playing_blueprint
from song_service.routes.play_queue import play_queue_blueprint
from song_service.routes.playlists import playlists_blueprint
from song_service.routes.search import search_blueprint
from song_service.routes.songs import songs_blueprint

BLUEPRINTS = (songs_blueprint, listening_blueprint, playlists_blueprint, likes_blueprint, browse_blueprint,
              search_blueprint, media_references_blueprint, admin_blueprint, annotations_blueprint,
              play_queue_blueprint, now_playing_blueprint, catalogue_lists_blueprint)

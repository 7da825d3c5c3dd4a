"""URL rules of song_service, one blueprint per feature."""
from song_service.routes.listening import listening_blueprint
from song_service.routes.songs import songs_blueprint

BLUEPRINTS = (songs_blueprint, listening_blueprint)

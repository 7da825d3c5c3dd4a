"""Request handling for song_service: validate, call the models, shape the JSON reply."""

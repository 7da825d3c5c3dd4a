"""Request handling for media_service: validate, call the models, shape the reply."""

"""Request handling for auth_service: validate, call the models, shape the JSON reply."""

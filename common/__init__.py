"""Code that every service needs identically: configuration base, Mongo access,
service-to-service tokens, id conversion, error handling, health and request ids."""

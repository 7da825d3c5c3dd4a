"""All of auth_service's database access."""

"""Accounts, kept by auth_service."""
from operator_service.models.backend import auth_backend


def register(username, password):
    return auth_backend.json("POST", "/api/users", json={"username": username, "password": password}, as_service=True)


def check_credentials(username, password):
    return auth_backend.json(
        "POST", "/api/credentials/check", json={"username": username, "password": password}, as_service=True
    )

"""No service starts with a missing or short secret outside tests, and the message names the variable."""
import pytest

from auth_service.app import create_app

STRONG = "k" * 32


@pytest.mark.parametrize("secrets, named", [
    ({"SECRET_KEY": None, "SERVICE_TOKEN_SECRET": STRONG}, "SECRET_KEY must"),
    ({"SECRET_KEY": STRONG, "SERVICE_TOKEN_SECRET": "dev-service-token-secret"}, "SERVICE_TOKEN_SECRET must"),
    ({"SECRET_KEY": "", "SERVICE_TOKEN_SECRET": None}, "SECRET_KEY and SERVICE_TOKEN_SECRET must"),
    ({"SECRET_KEY": "placeholder-replace-with-a-long-random-string", "SERVICE_TOKEN_SECRET": STRONG}, "SECRET_KEY"),
])
def test_a_missing_or_short_secret_stops_the_start(service_config, fresh_db_name, secrets, named):
    config = {**service_config, "TESTING": False, "MONGO_DB_NAME": fresh_db_name, **secrets}
    with pytest.raises(RuntimeError, match=named):
        create_app(config)


def test_long_random_secrets_start(service_config, fresh_db_name):
    config = {**service_config, "TESTING": False, "MONGO_DB_NAME": fresh_db_name,
              "SECRET_KEY": STRONG, "SERVICE_TOKEN_SECRET": "s" * 40}
    assert create_app(config).config["SECRET_KEY"] == STRONG

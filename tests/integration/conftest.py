"""What the integration modules share: each module's stack has databases of its own, so the first
account signed up in it is that stack's admin."""
import pytest
from subsonic_site import py_opensonic, py_sonic
from web_session import WebSession


@pytest.fixture(scope="module")
def first_admin(stack):
    """A browser session of the stack's first account, which is therefore the admin."""
    session = WebSession(stack.url("operator_service"))
    assert session.sign_up("first-admin").status_code == 200
    return session


# The Subsonic modules' clients, for the listener of the module's own ``site`` fixture.
@pytest.fixture(scope="module")
def sonic(site):
    """py-sonic, signed in by token with the listener's app password."""
    return py_sonic(site["base"], site["username"], site["app_password"])


@pytest.fixture(scope="module")
def opensonic(site):
    """py-opensonic, signed in with the listener's API key."""
    connection = py_opensonic(site["base"], api_key=site["api_key"])
    yield connection
    connection.cleanup()

"""What the integration modules share: each module's stack has databases of its own, so the first
account signed up in it is that stack's admin."""
import pytest
from web_session import WebSession


@pytest.fixture(scope="module")
def first_admin(stack):
    """A browser session of the stack's first account, which is therefore the admin."""
    session = WebSession(stack.url("operator_service"))
    assert session.sign_up("first-admin").status_code == 200
    return session

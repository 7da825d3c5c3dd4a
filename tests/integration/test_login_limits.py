"""Guessing a password through the login page stops at the limit, with a message and Retry-After."""
import pytest
from web_session import WebSession

pytestmark = pytest.mark.stack


def test_the_login_page_says_when_to_try_again(stack):
    owner = WebSession(stack.url("operator_service"))
    assert owner.sign_up("guarded", "correct horse").status_code == 200
    attacker = WebSession(stack.url("operator_service"))
    statuses = [attacker.log_in("guarded", f"guess number {n}").status_code for n in range(10)]
    assert statuses == [401] * 10
    refused = attacker.log_in("guarded", "correct horse")
    assert refused.status_code == 429
    assert "Too many login attempts. Please wait a few minutes and try again." in refused.text
    assert 0 < int(refused.headers["Retry-After"]) <= 300
    assert "Log in" in refused.text  # the form is still there, for later

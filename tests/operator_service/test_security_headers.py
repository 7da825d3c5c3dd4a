"""The operator's security headers, HSTS among them once the site is served over HTTPS."""
import pytest

from operator_service.app import create_app


@pytest.fixture
def operator_config(service_config):
    return {**service_config, "WTF_CSRF_ENABLED": True}


@pytest.mark.parametrize("secure, hsts", [(True, "max-age=63072000"), (False, None)])
def test_hsts_only_when_cookies_are_https_only(operator_config, secure, hsts):
    client = create_app({**operator_config, "SESSION_COOKIE_SECURE": secure}).test_client()
    response = client.get("/login")
    assert response.status_code == 200
    assert response.headers.get("Strict-Transport-Security") == hsts
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert "frame-ancestors 'none'" in response.headers["Content-Security-Policy"]

"""What every visit touches: the site's icon, the console's own address, and a first run's way to music."""
import pytest
from web_session import WebSession

pytestmark = pytest.mark.stack


def test_the_icon_answers_without_a_login(stack):
    visitor = WebSession(stack.url("operator_service"))
    icon = visitor.get("/favicon.ico")
    assert icon.status_code == 200 and icon.headers["Content-Type"].startswith("image/svg+xml")
    assert b"<svg" in icon.content
    assert 'rel="icon"' in visitor.get("/login").text


def test_a_first_run_home_leads_the_admin_to_the_upload_page(first_admin):
    home = first_admin.get("/")
    assert 'href="/admin/upload"' in home.text and "Upload some music" in home.text


def test_admin_opens_the_console_for_admins_only(stack, first_admin):
    opened = first_admin.get("/admin/", allow_redirects=False)
    assert opened.status_code == 302 and opened.headers["Location"].endswith("/admin/catalogue/")
    listener = WebSession(stack.url("operator_service"))
    assert listener.sign_up("just-listening").status_code == 200
    assert listener.get("/admin/", allow_redirects=False).status_code == 403
    assert "Upload some music" not in listener.get("/").text

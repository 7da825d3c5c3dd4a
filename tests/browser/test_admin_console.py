"""An admin at work in the console, in chromium, while the same <audio> element keeps playing: a rename that
a listener's search finds, an album set on three songs, a demotion, a disabled user and closed sign-up."""
import time

import pytest
import requests
from audio_factory import make_audio
from playwright.sync_api import expect
from web_session import WebSession

from tests.browser.conftest import log_in

pytestmark = [pytest.mark.browser, pytest.mark.stack]

PASSWORD = "correct horse"


@pytest.fixture(scope="module")
def people(stack, tmp_path_factory):
    """The admin (the first account), a second admin, a listener, and songs; a long one to keep playing."""
    url = stack.url("operator_service")
    boss = WebSession(url)
    assert boss.sign_up("boss", PASSWORD).status_code == 200
    folder = tmp_path_factory.mktemp("console-audio")
    for title, seconds in (("Long Listen", 110), ("Alpha", 2), ("Bravo", 2), ("Charlie", 2), ("Delta", 2)):
        path = make_audio(folder / f"{title}.mp3", "mp3", seconds=seconds, title=title, artist="Console Band",
                          album="First Album")
        with open(path, "rb") as body:
            uploaded = boss.submit("/admin/upload", files={"audio_files": (path.name, body, "audio/mpeg")})
        assert uploaded.status_code == 200
    sessions = {"boss": boss}
    for name in ("deputy", "fan"):
        sessions[name] = WebSession(url)
        assert sessions[name].sign_up(name, PASSWORD).status_code == 200
    return {"url": url, "sessions": sessions}


@pytest.fixture
def admin_page(people, new_page):
    page = new_page()
    log_in(page, people["url"], "boss")
    page.get_by_role("region", name="Newest songs").get_by_role("button", name="Play Long Listen", exact=True).click()
    page.wait_for_function("() => { const a = document.querySelector('audio');"
                           " return !a.paused && a.currentTime > 0.3; }")
    page.locator("audio").evaluate("a => { a.dataset.marker = 'the-same-element'; }")
    return page


def still_playing(page):
    page.wait_for_function("""() => { const a = document.querySelector('audio');
        return a.dataset.marker === 'the-same-element' && !a.paused && a.currentTime > 0.5; }""")


def open_area(page, name):
    """Through the header's Admin link unless already in the console, then the area's tab unless already on
    it. Each navigation lands before the next click: htmx swaps a page in when its answer comes, so an
    earlier click's answer could overtake a later one. The page being left is marked, and the wait is for
    an area without the mark, since the old page may already show the same area."""
    area = name.lower()
    if "/admin/" not in page.url:
        page.get_by_role("navigation", name="Account").get_by_role("link", name="Admin").click()
        page.wait_for_url("**/admin/catalogue/")
        expect(page.locator('.admin-area[data-area="catalogue"]')).to_be_visible()
    if page.url.endswith(f"/admin/{area}/"):
        return
    page.locator(".admin-area").evaluate("area => { area.dataset.left = 'yes'; }")
    page.get_by_role("navigation", name="Admin").get_by_role("link", name=name).click()
    page.wait_for_url(f"**/admin/{area}/")
    expect(page.locator(f'.admin-area[data-area="{area}"]:not([data-left])')).to_be_visible()


def test_an_admin_curates_and_manages_while_the_music_plays(admin_page, people):
    page = admin_page
    sessions = people["sessions"]

    # Rename a song; a listener's search finds the new title.
    open_area(page, "Catalogue")
    page.get_by_role("link", name="Alpha", exact=True).click()
    page.get_by_label("Title").fill("Alpha Reborn")
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_text("Saved “Alpha Reborn”.")).to_be_visible()
    assert "Alpha Reborn" in sessions["fan"].get("/search", params={"q": "reborn"}).text
    still_playing(page)

    # Set the album of three songs at once.
    open_area(page, "Catalogue")
    for title in ("Bravo", "Charlie", "Delta"):
        page.get_by_label(f"Choose {title}", exact=True).check()
    page.get_by_label("Set", exact=True).select_option("album")
    page.get_by_label("to", exact=True).fill("Second Album")
    page.get_by_role("button", name="Set on chosen songs").click()
    expect(page.get_by_text("Set the album of 3 songs.")).to_be_visible()
    album_page = sessions["fan"].get("/search", params={"q": "second album"}).text
    assert "Second Album" in album_page
    still_playing(page)

    # Promote the deputy, then demote them: their next admin request is refused, and they stay logged in.
    open_area(page, "Users")
    page.get_by_role("link", name="deputy", exact=True).click()
    page.get_by_role("button", name="Make deputy an admin").click()
    expect(page.get_by_text("deputy is now an admin.")).to_be_visible()
    assert sessions["deputy"].get("/admin/users/").status_code == 200
    page.get_by_role("button", name="Make deputy a listener").click()
    expect(page.get_by_text("deputy is now a listener.")).to_be_visible()
    assert sessions["deputy"].get("/admin/users/").status_code == 403
    assert sessions["deputy"].get("/", allow_redirects=False).status_code == 200
    still_playing(page)

    # Disable the listener: their session ends.
    open_area(page, "Users")
    page.get_by_role("link", name="fan", exact=True).click()
    page.get_by_role("button", name="Disable fan").click()
    expect(page.get_by_text("fan is disabled")).to_be_visible()
    assert _eventually(lambda: sessions["fan"].get("/", allow_redirects=False).status_code == 302)
    refused = WebSession(people["url"]).log_in("fan", PASSWORD)
    assert refused.status_code == 403 and "disabled" in refused.text
    still_playing(page)

    # Close sign-up: the sign-up page says so.
    open_area(page, "Users")
    page.get_by_role("navigation", name="Users area").get_by_role("link", name="Sign-up").click()
    page.get_by_label("Nobody: admins add accounts").check()
    page.get_by_role("button", name="Save sign-up mode").click()
    expect(page.get_by_text("Sign-up is now closed.")).to_be_visible()
    closed = requests.get(people["url"] + "/signup", timeout=10)
    assert closed.status_code == 403 and "Sign-up is closed" in closed.text

    # Everything above is in the audit log.
    page.get_by_role("navigation", name="Users area").get_by_role("link", name="Audit log").click()
    expect(page.get_by_role("heading", name="Audit log")).to_be_visible()
    log = page.locator(".admin-area").inner_text()
    for action in ("role", "disable", "sign-up mode"):
        assert action in log
    still_playing(page)


def _eventually(check, attempts=100):
    for _ in range(attempts):
        if check():
            return True
        time.sleep(0.1)
    return check()

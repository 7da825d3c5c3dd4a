"""A person's listening loop in a real browser: sign up, upload, search, play and seek."""
import pytest
from audio_factory import make_audio, make_cover_png
from playwright.sync_api import expect

pytestmark = [pytest.mark.browser, pytest.mark.stack]


def sign_up(page, base_url, username, password="correct horse"):
    page.goto(base_url + "/signup")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password", exact=True).fill(password)
    page.get_by_label("Repeat password").fill(password)
    page.get_by_role("button", name="Sign up").click()
    expect(page).to_have_url(base_url + "/")


def test_upload_search_play_and_seek(stack, new_page, tmp_path):
    base_url = stack.url("operator_service")
    song = make_audio(tmp_path / "joga.mp3", "mp3", seconds=12, title="Jóga", artist="Björk", album="Homogenic",
                      genres=["Electronic"], year=1997, cover=make_cover_png())

    admin = new_page()
    sign_up(admin, base_url, "admin")
    admin.goto(base_url + "/admin/upload")
    # A chosen file starts uploading at once, in its own row of the upload queue.
    admin.get_by_label("Audio files").set_input_files(str(song))
    expect(admin.get_by_text("Stored as Jóga — Björk")).to_be_visible()

    listener = new_page()
    sign_up(listener, base_url, "listener")
    expect(listener.get_by_role("button", name="Play Jóga")).to_be_visible()
    listener.goto(base_url + "/admin/upload")
    expect(listener.get_by_text("admins only")).to_be_visible()

    listener.goto(base_url + "/")
    listener.get_by_label("Search").fill("bjo")
    listener.get_by_label("Search").press("Enter")
    expect(listener).to_have_url(base_url + "/search?q=bjo")
    assert listener.locator("audio").count() == 1
    listener.get_by_role("button", name="Play Jóga").click()

    audio = listener.locator("audio")
    played_past = "(seconds) => document.querySelector('audio').currentTime > seconds"
    listener.wait_for_function(played_past, arg=0.5)
    first = audio.evaluate("a => a.currentTime")
    listener.wait_for_function(played_past, arg=first + 0.5)
    assert audio.evaluate("a => a.paused") is False
    expect(listener.locator("#player-title")).to_have_text("Jóga")

    # Seek to the middle: the browser asks for a byte range and plays on from there.
    audio.evaluate("a => { a.currentTime = a.duration / 2; }")
    listener.wait_for_function("() => { const a = document.querySelector('audio');"
                               " return a.currentTime > a.duration / 2 + 0.3; }")
    assert audio.evaluate("a => a.error") is None

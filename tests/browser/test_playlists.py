"""Playlists and likes in a real browser: make a playlist from the "Add to playlist" menu, add three
songs, reorder them by dragging with the mouse and from the keyboard, reload, play it, and like a song;
and on a touch phone, drag a song into place with a finger."""
import os
import re

import pytest
from audio_factory import make_audio, make_cover_png
from playwright.sync_api import expect
from web_session import WebSession

from tests.browser.conftest import PHONE, log_in

pytestmark = [pytest.mark.browser, pytest.mark.stack]

TITLES = ("Alpha", "Bravo", "Charlie")
PASSWORD = "correct horse"
# Set to a folder to keep screenshots of the pages, for looking at the layout.
SCREENSHOTS = os.environ.get("PLAYLIST_SCREENSHOTS")


@pytest.fixture(scope="module")
def base_url(stack, tmp_path_factory):
    folder = tmp_path_factory.mktemp("playlist-browser-audio")
    admin = WebSession(stack.url("operator_service"))
    admin.sign_up("admin", PASSWORD)
    for number, title in enumerate(TITLES):
        path = make_audio(folder / f"{title}.mp3", "mp3", seconds=6, title=title, artist="Test Band",
                          album=f"Album {title}", frequency=440 + 110 * number,
                          cover=make_cover_png(color=(80 * number, 120, 160)))
        with open(path, "rb") as body:
            assert admin.submit("/admin/upload", files={"audio_files": (path.name, body, "audio/mpeg")}).ok
    WebSession(stack.url("operator_service")).sign_up("listener", PASSWORD)
    return stack.url("operator_service")


def log_in_and_see_the_songs(page, base_url, username="listener"):
    log_in(page, base_url, username)
    expect(page.get_by_role("button", name="Play Alpha", exact=True)).to_be_visible()


def row(page, title):
    return page.locator(".song-row").filter(has=page.get_by_role("button", name=f"Play {title}", exact=True))


def playlist_order(page):
    return page.locator("#playlist-songs .song-row .title").all_inner_texts()


def csp_violations(page):
    """The page's Content Security Policy refusals, collected as they happen (an empty list is the goal)."""
    violations = []
    page.on("console", lambda message: "Content Security Policy" in message.text
            and violations.append((message.text, message.location, page.url)))
    return violations


def snap(page, name):
    if SCREENSHOTS:
        # caret="initial": hiding the caret would inject a <style>, which the page's CSP rightly blocks.
        page.screenshot(path=os.path.join(SCREENSHOTS, f"{name}.png"), full_page=True, caret="initial")


def test_make_reorder_reload_play_and_like(base_url, new_page):
    page = new_page()
    violations = csp_violations(page)
    log_in_and_see_the_songs(page, base_url)
    sidebar = page.get_by_role("navigation", name="Library")

    # A new playlist, made on the spot from the first song's menu.
    row(page, "Alpha").get_by_label("Add to playlist: Alpha").click()
    menu = row(page, "Alpha").locator(".playlist-chooser")
    menu.get_by_label("New playlist").fill("Road <trip>")
    snap(page, "menu")
    menu.get_by_role("button", name="Create and add").click()
    expect(page.get_by_text("Created “Road <trip>” and added the song.")).to_be_visible()
    expect(sidebar.get_by_role("link", name="Road <trip>")).to_be_visible()

    # Two more songs through the menu, without leaving the page.
    for title in ("Bravo", "Charlie"):
        row(page, title).get_by_label(f"Add to playlist: {title}").click()
        # Each add answered before the next: the toast alone reads the same after both.
        with page.expect_response(lambda response: response.request.method == "POST"
                                  and response.url.endswith("/songs")) as added:
            row(page, title).get_by_role("button", name="Road <trip>").click()
        assert added.value.ok
        expect(page.locator("#library-toast")).to_have_text("Added to “Road <trip>”.")

    sidebar.get_by_role("link", name="Road <trip>").click()
    expect(page.get_by_role("heading", name="Road <trip>")).to_be_visible()
    assert playlist_order(page) == ["Alpha", "Bravo", "Charlie"]
    expect(page.locator("#playlist-count")).to_have_text("3 songs")
    expect(page.locator(".collection-art").first).to_be_visible()

    # Drag Charlie above Alpha, then move Bravo up from the keyboard.
    charlie_handle = row(page, "Charlie").locator(".drag-handle")
    charlie_handle.drag_to(row(page, "Alpha"), target_position={"x": 40, "y": 4})
    expect(page.locator("#playlist-songs .song-row .title")).to_have_text(["Charlie", "Alpha", "Bravo"])
    expect(row(page, "Charlie").get_by_role("button", name="Move Charlie up")).to_be_disabled()
    row(page, "Bravo").get_by_role("button", name="Move Bravo up").focus()
    page.keyboard.press("Enter")
    expect(page.locator("#playlist-songs .song-row .title")).to_have_text(["Charlie", "Bravo", "Alpha"])
    expect(page.get_by_role("button", name="Move Bravo up")).to_be_focused()
    snap(page, "playlist")

    page.reload()
    expect(page.locator("#playlist-songs .song-row .title")).to_have_text(["Charlie", "Bravo", "Alpha"])

    # Play the playlist from the start: the player takes the songs in the playlist's order.
    page.get_by_role("button", name="Play", exact=True).first.click()
    expect(page.locator("#player-title")).to_have_text("Charlie")
    playing = "() => { const a = document.querySelector('audio'); return !a.paused && a.currentTime > 0.3; }"
    page.wait_for_function(playing)

    # Like a song; it shows in Liked Songs, reached without a reload while the music plays on.
    like = row(page, "Bravo").get_by_role("button", name="Like Bravo")
    expect(like).to_have_attribute("aria-pressed", "false")
    like.click()
    expect(like).to_have_attribute("aria-pressed", "true")
    page.locator("audio").evaluate("a => { a.dataset.marker = 'same'; }")
    sidebar.get_by_role("link", name="Liked Songs").click()
    expect(page.get_by_role("heading", name="Liked Songs")).to_be_visible()
    expect(page.locator("#liked-songs .song-row .title")).to_have_text(["Bravo"])
    expect(page.get_by_role("button", name="Like Bravo")).to_have_attribute("aria-pressed", "true")
    expect(sidebar.get_by_role("link", name="Road <trip>")).to_be_visible()
    assert page.locator("audio").evaluate("a => a.dataset.marker") == "same"
    assert page.locator("audio").evaluate("a => !a.paused")
    snap(page, "liked")
    assert violations == []


def touch_drag(page, start, end, steps=8):
    """A finger on ``start`` that rests past the drag delay, slides to ``end`` and lifts: real touch input,
    which Playwright's mouse cannot produce."""
    cdp = page.context.new_cdp_session(page)

    def touch(kind, point):
        points = [] if kind == "touchEnd" else [{"x": point[0], "y": point[1], "id": 1}]
        cdp.send("Input.dispatchTouchEvent", {"type": kind, "touchPoints": points})

    touch("touchStart", start)
    page.wait_for_timeout(400)
    for step in range(1, steps + 1):
        share = step / steps
        touch("touchMove", (start[0] + (end[0] - start[0]) * share, start[1] + (end[1] - start[1]) * share))
        page.wait_for_timeout(60)
    page.wait_for_timeout(200)  # Sortable reads where the finger is on a timer, not on every move
    touch("touchEnd", end)
    cdp.detach()


def is_move(response):
    return response.request.method == "POST" and "/move" in response.url


def middle(box):
    return box["x"] + box["width"] / 2, box["y"] + box["height"] / 2


def test_drag_to_reorder_with_a_finger_on_a_phone(base_url, new_page):
    thumb = WebSession(base_url)
    assert thumb.sign_up("thumb", PASSWORD).ok
    home = thumb.get("/").text
    song_ids = [re.search(rf'href="/songs/([0-9a-f]{{24}})">{title}<', home).group(1) for title in TITLES]
    created = thumb.submit("/playlists", {"name": "On the bus"})
    playlist_path = re.search(r"/playlists/[0-9a-f]{24}$", created.url).group(0)
    for song_id in song_ids:
        assert thumb.submit("/", {"song_id": song_id}, action=playlist_path + "/songs").ok

    page = new_page(**PHONE)
    violations = csp_violations(page)  # Sortable styles the moving row from script
    log_in_and_see_the_songs(page, base_url, "thumb")
    page.goto(base_url + playlist_path)
    expect(page.locator("#playlist-songs .song-row .title")).to_have_text(["Alpha", "Bravo", "Charlie"])
    row(page, "Bravo").evaluate("row => row.scrollIntoView({block: 'center'})")

    handle = row(page, "Charlie").locator(".drag-handle")
    expect(handle).to_be_visible()
    handle_box = handle.bounding_box()
    assert handle_box["width"] >= 44 and handle_box["height"] >= 44, handle_box
    alpha_box = row(page, "Alpha").bounding_box()
    start = middle(handle_box)
    with page.expect_response(is_move) as moved:
        touch_drag(page, start, (start[0], alpha_box["y"] + 4))
    assert moved.value.ok
    snap(page, "phone-dragged")

    page.reload()
    expect(page.locator("#playlist-songs .song-row .title")).to_have_text(["Charlie", "Alpha", "Bravo"])

    # A song removed elsewhere cannot be moved: the server says so, and the page shows the order it keeps.
    bravo_entry = row(page, "Bravo").locator(".drag-handle").get_attribute("data-entry-id")
    assert thumb.submit("/", action=f"{playlist_path}/songs/{bravo_entry}/remove").ok
    row(page, "Alpha").evaluate("row => row.scrollIntoView({block: 'center'})")
    start = middle(row(page, "Bravo").locator(".drag-handle").bounding_box())
    with page.expect_response(is_move) as refused:
        touch_drag(page, start, (start[0], row(page, "Charlie").bounding_box()["y"] + 4))
    assert refused.value.status == 404
    expect(page.locator("#library-toast.toast-error")).to_have_text("That song is no longer in this playlist.")
    expect(page.locator("#playlist-songs .song-row .title")).to_have_text(["Charlie", "Alpha"])
    assert violations == []

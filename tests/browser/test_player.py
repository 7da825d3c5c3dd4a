"""The player keeps playing: navigation, the queue, shuffle, repeat, shortcuts, reloads and play counting."""
import pytest
from audio_factory import make_audio
from playwright.sync_api import expect
from web_session import WebSession

from tests.browser.conftest import log_in

pytestmark = [pytest.mark.browser, pytest.mark.stack]

SHORT_SONGS = ("Alpha", "Bravo", "Charlie")
PASSWORD = "correct horse"


@pytest.fixture(scope="module")
def catalogue(stack, tmp_path_factory):
    """Three two-second songs and one long one, uploaded by the admin; a listener account."""
    folder = tmp_path_factory.mktemp("player-audio")
    admin = WebSession(stack.url("operator_service"))
    admin.sign_up("admin", PASSWORD)
    songs = (("Long Song", 30, 330), ("Alpha", 2, 440), ("Bravo", 2, 550), ("Charlie", 2, 660))
    for title, seconds, frequency in songs:
        path = make_audio(folder / f"{title}.mp3", "mp3", seconds=seconds, title=title, artist="Test Band",
                          album="Test Album", frequency=frequency)
        with open(path, "rb") as body:
            response = admin.submit("/admin/upload", files={"audio_files": (path.name, body, "audio/mpeg")})
        assert response.status_code == 200, response.text
    WebSession(stack.url("operator_service")).sign_up("listener", PASSWORD)
    return stack.url("operator_service")


@pytest.fixture
def page(catalogue, new_page):
    page = new_page()
    log_in(page, catalogue, "listener")
    expect(newest(page).get_by_role("button", name="Play Alpha", exact=True)).to_be_visible()
    # The player is a module that runs once the page is parsed: a click or key before that is lost.
    page.wait_for_function("() => window.musicPlayer")
    return page


def newest(page):
    """The home page's list of newest songs: Charlie, Bravo, Alpha, Long Song."""
    return page.get_by_role("region", name="Newest songs")


def playing_title(page):
    return page.locator("#player-title")


def wait_until_playing_past(page, seconds):
    page.wait_for_function("(s) => { const a = document.querySelector('audio');"
                           " return !a.paused && a.currentTime > s; }",
                           arg=seconds)


def current_time(page):
    return page.locator("audio").evaluate("a => a.currentTime")


def test_navigation_keeps_the_same_audio_element_playing(page, catalogue):
    newest(page).get_by_role("button", name="Play Long Song", exact=True).click()
    wait_until_playing_past(page, 0.3)
    page.locator("audio").evaluate("a => { a.dataset.marker = 'still-me'; }")
    last = current_time(page)

    # Each step waits for its page to be in place: a boosted navigation swaps the page (the search box with
    # it) when its answer comes, and a busy machine may answer after the next step began.
    steps = [
        (lambda: newest(page).get_by_role("link", name="Alpha").click(),
         lambda: expect(page.get_by_role("heading", name="Alpha", level=1)).to_be_visible()),
        (lambda: page.get_by_role("navigation", name="Library").get_by_role("link", name="Home").click(),
         lambda: expect(page).to_have_url(catalogue + "/")),
        (lambda: newest(page).get_by_role("link", name="Bravo").click(),
         lambda: expect(page.get_by_role("heading", name="Bravo", level=1)).to_be_visible()),
        (lambda: (page.get_by_label("Search").fill("charlie"), page.get_by_label("Search").press("Enter")),
         lambda: expect(page).to_have_url(catalogue + "/search?q=charlie")),
    ]
    for step, arrived in steps:
        step()
        arrived()
        wait_until_playing_past(page, last + 0.2)
        assert page.locator("audio").count() == 1
        assert page.locator("audio").evaluate("a => a.dataset.marker") == "still-me"
        last = current_time(page)
    expect(page).to_have_url(catalogue + "/search?q=charlie")
    expect(page.get_by_role("button", name="Play Charlie", exact=True)).to_be_visible()
    expect(playing_title(page)).to_have_text("Long Song")

    # The browser's back and forward buttons restore pages without touching the player.
    page.go_back()
    expect(page.get_by_role("heading", name="Bravo")).to_be_visible()
    page.go_back()
    expect(page.get_by_role("region", name="Newest songs")).to_be_visible()
    page.go_forward()
    expect(page.get_by_role("heading", name="Bravo")).to_be_visible()
    wait_until_playing_past(page, last + 0.2)
    assert page.locator("audio").evaluate("a => a.dataset.marker") == "still-me"
    media_session = page.evaluate("() => { const m = navigator.mediaSession.metadata;"
                                  " return [m.title, m.artist, m.album]; }")
    assert media_session == ["Long Song", "Test Band", "Test Album"]


def test_the_next_song_starts_when_one_ends_and_the_play_is_recorded(page, catalogue):
    newest(page).get_by_role("button", name="Play Bravo", exact=True).click()
    expect(playing_title(page)).to_have_text("Bravo")
    # Home lists the newest first: Charlie, Bravo, Alpha, Long Song.
    expect(playing_title(page)).to_have_text("Alpha", timeout=10_000)
    wait_until_playing_past(page, 0.2)
    page.get_by_role("navigation", name="Library").get_by_role("link", name="Recently played").click()
    expect(page.locator("main").get_by_role("button", name="Play Bravo", exact=True).first).to_be_visible()


def test_shuffle_plays_each_song_once_per_pass(page):
    page.get_by_role("button", name="Shuffle").click()
    expect(page.get_by_role("button", name="Shuffle")).to_have_attribute("aria-pressed", "true")
    newest(page).get_by_role("button", name="Play Alpha", exact=True).click()
    expect(playing_title(page)).to_have_text("Alpha")
    heard = ["Alpha"]
    for _ in range(3):
        page.get_by_role("button", name="Next", exact=True).click()
        wait_until_playing_past(page, 0.05)
        heard.append(playing_title(page).inner_text())
    assert sorted(heard) == sorted(["Alpha", "Bravo", "Charlie", "Long Song"])


def test_repeat_one_plays_the_song_again(page):
    repeat = page.get_by_role("button", name="Repeat", exact=False)
    repeat.click()
    repeat.click()
    expect(page.locator("#player-repeat")).to_have_attribute("aria-label", "Repeat: one")
    newest(page).get_by_role("button", name="Play Alpha", exact=True).click()
    wait_until_playing_past(page, 1.5)
    # It ends at two seconds and starts again from the top, still Alpha.
    page.wait_for_function("() => { const a = document.querySelector('audio');"
                           " return !a.paused && a.currentTime < 1; }")
    expect(playing_title(page)).to_have_text("Alpha")
    wait_until_playing_past(page, 0.3)


def test_space_bar_pauses_and_resumes(page):
    newest(page).get_by_role("button", name="Play Long Song", exact=True).click()
    wait_until_playing_past(page, 0.2)
    page.keyboard.press("Space")
    page.wait_for_function("() => document.querySelector('audio').paused")
    page.keyboard.press("Space")
    page.wait_for_function("() => !document.querySelector('audio').paused")
    # While typing in the search box, space is just a space.
    page.get_by_label("Search").fill("long")
    page.get_by_label("Search").press("Space")
    assert page.locator("audio").evaluate("a => a.paused") is False
    expect(page.get_by_label("Search")).to_have_value("long ")


def test_keyboard_shortcuts_dialog(page):
    page.locator("body").press("?")
    expect(page.get_by_role("dialog", name="Keyboard shortcuts")).to_be_visible()
    page.get_by_role("button", name="Close").click()
    expect(page.get_by_role("dialog", name="Keyboard shortcuts")).to_be_hidden()


def test_add_to_queue_plays_it_next(page, catalogue):
    page.get_by_label("Search").fill("alpha")
    page.get_by_label("Search").press("Enter")
    expect(page).to_have_url(catalogue + "/search?q=alpha")
    page.locator("main").get_by_role("button", name="Play Alpha", exact=True).first.click()
    page.get_by_role("navigation", name="Library").get_by_role("link", name="Home").click()
    newest(page).get_by_role("button", name="Add to queue: Charlie").click()
    page.get_by_role("button", name="Queue", exact=True).click()
    queue = page.get_by_role("complementary", name="Queue")
    expect(queue.locator("#queue-next")).to_contain_text("Charlie")
    expect(playing_title(page)).to_have_text("Charlie", timeout=10_000)


def test_queue_survives_a_reload(page):
    newest(page).get_by_role("button", name="Play Bravo", exact=True).click()
    newest(page).get_by_role("button", name="Add to queue: Long Song").click()
    newest(page).get_by_role("button", name="Play next: Charlie").click()
    page.get_by_role("button", name="Pause").click()
    before = page.evaluate("() => window.musicPlayer.state.tracks.map(t => t.title)")
    assert before[1:3] == ["Bravo", "Charlie"] and before[-1] == "Long Song"
    page.reload()
    expect(playing_title(page)).to_have_text("Bravo")
    assert page.evaluate("() => window.musicPlayer.state.tracks.map(t => t.title)") == before
    page.get_by_role("button", name="Queue", exact=True).click()
    expect(page.locator("#queue-next li").first).to_contain_text("Charlie")
    page.get_by_role("button", name="Play", exact=True).click()
    wait_until_playing_past(page, 0.2)

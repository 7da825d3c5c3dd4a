"""Every page on a phone and on a laptop, in the light and the dark theme, in chromium (the listener's pages,
the admin console's, the error page and the logged-out ones): axe-core finds no serious or critical
violation, every touch target on the phone is at least 44 by 44 px, and a screenshot of each is kept. Then
what a person on a phone does by touch (the bottom navigation to Liked Songs, a playlist and Recently
played; search; Now playing and seeking; the More menu), the theme switch, and focus and announcements after
boosted navigation."""
import html
import json
import re
from pathlib import Path

import pytest
from audio_factory import make_audio, make_cover_png
from playwright.sync_api import expect
from web_session import WebSession

from tests.browser.conftest import DESKTOP, PHONE, log_in

pytestmark = [pytest.mark.browser, pytest.mark.stack]

PASSWORD = "correct horse"
AXE = Path(__file__).parent / "vendor" / "axe-core-4.14.1" / "axe.min.js"
# Git-ignored; kept by CI as an artifact, and there to be looked at after a layout change.
SCREENSHOTS = Path(__file__).parents[1] / "artifacts" / "screenshots"
SIZES = {"phone": PHONE, "desktop": DESKTOP}
SONGS = (("Morning <Light>", "Sun & Moon", "Daybreak", 100), ("Evening Tide", "Sun & Moon", "Daybreak", 6),
         ("Night Owl", "The Owls", "Nocturnes", 6), ("Dawn Chorus", "The Owls", "Nocturnes", 6))
SONG_DATA = re.compile(r"data-song='([^']+)'")
# Links and buttons inside running text may be smaller (WCAG 2.5.8's inline exception).
TOO_SMALL_TARGETS = """() => {
  const targets = document.querySelectorAll(
    "a[href], button, summary, select, input:not([type=hidden]), [role=button], label.checkbox");
  const small = [];
  for (const target of targets) {
    if (target.closest("p, li.muted, dd, td, .errors, .flash, .card-subtitle, .subtitle, .kicker, .details")) continue;
    if (target.matches("input[type=checkbox], input[type=radio]") && target.closest("label")) continue;
    const box = target.getBoundingClientRect();
    const style = getComputedStyle(target);
    if (!box.width || !box.height || style.visibility === "hidden" || target.closest("[inert], [hidden]")) continue;
    // The compact player's title lies under the button that opens Now playing, which is its target.
    const x = box.left + box.width / 2, y = box.top + box.height / 2;
    const onTop = x >= 0 && y >= 0 && x < innerWidth && y < innerHeight && document.elementFromPoint(x, y);
    if (target.closest("#player") && onTop && onTop.closest("#player-expand")) continue;
    if (box.width < 43.5 || box.height < 43.5) {
      small.push(`${target.tagName.toLowerCase()} "${(target.getAttribute("aria-label") || target.textContent).trim()
        .slice(0, 40)}" ${Math.round(box.width)}x${Math.round(box.height)}`);
    }
  }
  return small;
}"""


def songs_on(session, path):
    """The songs a page's Play buttons carry: {title: song}."""
    found = (json.loads(html.unescape(raw)) for raw in SONG_DATA.findall(session.get(path).text))
    return {song["title"]: song for song in found}


@pytest.fixture(scope="module")
def library(stack, tmp_path_factory):
    """An admin with songs (covers, a title that looks like markup), a playlist, a liked song and a play."""
    url = stack.url("operator_service")
    admin = WebSession(url)
    assert admin.sign_up("ada", PASSWORD).status_code == 200
    folder = tmp_path_factory.mktemp("phone-audio")
    for number, (title, artist, album, seconds) in enumerate(SONGS):
        path = make_audio(folder / f"song{number}.mp3", "mp3", seconds=seconds, title=title, artist=artist,
                          album=album, genres="Ambient", frequency=330 + 55 * number,
                          cover=make_cover_png(color=(60 * number, 110, 170)))
        with open(path, "rb") as body:
            assert admin.submit("/admin/upload", files={"audio_files": (path.name, body, "audio/mpeg")}).ok
    songs = songs_on(admin, "/")
    created = admin.submit("/playlists", {"name": "Road <trip>"}, allow_redirects=False)
    playlist_path = created.headers["Location"]
    for title in ("Evening Tide", "Night Owl", "Dawn Chorus"):
        assert admin.submit(playlist_path, {"song_id": songs[title]["id"]}, action=playlist_path + "/songs").ok
    assert admin.submit("/", {"liked": "true"}, action=f"/songs/{songs['Night Owl']['id']}/like").ok
    token = admin.csrf_token("/")
    assert admin.http.post(url + "/plays", json={"song_id": songs["Dawn Chorus"]["id"]},
                           headers={"X-CSRFToken": token}, timeout=10).status_code == 204
    song = songs["Evening Tide"]
    entities = admin.get(f"/songs/{song['id']}").text
    artist_path, album_path = (re.search(rf'href="(/{kind}/[0-9a-f]{{24}})"', entities).group(1)
                               for kind in ("artists", "albums"))
    genre_path = re.search(r'href="(/genres/[0-9a-f]{24})"', admin.get("/genres").text).group(1)
    user_path = re.search(r'href="(/admin/users/users/[0-9a-f]{24})"', admin.get("/admin/users/").text).group(1)
    pages = {
        "home": "/", "search": "/search?q=night", "song": f"/songs/{song['id']}", "artists": "/artists",
        "artist": artist_path, "albums": "/albums", "album": album_path, "genres": "/genres", "genre": genre_path,
        "all-songs": "/songs", "library": "/library", "liked": "/liked", "recent": "/recent",
        "playlists": "/playlists", "playlist": playlist_path, "account": "/account", "upload": "/admin/upload",
        "admin-catalogue": "/admin/catalogue/", "admin-users": "/admin/users/", "admin-storage": "/admin/storage/",
        "not-found": "/songs/" + "0" * 24,
        "add-to-playlist": f"/songs/{song['id']}/add-to-playlist",
        "admin-song": f"/admin/catalogue/songs/{song['id']}", "admin-album": "/admin/catalogue" + album_path,
        "admin-merge": "/admin/catalogue/merge", "admin-user": user_path, "admin-sign-up": "/admin/users/signup",
        "admin-audit": "/admin/users/audit", "admin-file": "/admin/storage/files/" + song["src"].split("/")[-1],
        "admin-unused": "/admin/storage/unused",
    }
    return {"url": url, "pages": pages, "songs": songs}


def logged_in_page(new_page, library, size, theme, username="ada"):
    page = new_page(**SIZES[size], color_scheme=theme)
    # An init script, which the pages' Content-Security-Policy does not apply to; a <script> tag it would.
    page.context.add_init_script(path=str(AXE))
    log_in(page, library["url"], username)
    return page


def playing_past(seconds):
    return f"() => {{ const a = document.querySelector('audio'); return !a.paused && a.currentTime > {seconds}; }}"


def serious_violations(page):
    results = page.evaluate("""async () => {
        const results = await axe.run(document, { resultTypes: ["violations"] });
        return results.violations.filter((v) => v.impact === "serious" || v.impact === "critical")
          .map((v) => ({ id: v.id, impact: v.impact, help: v.help,
                         nodes: v.nodes.slice(0, 3).map((n) => n.target.join(" ") + " " + n.failureSummary) }));
    }""")
    return results


def snap(page, name):
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    # caret="initial": hiding the caret would inject a <style>, which the page's CSP rightly blocks.
    page.screenshot(path=str(SCREENSHOTS / f"{name}.png"), full_page=True, caret="initial")


@pytest.mark.slow
@pytest.mark.parametrize("theme", ["light", "dark"])
# Each size on a worker of its own in a parallel run: together they take minutes.
@pytest.mark.parametrize("size", [pytest.param(size, marks=pytest.mark.xdist_group(f"axe-{size}"))
                                  for size in ("phone", "desktop")])
def test_every_page_passes_axe_with_big_enough_targets(library, new_page, size, theme):
    page = logged_in_page(new_page, library, size, theme)
    problems = {}
    for name, path in library["pages"].items():
        page.goto(library["url"] + path)
        expect(page.locator("#content")).to_be_visible()
        found = serious_violations(page)
        if size == "phone":
            small = page.evaluate(TOO_SMALL_TARGETS)
            if small:
                found.append({"id": "touch-target-44", "nodes": small})
        if found:
            problems[name] = found
        snap(page, f"{size}-{theme}-{name}")
    # The pages of someone logged out, and the phone's Now playing view and More menu.
    if size == "phone":
        page.goto(library["url"] + "/")
        page.get_by_role("button", name="Play Evening Tide", exact=True).click()
        page.get_by_role("button", name="Open Now playing").click()
        expect(page.get_by_role("button", name="Close Now playing")).to_be_focused()
        found = serious_violations(page)
        if small := page.evaluate(TOO_SMALL_TARGETS):
            found.append({"id": "touch-target-44", "nodes": small})
        if found:
            problems["now-playing"] = found
        snap(page, f"{size}-{theme}-now-playing")
        page.get_by_role("button", name="Close Now playing").click()
        page.get_by_role("button", name="More: Night Owl").first.click()
        if found := serious_violations(page):
            problems["more-menu"] = found
        snap(page, f"{size}-{theme}-more-menu")
    page.context.clear_cookies()
    for name in ("login", "signup"):
        page.goto(library["url"] + "/" + name)
        if found := serious_violations(page):
            problems[name] = found
        snap(page, f"{size}-{theme}-{name}")
    assert not problems, json.dumps(problems, indent=1)


@pytest.mark.parametrize("theme", ["light", "dark"])
def test_a_phone_reaches_everything_by_touch(library, new_page, theme):
    page = logged_in_page(new_page, library, "phone", theme)
    main_nav = page.get_by_role("navigation", name="Main")
    expect(page.get_by_role("navigation", name="Library")).to_be_hidden()

    # Library: Liked Songs, the playlist and Recently played.
    main_nav.get_by_role("link", name="Library").tap()
    page.wait_for_url("**/library")
    expect(main_nav.get_by_role("link", name="Library")).to_have_attribute("aria-current", "page")
    # Tiles, not a bulleted list: no marker, and each tile's art beside its title.
    tiles = page.locator(".library-tiles > li")
    assert tiles.evaluate_all("items => items.map(item => getComputedStyle(item).listStyleType)") == ["none"] * 2
    art, title = (page.locator(".library-tile").first.locator(part).bounding_box()
                  for part in (".library-tile-art", ".card-title"))
    assert title["x"] >= art["x"] + art["width"] and art["y"] <= title["y"] <= art["y"] + art["height"]
    page.get_by_role("link", name="Liked Songs").tap()
    page.wait_for_url("**/liked")
    expect(page.get_by_role("button", name="Play Night Owl", exact=True)).to_be_visible()
    main_nav.get_by_role("link", name="Library").tap()
    page.wait_for_url("**/library")
    page.get_by_role("link", name=re.compile("^Road <trip>")).tap()
    page.wait_for_url("**/playlists/*")
    expect(page.get_by_role("heading", name="Road <trip>")).to_be_visible()
    main_nav.get_by_role("link", name="Library").tap()
    page.wait_for_url("**/library")
    expect(page.get_by_role("region", name="Recently played")
           .get_by_role("button", name="Play Dawn Chorus", exact=True)).to_be_visible()
    page.get_by_role("link", name="All recently played").tap()
    page.wait_for_url("**/recent")

    # Search: the field spans the screen.
    main_nav.get_by_role("link", name="Search").tap()
    page.wait_for_url("**/search")
    box = page.get_by_role("searchbox", name="Search")
    assert box.bounding_box()["width"] > 340
    box.tap()
    box.fill("owl")
    expect(page.get_by_role("button", name="Play Night Owl", exact=True)).to_be_visible()

    # A song row's actions are in its More menu; choosing one closes it.
    main_nav.get_by_role("link", name="Home").tap()
    page.wait_for_url(library["url"] + "/")
    newest = page.get_by_role("region", name="Newest songs")
    expect(newest.get_by_role("button", name="Add to queue: Night Owl")).to_be_hidden()
    newest.get_by_role("button", name="Play Morning <Light>", exact=True).tap()
    newest.get_by_role("button", name="More: Night Owl").tap()
    newest.get_by_role("button", name="Add to queue: Night Owl").tap()
    expect(newest.get_by_role("button", name="Add to queue: Night Owl")).to_be_hidden()

    # Now playing: cover, controls and the queue; seeking moves the song, and the slider says where in words.
    page.wait_for_function(playing_past(0.3))
    page.get_by_role("button", name="Open Now playing").tap()
    player = page.get_by_role("contentinfo", name="Player")
    expect(player.locator("#player-cover")).to_be_visible()
    assert player.locator("#player-cover").bounding_box()["width"] > 250
    for control in ("Shuffle", "Previous", "Pause", "Next"):
        expect(player.get_by_role("button", name=control, exact=True)).to_be_visible()
    expect(player.get_by_role("complementary", name="Queue").get_by_text("Night Owl")).to_be_visible()
    expect(page.locator("#page")).to_have_attribute("inert", "")
    page.get_by_role("slider", name="Seek").fill("60")
    page.wait_for_function("() => document.querySelector('audio').currentTime >= 60")
    page.wait_for_function(playing_past(60.3))
    expect(page.get_by_role("slider", name="Seek")).to_have_attribute("aria-valuetext", re.compile(r"^1:0\d of 1:40$"))
    page.get_by_role("button", name="Close Now playing").tap()
    expect(page.get_by_role("button", name="Open Now playing")).to_be_focused()
    expect(page.locator("#page")).not_to_have_attribute("inert", "")


@pytest.mark.parametrize("theme", ["light", "dark"])
def test_a_desktop_keeps_the_sidebar_and_the_full_player_bar(library, new_page, theme):
    page = logged_in_page(new_page, library, "desktop", theme)
    expect(page.get_by_role("navigation", name="Main")).to_be_hidden()
    expect(page.get_by_role("button", name="Open Now playing")).to_be_hidden()
    sidebar = page.get_by_role("navigation", name="Library")
    for link, address, shows in (("Liked Songs", "**/liked", "Play Night Owl"),
                                 ("Road <trip>", "**/playlists/*", "Play Evening Tide"),
                                 ("Recently played", "**/recent", "Play Dawn Chorus")):
        sidebar.get_by_role("link", name=link).click()
        page.wait_for_url(address)
        expect(page.get_by_role("button", name=shows, exact=True).first).to_be_visible()
    # The actions stay in the row, and there is no More menu.
    row = page.locator(".song-row").first
    expect(row.get_by_role("button", name="Add to queue: Dawn Chorus")).to_be_visible()
    expect(row.get_by_role("button", name="More: Dawn Chorus")).to_be_hidden()

    page.get_by_role("searchbox", name="Search").fill("morning")
    newest = page.get_by_role("button", name="Play Morning <Light>", exact=True)
    newest.click()
    page.wait_for_function(playing_past(0.3))
    page.get_by_role("slider", name="Seek").fill("60")
    page.wait_for_function(playing_past(60.3))
    expect(page.get_by_role("slider", name="Seek")).to_have_attribute("aria-valuetext", re.compile(r"^1:0\d of 1:40$"))


def test_the_theme_follows_the_device_until_switched_and_is_remembered(library, new_page):
    page = logged_in_page(new_page, library, "desktop", "dark")
    background = "() => getComputedStyle(document.body).backgroundColor"
    assert page.evaluate(background) == "rgb(18, 18, 18)"
    with page.expect_response(lambda response: response.url.endswith("/account/appearance")) as saved:
        page.get_by_role("button", name="Switch to light theme").click()
        # Switched at once, before the server has answered.
        expect(page.locator("html")).to_have_attribute("data-theme", "light")
    assert saved.value.status == 200
    assert page.evaluate(background) == "rgb(255, 255, 255)"
    expect(page.get_by_role("button", name="Switch to dark theme")).to_be_visible()
    # Remembered by the server, so the next page is light from its first byte, while the device stays dark.
    page.reload()
    expect(page.locator("html")).to_have_attribute("data-theme", "light")
    # Back to the device's choice from the account page (a plain form).
    page.goto(library["url"] + "/account")
    page.get_by_label("Same as this device").check()
    page.get_by_role("button", name="Save appearance").click()
    expect(page.get_by_text("Theme: same as this device.")).to_be_visible()
    page.reload()
    expect(page.locator("html")).not_to_have_attribute("data-theme", re.compile("."))
    assert page.evaluate(background) == "rgb(18, 18, 18)"


def test_navigation_moves_focus_to_the_new_page_and_announces_it(library, new_page):
    page = logged_in_page(new_page, library, "desktop", "light")
    # The first Tab reaches the skip link, which takes focus past the header and sidebar.
    page.keyboard.press("Tab")
    skip = page.get_by_role("link", name="Skip to content")
    expect(skip).to_be_focused()
    page.keyboard.press("Enter")
    expect(page.locator("#content")).to_be_focused()

    page.get_by_role("navigation", name="Library").get_by_role("link", name="Liked Songs").click()
    page.wait_for_url("**/liked")
    expect(page.get_by_role("heading", level=1, name="Liked Songs")).to_be_focused()
    expect(page.locator("#page-announcer")).to_have_text(re.compile("^Liked Songs"))
    page.get_by_role("navigation", name="Library").get_by_role("link", name="Recently played").click()
    page.wait_for_url("**/recent")
    expect(page.get_by_role("heading", level=1, name="Recently played")).to_be_focused()
    expect(page.locator("#page-announcer")).to_have_text(re.compile("^Recently played"))

    # A message that follows an action is announced from a live region that was there all along.
    toast = page.locator("#library-toast")
    expect(toast).to_have_attribute("role", "status")
    expect(toast).to_be_empty()
    page.get_by_role("navigation", name="Library").get_by_role("link", name="Home").click()
    page.wait_for_url(library["url"] + "/")
    newest = page.get_by_role("region", name="Newest songs")
    newest.get_by_label("Add to playlist: Morning <Light>").click()
    newest.get_by_role("button", name="Road <trip>").click()
    expect(toast).to_have_text("Added to “Road <trip>”.")


@pytest.mark.parametrize("path", ["/login", "/signup"])
def test_the_log_in_and_sign_up_cards_are_centred_and_wide_enough(library, new_page, path):
    """Logged out there is no sidebar, and the page used to put its card in the sidebar's 220 px column."""
    page = new_page(**DESKTOP, color_scheme="light")
    page.goto(library["url"] + path)
    card = page.locator("main .card").first.bounding_box()
    width = page.viewport_size["width"]
    assert card["width"] >= 320, card
    assert abs((card["x"] + card["width"] / 2) - width / 2) < 40, (card, width)
    icon = page.request.get(library["url"] + "/favicon.ico")
    assert icon.status == 200


def test_a_long_title_on_a_phone_ends_with_an_ellipsis(library, new_page):
    """A row's title was a flex box on phones, where text-overflow does not apply: "Headlights Over the
    Reservoir at F", cut mid-letter."""
    page = logged_in_page(new_page, library, "phone", "light")
    title = page.locator("main .song-row .title").first
    title.evaluate("(link) => { link.textContent = 'Headlights Over the Reservoir at First Light, Remastered'; }")
    style = title.evaluate("""(link) => { const s = getComputedStyle(link);
        return {display: s.display, overflow: s.overflowX, ending: s.textOverflow, wraps: s.whiteSpace,
                cut: link.scrollWidth > link.clientWidth, height: link.getBoundingClientRect().height}; }""")
    assert style["cut"] and style["ending"] == "ellipsis" and style["overflow"] == "hidden", style
    assert style["display"] == "block" and style["wraps"] == "nowrap" and style["height"] >= 44, style

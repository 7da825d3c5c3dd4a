"""Search in a real browser: results appear as the user types, without a page load, and the address follows."""
import re

import pytest
from playwright.sync_api import expect

pytestmark = [pytest.mark.browser, pytest.mark.stack]


@pytest.fixture(scope="module")
def base_url(stack, mongo_uri):
    from scripts.catalogue_generation import bulk_load
    from song_service.app import create_app

    songs = [{"title": f"Filler {n}", "artist": f"Band {n}", "album": f"Record {n}",
              "duration": 120} for n in range(40)]
    songs += [{"title": title, "artist": "Sigur Rós", "album": "Takk...", "genres": ["Post-Rock"], "year": 2005}
              for title in ("Hoppípolla", "Glósóli")]
    app = create_app({"TESTING": True, "MONGO_URI": mongo_uri, "MONGO_DB_NAME": stack.environment["SONG_DB_NAME"]})
    with app.app_context():
        bulk_load.load(songs)
    return stack.url("operator_service")


def test_results_appear_while_typing_without_a_page_load(base_url, new_page):
    page = new_page()
    page.goto(base_url + "/signup")
    page.get_by_label("Username").fill("searcher")
    page.get_by_label("Password", exact=True).fill("correct horse")
    page.get_by_label("Repeat password").fill("correct horse")
    page.get_by_role("button", name="Sign up").click()
    expect(page).to_have_url(base_url + "/")

    page.evaluate("() => { window.searchTestMarker = 'same document'; }")
    box = page.get_by_label("Search")
    box.press_sequentially("sigur ro", delay=40)
    results = page.locator("#search-results")
    expect(results.get_by_role("heading", name="Songs")).to_be_visible()
    expect(results.get_by_role("button", name="Play Hoppípolla")).to_be_visible()
    expect(results.get_by_role("region", name="Artists").get_by_role("link", name="Sigur Rós")).to_be_visible()
    expect(results.get_by_role("region", name="Albums").get_by_role("link", name="Takk...")).to_be_visible()
    expect(page).to_have_url(re.compile(r"/search\?q=sigur\+ro$"))
    # The same document all along: a page load would have dropped the marker, and the box kept its focus.
    assert page.evaluate("() => window.searchTestMarker") == "same document"
    page.wait_for_function("() => document.activeElement && document.activeElement.id === 'search-box'")

    box.press_sequentially("s glos", delay=40)
    expect(results.get_by_role("button", name="Play Glósóli")).to_be_visible()
    expect(results.get_by_role("button", name="Play Hoppípolla")).to_have_count(0)
    box.fill("")
    box.press_sequentially("!!", delay=40)
    expect(results).to_contain_text("Nothing matches")
    assert page.evaluate("() => window.searchTestMarker") == "same document"

    # The address that typing left behind is a whole page of its own.
    page.goto(base_url + "/search?q=hopp")
    expect(page.locator("#search-results").get_by_role("button", name="Play Hoppípolla")).to_be_visible()


@pytest.mark.parametrize("wait_for_live_results", [False, True], ids=["enter-at-once", "enter-after-results"])
def test_enter_adds_one_history_entry_so_back_returns_to_the_page_before(base_url, new_page, wait_for_live_results):
    """Enter right after typing (the live search still waiting or on its way), or once the live results are
    shown: either way one entry for the results page, and one Back returns to the page the search started on."""
    page = new_page()
    page.goto(base_url + "/signup")
    page.get_by_label("Username").fill(f"back-{int(wait_for_live_results)}")
    page.get_by_label("Password", exact=True).fill("correct horse")
    page.get_by_label("Repeat password").fill("correct horse")
    page.get_by_role("button", name="Sign up").click()
    expect(page).to_have_url(base_url + "/")
    page.get_by_role("navigation", name="Library").get_by_role("link", name="Genres").click()
    expect(page).to_have_url(base_url + "/genres")
    expect(page.get_by_role("heading", name="Genres", level=1)).to_be_visible()
    entries_before = page.evaluate("() => history.length")

    box = page.get_by_label("Search")
    box.press_sequentially("sigur", delay=20)
    if wait_for_live_results:
        expect(page).to_have_url(re.compile(r"/search\?q=sigur$"))
        expect(page.locator("#search-results").get_by_role("button", name="Play Hoppípolla")).to_be_visible()
    box.press("Enter")
    expect(page).to_have_url(re.compile(r"/search\?q=sigur$"))
    expect(page.get_by_role("heading", name=re.compile("sigur"), level=1)).to_be_visible()
    page.wait_for_timeout(600)  # past the live search's delay: a late one would add its entry now
    expect(page).to_have_url(re.compile(r"/search\?q=sigur$"))
    assert page.evaluate("() => history.length") == entries_before + 1

    page.go_back()
    expect(page).to_have_url(base_url + "/genres")
    expect(page.get_by_role("heading", name="Genres", level=1)).to_be_visible()

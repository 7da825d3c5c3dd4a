"""Every format a real library holds plays in chromium, seekable, through the whole stack.

An admin uploads one file of each format PyAV encodes here (tests/audio_factory.py ENCODED_FORMATS) through
the operator. media_service's worker, running beside the stack as in production, converts what browsers
cannot play. Each song then plays in headless chromium from its player URL: its currentTime advances,
its duration is right, and it seeks to the middle and plays on from there.
"""
import html
import json
import re
import time

import pytest
import requests
from audio_factory import ENCODED_FORMATS, encode_audio
from playwright.sync_api import expect
from web_session import WebSession

from tests.browser.conftest import log_in

pytestmark = [pytest.mark.browser, pytest.mark.stack]

PASSWORD = "correct horse"
SECONDS = 2.0  # the stack's uploads are limited to 2 MB: a 192 kHz WAV of 2 s is 1.5 MB
BATCH = 4  # the upload form takes UPLOAD_MAX_FILES (4) files per post


def songs_in(page_html):
    """``{title: what the player gets}`` from the play buttons of a page."""
    found = {}
    for attribute in re.findall(r"data-song='([^']*)'", page_html):
        song = json.loads(html.unescape(attribute))
        found[song["title"]] = song
    return found


def wait_until_converted(session, songs, timeout=120):
    """Each song's audio URL answers 200: its rendition, where it needs one, is made."""
    deadline = time.monotonic() + timeout
    waiting = dict(songs)
    while waiting and time.monotonic() < deadline:
        for title, song in list(waiting.items()):
            response = session.http.get(session.base_url + song["src"], headers={"Range": "bytes=0-15"}, timeout=10)
            if response.status_code == 206:
                del waiting[title]
            else:
                assert response.status_code == 409, (title, response.status_code, response.text[:200])
        time.sleep(0.5)
    assert not waiting, f"not converted within {timeout} s: {sorted(waiting)}"


@pytest.fixture(scope="module")
def every_format(stack, tmp_path_factory):
    folder = tmp_path_factory.mktemp("every-format")
    admin = WebSession(stack.url("operator_service"))
    assert admin.sign_up("formats-admin", PASSWORD).status_code == 200
    paths = [encode_audio(folder / f"format {encoded.label}.{encoded.extension}", encoded, SECONDS)
             for encoded in ENCODED_FORMATS]
    songs = {}
    for start in range(0, len(paths), BATCH):
        files = [("audio_files", (path.name, open(path, "rb"), "application/octet-stream"))
                 for path in paths[start:start + BATCH]]
        try:
            response = admin.submit("/admin/upload", files=files)
        finally:
            for _, (_, handle, _) in files:
                handle.close()
        assert response.status_code == 200 and "failed" not in response.text.lower(), response.text[-2000:]
        songs.update(songs_in(response.text))
    assert len(songs) == len(ENCODED_FORMATS)
    wait_until_converted(admin, songs)
    return {"url": stack.url("operator_service"), "songs": songs}


@pytest.fixture
def page(every_format, new_page):
    page = new_page()
    log_in(page, every_format["url"], "formats-admin")
    expect(page.get_by_role("navigation", name="Library")).to_be_visible()
    return page


PLAY_AND_SEEK = """async (src) => {
  const audio = new Audio(src);
  const until = (test, what) => new Promise((resolve, reject) => {
    const started = Date.now();
    const check = () => {
      if (audio.error) return reject(new Error(`${what}: media error ${audio.error.code} ${audio.error.message}`));
      if (test()) return resolve();
      if (Date.now() - started > 10000) return reject(new Error(`${what}: timed out at ${audio.currentTime}`));
      setTimeout(check, 25);
    };
    check();
  });
  await audio.play();
  await until(() => audio.currentTime > 0.2, "playing");
  const duration = audio.duration;
  audio.pause();
  const middle = duration / 2;
  audio.currentTime = middle;
  await new Promise((resolve) => audio.addEventListener("seeked", resolve, { once: true }));
  await audio.play();
  await until(() => audio.currentTime > middle + 0.2, "playing on after the seek");
  const after = audio.currentTime;
  audio.pause();
  audio.removeAttribute("src");
  audio.load();
  return { duration, middle, after };
}"""


def test_every_format_plays_and_seeks_in_chromium(page, every_format):
    problems = {}
    for title, song in sorted(every_format["songs"].items()):
        try:
            played = page.evaluate(PLAY_AND_SEEK, song["src"])
        except Exception as error:  # gather them all: one report of every format that fails
            problems[title] = str(error).splitlines()[0]
            continue
        if abs(played["duration"] - SECONDS) > 0.1:
            problems[title] = f"duration {played['duration']:.3f}"
        elif not played["middle"] < played["after"] < played["duration"] + 0.05:
            problems[title] = f"after seeking to {played['middle']:.2f} it played at {played['after']:.2f}"
    assert not problems, problems


def test_the_data_saver_streams_opus_and_seeks(page, every_format, tmp_path):
    page.goto(every_format["url"] + "/account")
    page.get_by_label(re.compile("Data saver")).check()
    page.get_by_role("button", name="Save", exact=True).click()
    expect(page.get_by_text("Data saver on")).to_be_visible()
    page.goto(every_format["url"] + "/search?q=format+flac")
    on_page = page.locator("[data-song]").evaluate_all("buttons => buttons.map(b => JSON.parse(b.dataset.song))")
    saver_song = next(song for song in on_page if song["title"] == "format flac")
    assert saver_song["src"].endswith("?quality=saver")
    cookies = {cookie["name"]: cookie["value"] for cookie in page.context.cookies()}
    response = requests.get(every_format["url"] + saver_song["src"], cookies=cookies, timeout=10)
    assert response.status_code == 200 and response.headers["Content-Type"] == "audio/ogg"
    played = page.evaluate(PLAY_AND_SEEK, saver_song["src"])
    assert abs(played["duration"] - SECONDS) <= 0.1 and played["after"] > played["middle"]
    page.goto(every_format["url"] + "/account")
    page.get_by_label(re.compile("Data saver")).uncheck()
    page.get_by_role("button", name="Save", exact=True).click()
    expect(page.get_by_text("Data saver off")).to_be_visible()


def test_a_song_still_being_converted_says_so(stack, every_format, tmp_path):
    """While the worker is stopped, a new AIFF is stored at once and its player URL says it is converting."""
    admin = WebSession(every_format["url"])
    admin.log_in("formats-admin", PASSWORD)
    stack.stop("media_transcoder")
    try:
        aiff = encode_audio(tmp_path / "waiting.aiff", next(f for f in ENCODED_FORMATS if f.label == "aiff"), SECONDS)
        with open(aiff, "rb") as body:
            response = admin.submit("/admin/upload", files={"audio_files": ("waiting.aiff", body, "audio/aiff")})
        assert response.status_code == 200 and "Being converted for browsers" in response.text
        song = songs_in(response.text)["waiting"]
        waiting = admin.get(song["src"])
        assert waiting.status_code == 409 and "being converted" in waiting.text
    finally:
        stack.start_transcoder()
    wait_until_converted(admin, {"waiting": song})

"""A stack with a small library for the Subsonic API tests: an admin who uploaded it, a listener with an API
key and an app password made on the account page, and the two client libraries connected as that listener."""
import html
import re
from urllib.parse import urlsplit

import libopensonic
import libsonic
from audio_factory import make_audio, make_cover_png
from web_session import WebSession

PASSWORD = "correct horse"
# (file name, tags): uploaded out of order, so that disc and track order is the server's doing.
LIBRARY = (
    ("night-2-1.mp3", dict(title="Neon Rain", artist="The Band", album="Night Drive", disc=(2, 2), track=(1, 2),
                           genres="Synthwave", year=2019)),
    ("night-1-2.mp3", dict(title="Coastline", artist="The Band", album="Night Drive", disc=(1, 2), track=(2, 2),
                           genres="Synthwave", year=2019)),
    ("night-1-1.mp3", dict(title="Overture", artist="The Band", album="Night Drive", disc=(1, 2), track=(1, 2),
                           genres="Synthwave", year=2019)),
    ("morning.mp3", dict(title="Morning Light", artist="Ada Quartet", album="Morning", track=1, genres="Jazz",
                         year=1975)),
    ("evening.mp3", dict(title="Évening Tide", artist="Ada Quartet", album="Evening", track=1, genres="Jazz",
                         year=1981)),
)
SECRET = re.compile(r'data-secret>([^<]+)<')


def upload_library(admin, folder):
    """Upload LIBRARY; returns the original bytes of each song by title."""
    originals = {}
    for number, (name, tags) in enumerate(LIBRARY):
        path = make_audio(folder / name, "mp3", seconds=1.5, frequency=300 + 50 * number,
                          cover=make_cover_png(color=(40 * number, 80, 120)), **tags)
        with open(path, "rb") as body:
            assert admin.submit("/admin/upload", files={"audio_files": (path.name, body, "audio/mpeg")}).ok
        originals[tags["title"]] = path.read_bytes()
    return originals


def make_credential(session, kind, name):
    """Make an API key or app password on the account page, as a person would; returns the secret shown."""
    page = session.submit("/account", {"kind": kind, "name": name}, action="/account/apps")
    assert page.status_code == 200, page.text[:500]
    return html.unescape(SECRET.search(page.text).group(1))


def py_sonic(base, username, password, legacy=False):
    parts = urlsplit(base)
    return libsonic.Connection(f"{parts.scheme}://{parts.hostname}", username, password, port=parts.port,
                               legacyAuth=legacy, appName="py-sonic-test")


def py_opensonic(base, username=None, password=None, api_key=None, use_get=False, legacy=False):
    parts = urlsplit(base)
    return libopensonic.Connection(f"{parts.scheme}://{parts.hostname}", username, password, port=parts.port,
                                   api_key=api_key, app_name="py-opensonic-test", use_get=use_get,
                                   legacy_auth=legacy)


def build_site(stack, folder, listener_name="lena"):
    base = stack.url("operator_service")
    admin = WebSession(base)
    assert admin.sign_up("curator").ok
    originals = upload_library(admin, folder)
    listener = WebSession(base)
    assert listener.sign_up(listener_name, PASSWORD).ok
    assert WebSession(base).sign_up("ines", "señor pass").ok  # a password beyond ASCII
    api_key = make_credential(listener, "api_key", "Pixel")
    app_password = make_credential(listener, "app_password", "Car")
    return {"base": base, "admin": admin, "listener": listener, "username": listener_name, "api_key": api_key,
            "app_password": app_password, "originals": originals}

"""Check a running server the way a person sets up a listening app: sign up, make an API key and an app
password on the account page, and call the Subsonic API with each kind of credential through both client
libraries and plain HTTP.

    .venv/bin/python scripts/check_listening_apps.py http://127.0.0.1:8080 [--username someone]

It makes an account on that server (sign-up must be open), so use it on `make run`, not on a real library.
"""
import argparse
import os
import secrets
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path[:0] = [ROOT, os.path.join(ROOT, "tests")]

import requests  # noqa: E402
from subsonic_site import make_credential, py_opensonic, py_sonic  # noqa: E402
from web_session import WebSession  # noqa: E402


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("url", help="the web player's address, as typed into an app")
    parser.add_argument("--username", default=f"appcheck{secrets.token_hex(3)}")
    args = parser.parse_args()
    password = secrets.token_urlsafe(12)
    person = WebSession(args.url)
    if not person.sign_up(args.username, password).ok:
        sys.exit("Could not sign up: is sign-up open on this server?")
    api_key = make_credential(person, "api_key", "check_listening_apps")
    app_password = make_credential(person, "app_password", "check_listening_apps")
    results = {
        "py-sonic, token sign-in with the app password": py_sonic(args.url, args.username, app_password).ping(),
        "py-sonic, enc: login password": py_sonic(args.url, args.username, password, legacy=True).ping(),
    }
    connection = py_opensonic(args.url, api_key=api_key)
    try:
        results["py-opensonic, API key (tokenInfo)"] = connection.token_info().username == args.username
        extensions = connection.get_open_subsonic_extensions()
        results["py-opensonic, extensions"] = ", ".join(sorted(extension.name for extension in extensions))
    finally:
        connection.cleanup()
    answer = requests.get(f"{args.url}/rest/getArtists.view", timeout=30,
                          params={"u": args.username, "p": password, "v": "1.2.0", "c": "curl"})
    xml_ok = answer.headers["Content-Type"].startswith("text/xml") and 'status="ok"' in answer.text
    results["plain HTTP, clear p, v=1.2.0, no f (XML)"] = xml_ok and "subsonic.org/restapi" in answer.text
    for check, result in results.items():
        print(f"{check}: {result}")
    if not all(results.values()):
        sys.exit(1)


if __name__ == "__main__":
    main()

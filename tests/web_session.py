"""A browser-like HTTP session for the operator: it reads CSRF tokens from pages and submits forms."""
import re

import requests

CSRF_INPUT = re.compile(r'<input[^>]*name="csrf_token"[^>]*value="([^"]+)"'
                        r'|<input[^>]*value="([^"]+)"[^>]*name="csrf_token"')


class WebSession:
    def __init__(self, base_url):
        self.base_url = base_url
        self.http = requests.Session()

    def get(self, path, **kwargs):
        return self.http.get(self.base_url + path, timeout=30, **kwargs)

    def csrf_token(self, path):
        page = self.get(path)
        match = CSRF_INPUT.search(page.text)
        assert match, f"no CSRF token on {path}"
        return match.group(1) or match.group(2)

    def submit(self, path, data=None, files=None, action=None, **kwargs):
        """POST a form the way a browser would after loading it: to ``path``, or to ``action`` when the form
        on ``path`` posts elsewhere."""
        fields = {"csrf_token": self.csrf_token(path), **(data or {})}
        return self.http.post(self.base_url + (action or path), data=fields, files=files, timeout=60, **kwargs)

    def sign_up(self, username, password="correct horse"):
        return self.submit("/signup", {"username": username, "password": password, "confirm": password})

    def log_in(self, username, password="correct horse"):
        return self.submit("/login", {"username": username, "password": password})

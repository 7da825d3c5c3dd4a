"""``next`` is followed only to a plain path on this site."""
import pytest

from operator_service.controllers.next_page import safe_next

HOME = "/"


@pytest.mark.parametrize("target", [
    "/\\evil.example/phish", "//evil.example", "https://evil.example/", "javascript:alert(1)", "evil.example",
    "/%0D%0A".replace("%0D%0A", "\r\nX: y"), "/songs\x00", "/" + "a" * 3000, None, ["/songs"], "",
])
def test_anything_but_a_local_path_goes_home(target):
    assert safe_next(target, HOME) == HOME


@pytest.mark.parametrize("target", ["/songs/abc?page=2", "/playlists", "/search?q=bj%C3%B6rk", "/"])
def test_a_local_path_is_kept(target):
    assert safe_next(target, HOME) == target

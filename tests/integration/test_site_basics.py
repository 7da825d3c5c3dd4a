"""What every visit touches: the site's icon, the console's own address, and a first run's way to music."""
import pytest
from web_session import WebSession

pytestmark = pytest.mark.stack


def test_the_icon_answers_without_a_login(stack):
    visitor = WebSession(stack.url("operator_service"))
    icon = visitor.get("/favicon.ico")
    assert icon.status_code == 200 and icon.headers["Content-Type"].startswith("image/svg+xml")
    assert b"<svg" in icon.content
    assert 'rel="icon"' in visitor.get("/login").text


def test_a_first_run_home_leads_the_admin_to_the_upload_page(first_admin):
    home = first_admin.get("/")
    assert 'href="/admin/upload"' in home.text and "Upload some music" in home.text


def test_admin_opens_the_console_for_admins_only(stack, first_admin):
    opened = first_admin.get("/admin/", allow_redirects=False)
    assert opened.status_code == 302 and opened.headers["Location"].endswith("/admin/catalogue/")
    listener = WebSession(stack.url("operator_service"))
    assert listener.sign_up("just-listening").status_code == 200
    assert listener.get("/admin/", allow_redirects=False).status_code == 403
    assert "Upload some music" not in listener.get("/").text


def test_an_artists_most_played_lists_only_played_songs(stack, first_admin, tmp_path):
    """Before any play the artist page said "Most played" over every song; after one, the played song was
    missing (the dev database found nothing in a range of the index's descending key)."""
    import re

    from audio_factory import make_audio

    for title in ("Quiet One", "Loud One"):
        song = make_audio(tmp_path / f"{title}.mp3", "mp3", seconds=1, title=title, artist="Basics Band")
        first_admin.submit("/admin/upload", files={"audio_files": (f"{title}.mp3", song.read_bytes(), "audio/mpeg")})
    stored = first_admin.get("/search", params={"q": "Quiet One"}).text
    quiet = re.search(r'href="(/songs/[0-9a-f]{24})"[^>]*>Quiet One<', stored).group(1)
    artist = re.search(r"/artists/[0-9a-f]{24}", first_admin.get(quiet).text).group(0)
    unplayed = first_admin.get(artist).text
    assert ">Songs</h2>" in unplayed and "Most played" not in unplayed and "Quiet One" in unplayed
    loud = re.search(r'href="/songs/([0-9a-f]{24})"[^>]*>Loud One<', unplayed).group(1)
    token = first_admin.csrf_token("/")
    assert first_admin.http.post(first_admin.base_url + "/plays", json={"song_id": loud},
                                 headers={"X-CSRFToken": token}, timeout=10).status_code == 204
    played = first_admin.get(artist).text
    section = played.split("Most played", 1)[1].split("</section>", 1)[0]
    assert "Loud One" in section and "Quiet One" not in section

"""The browse and search pages of the operator, over a generated catalogue of a few hundred songs, with the
four services under gunicorn: every list in order, page by page, to its exact end."""
import html
import re

import pytest
from audio_factory import make_audio, make_cover_jpeg
from web_session import WebSession

from scripts.catalogue_generation.synthetic_catalogue import generate
from song_service.models.catalogue.keys import sort_key

pytestmark = pytest.mark.stack

CATALOGUE_SIZE = 300  # six full pages of the song list (50 a page); an upload starts a seventh
Z_ARTISTS = 96  # exactly two full pages of artists, and of albums, under Z (48 a page)


@pytest.fixture(scope="module")
def catalogue(stack, mongo_uri):
    """The generated songs, plus one song by each of 96 artists under Z, loaded straight into the database."""
    from scripts.catalogue_generation import bulk_load
    from song_service.app import create_app

    metadata = generate(CATALOGUE_SIZE - Z_ARTISTS, seed=11)
    metadata += [{"title": f"Zed Song {n}", "artist": f"Zed {n:03d}", "album": f"Zed Album {n:03d}",
                  "genres": ["Zydeco"], "year": 2000 + n % 3, "duration": 100 + n} for n in range(Z_ARTISTS)]
    app = create_app({"TESTING": True, "MONGO_URI": mongo_uri, "MONGO_DB_NAME": stack.environment["SONG_DB_NAME"]})
    with app.app_context():
        bulk_load.load(metadata)
    return metadata


@pytest.fixture(scope="module")
def admin(stack, catalogue):
    session = WebSession(stack.url("operator_service"))
    assert session.sign_up("curator").status_code == 200  # the first account is the admin
    return session


@pytest.fixture(scope="module")
def uploaded(admin, tmp_path_factory):
    """A real upload, with cover art, as track 2 of "Zed Album 000"."""
    song = make_audio(tmp_path_factory.mktemp("upload") / "newest.mp3", "mp3", seconds=1, title="Newest Of All",
                      artist="Zed 000", album="Zed Album 000", genres=["Zydeco"], year=2000, track=2,
                      cover=make_cover_jpeg(size=(900, 900)))
    with open(song, "rb") as body:
        response = admin.submit("/admin/upload", files={"audio_files": ("newest.mp3", body, "audio/mpeg")})
    assert response.status_code == 200 and "Uploaded 1 song" in response.text


def page_items(page, pattern):
    return [html.unescape(item) for item in re.findall(pattern, page.text)]


def next_link(page):
    found = re.search(r'<a rel="next" href="([^"]+)"', page.text)
    return html.unescape(found.group(1)) if found else None


def walk(session, path, pattern):
    """Every item of a paged list by following "Next page", and the number of items on each page."""
    items, sizes = [], []
    while path:
        page = session.get(path)
        assert page.status_code == 200, (path, page.text[:300])
        found = page_items(page, pattern)
        items += found
        sizes.append(len(found))
        path = next_link(page)
    return items, sizes


ARTIST_CARD = r'<a class="card-link" href="/artists/[0-9a-f]{24}">.*?<span class="card-title">([^<]+)</span>'
ALBUM_CARD = r'<a class="card-link" href="/albums/[0-9a-f]{24}">.*?<span class="card-title">([^<]+)</span>'
SONG_ROW = r'class="play" aria-label="Play ([^"]+)"'


def test_artists_under_a_letter_are_alphabetical_and_paged_to_the_exact_end(admin):
    names, sizes = walk(admin, "/artists?letter=z", re.compile(ARTIST_CARD, re.S))
    assert names == [f"Zed {n:03d}" for n in range(Z_ARTISTS)] and sizes == [48, 48]
    last = admin.get("/artists", params={"letter": "z"}).text
    assert 'aria-current="page">Z</a>' in last and "1 album · 1 song" in last


def test_artists_of_every_letter_together_are_every_artist(admin, catalogue):
    names = {song.get("album_artist") or song["artist"] for song in catalogue} | {song["artist"] for song in catalogue}
    seen = []
    for letter in "#abcdefghijklmnopqrstuvwxyz":
        seen += walk(admin, f"/artists?letter={letter.replace('#', '%23')}", re.compile(ARTIST_CARD, re.S))[0]
    assert seen == sorted(names, key=lambda name: sort_key(name, ""))


def test_the_song_list_is_newest_first_to_its_last_page(admin, catalogue, uploaded):
    titles, sizes = walk(admin, "/songs", SONG_ROW)
    assert sizes == [50] * 6 + [1]
    assert titles == ["Newest Of All"] + [song["title"] for song in reversed(catalogue)]


def test_album_page_lists_tracks_in_order_with_length_cover_and_play_button(admin, catalogue, uploaded):
    # Reached through the A-Z album list, not search: a short query ranks a sample of its candidates.
    zed = admin.get("/albums", params={"sort": "name", "letter": "z"})
    card = r'<a class="card-link" href="(/albums/[0-9a-f]{24})">(?:(?!</a>).)*?<span class="card-title">Zed Album 000<'
    album_path = re.search(card, zed.text, re.S).group(1)
    page = admin.get(album_path)
    assert page.status_code == 200
    assert page_items(page, SONG_ROW)[:2] == ["Zed Song 0", "Newest Of All"]  # track 1, then track 2
    assert 'data-play-list="#album-tracks"' in page.text and ">Play album</button>" in page.text
    assert "2 songs" in page.text and "1:41" in page.text  # 100 s and the 1 s upload
    large = re.search(r'src="(/covers/[0-9a-f]{24}\?size=large)"', page.text).group(1)
    thumb = re.search(r'src="(/covers/[0-9a-f]{24}\?size=thumb)"', page.text).group(1)
    for path, longest in ((large, 640), (thumb, 360)):
        image = admin.get(path)
        assert image.status_code == 200 and image.headers["Content-Type"] == "image/jpeg"
        assert "immutable" in image.headers["Cache-Control"] and image.headers["ETag"]
        assert admin.get(path, headers={"If-None-Match": image.headers["ETag"]}).status_code == 304
    # The song's page links its genre, which song_service sends as an id with its name.
    song_path = re.search(r'<a class="title" href="(/songs/[0-9a-f]{24})">Newest Of All<', page.text).group(1)
    genre_path = re.search(r'<a href="(/genres/[0-9a-f]{24})">Zydeco</a>', admin.get(song_path).text).group(1)
    assert "Zydeco" in admin.get(genre_path).text


def test_artist_page_shows_albums_and_most_played(admin, catalogue):
    counts = {}
    for song in catalogue:
        counts[song["artist"]] = counts.get(song["artist"], 0) + 1
    prolific = max(counts, key=counts.get)
    found = admin.get("/search", params={"q": prolific})
    page = admin.get(re.search(r'<a class="card-link" href="(/artists/[0-9a-f]{24})"', found.text).group(1))
    assert page.status_code == 200 and html.escape(prolific) in page.text
    top = page_items(page, SONG_ROW)
    plays = sorted((s["play_count"] for s in catalogue if s["artist"] == prolific), reverse=True)
    most_played = next(s["title"] for s in catalogue if s["artist"] == prolific and s["play_count"] == plays[0])
    assert len(top) == min(10, len(plays)) and (top[0] == most_played or plays[0] == plays[1])
    albums = {s["album"] for s in catalogue if (s.get("album_artist") or s["artist"]) == prolific}
    assert set(page_items(page, re.compile(ALBUM_CARD, re.S))) == albums


def test_albums_sort_by_name_year_and_newest(admin, catalogue):
    by_year, _ = walk(admin, "/albums?sort=year", re.compile(
        r'<span class="card-title">([^<]+)</span>.*?(?:· )?(\d{4})\s*</span>', re.S))
    years = [int(year) for _title, year in by_year]
    assert years == sorted(years, reverse=True) and len(by_year) > 48  # more than one page
    names, sizes = walk(admin, "/albums?sort=name&letter=z", re.compile(ALBUM_CARD, re.S))
    assert names == [f"Zed Album {n:03d}" for n in range(Z_ARTISTS)] and sizes == [48, 48]
    newest = page_items(admin.get("/albums", params={"sort": "newest"}), re.compile(ALBUM_CARD, re.S))
    assert newest[0] == f"Zed Album {Z_ARTISTS - 1:03d}"


def test_genres_have_counts_and_a_paged_page_each(admin, catalogue):
    genres = admin.get("/genres")
    rock_count = sum("Rock" in song["genres"] for song in catalogue)
    assert int(re.search(r'>Rock</a>\s*<span class="subtitle">(\d+) songs', genres.text).group(1)) == rock_count
    rock = re.search(r'href="(/genres/[0-9a-f]{24})">Rock<', genres.text).group(1)
    titles, sizes = walk(admin, rock, SONG_ROW)
    assert len(titles) == rock_count and all(size == 50 for size in sizes[:-1]) and 0 < sizes[-1] <= 50


def test_search_page_groups_results_and_the_live_fragment_follows_typing(admin, catalogue):
    page = admin.get("/search", params={"q": "zed 00"})
    assert page.status_code == 200 and '<form class="search" action="/search" method="get"' in page.text
    for heading in ("Songs", "Artists", "Albums"):
        assert f'results-heading">{heading}</h2>' in page.text
    live = admin.get("/search/live", params={"q": "zed 00"}, headers={"HX-Request": "true",
                                                                       "HX-Current-URL": "http://x/albums"})
    assert live.text.lstrip().startswith('<div id="search-results"') and "<html" not in live.text
    assert live.headers["HX-Push-Url"] == "/search?q=zed+00"
    typing_on = admin.get("/search/live", params={"q": "zed 0"}, headers={"HX-Current-URL": "http://x/search?q=zed"})
    assert typing_on.headers["HX-Replace-Url"] == "/search?q=zed+0"
    assert "Nothing matches" in admin.get("/search/live", params={"q": "!!!"}).text


@pytest.mark.parametrize("path, status", [
    ("/artists?letter=ab", 400), ("/albums?sort=colour", 400), ("/songs?before=abc", 400),
    ("/albums?sort=year&after=soon|x", 400), ("/artists/" + "0" * 24, 404), ("/albums/nope", 404),
    ("/genres/" + "0" * 24, 404), ("/covers/" + "0" * 24 + "?size=huge", 404),
])
def test_bad_addresses_get_clear_error_pages(admin, path, status):
    response = admin.get(path)
    assert response.status_code == status and "Traceback" not in response.text

"""The search rules, case by case: every field, accents, punctuation, word order, ranking and bounds."""
import pytest
from bson import ObjectId


@pytest.fixture
def add(client, token_for):
    admin = token_for("admin")

    def add_song(title, artist="Someone", album="Something", **fields):
        payload = {"title": title, "artist": artist, "album": album, "audio_id": str(ObjectId()), **fields}
        response = client.post("/api/songs", json=payload, headers=admin)
        assert response.status_code == 201, response.json
        return response.json

    return add_song


@pytest.fixture
def search(client, token_for):
    listener = token_for("listener")

    def run(query, **limits):
        response = client.get("/api/search", query_string={"q": query, **limits}, headers=listener)
        assert response.status_code == 200, response.json
        return response.json

    return run


def set_play_counts(app, play_counts):
    """Set play counts straight in the database, and tell the search index, as counting a play does."""
    with app.app_context():
        from song_service.extensions import mongo
        from song_service.models.search import change_log

        for song_id, plays in play_counts.items():
            mongo.db.songs.update_one({"_id": ObjectId(song_id)}, {"$set": {"play_count": plays}})
        change_log.record(songs=[ObjectId(song_id) for song_id in play_counts])


def titles(results):
    return [song["title"] for song in results["songs"]]


@pytest.fixture
def catalogue(add):
    add("Come Together", artist="The Beatles", album="Abbey Road", genres=["Rock"], year=1969)
    add("Something", artist="The Beatles", album="Abbey Road", genres=["Rock"], year=1969)
    add("Hoppípolla", artist="Sigur Rós", album="Takk...", genres=["Post-Rock"], year=2005)
    add("Thunderstruck", artist="AC/DC", album="The Razors Edge", genres=["Hard Rock"], year=1990)
    add("Jóga", artist="Björk", album="Homogenic", album_artist="Björk", genres=["Electronic", "Art Pop"], year=1997)
    add("Windowlicker", artist="Aphex Twin", album="Windowlicker", genres=["IDM"], year=1999)


@pytest.mark.parametrize("query, expected", [
    ("come", ["Come Together"]),                       # title
    ("beatles", ["Come Together", "Something"]),       # artist
    ("abbey", ["Come Together", "Something"]),         # album
    ("post-rock", ["Hoppípolla"]),                     # genre
    ("art pop", ["Jóga"]),                             # a second genre
    ("1997", ["Jóga"]),                                # year
    ("homog", ["Jóga"]),                               # prefix
])
def test_every_metadata_field_matches(catalogue, search, query, expected):
    assert sorted(titles(search(query))) == expected


@pytest.mark.parametrize("query", ["sigur ros", "SIGUR RÓS", "hoppipolla", "HOPPÍ", "sig ro"])
def test_case_and_accents_are_ignored(catalogue, search, query):
    assert titles(search(query)) == ["Hoppípolla"]


@pytest.mark.parametrize("query", ["acdc", "ac/dc", "AC-DC", "ac dc", "(AC/DC)", "thunder!!"])
def test_punctuation_is_ignored(catalogue, search, query):
    assert titles(search(query)) == ["Thunderstruck"]


@pytest.mark.parametrize("query", ["beat abb", "abb beat", "road ABBEY beatles", "toge come"])
def test_word_prefixes_match_in_any_order(catalogue, search, query):
    assert "Come Together" in titles(search(query))


def test_every_word_must_match(catalogue, search):
    assert titles(search("beatles thunder")) == []
    assert titles(search("zzz")) == []


def test_results_come_grouped_as_songs_artists_and_albums(catalogue, search):
    results = search("beat abb")
    assert [a["title"] for a in results["albums"]] == ["Abbey Road"]
    assert results["artists"] == []  # the artist alone has no word starting with "abb"
    beatles = search("beatles")
    assert [a["name"] for a in beatles["artists"]] == ["The Beatles"]
    assert beatles["artists"][0]["song_count"] == 2 and beatles["albums"][0]["artist"] == "The Beatles"
    assert [a["name"] for a in search("sigur ros")["artists"]] == ["Sigur Rós"]


@pytest.mark.parametrize("query", ["", "   ", "?!? ...", "—–-", "x" * 5000])
def test_empty_punctuation_only_and_overlong_queries_give_empty_results(catalogue, search, query):
    assert search(query) == {"query": query[:200], "songs": [], "artists": [], "albums": []}


def test_ranking_exact_title_then_title_prefix_then_other_fields_then_play_count(app, add, search):
    loved = add("Love Me Do", artist="The Beatles", album="Please Please Me")
    add("Lovely Day", artist="Bill Withers", album="Menagerie")
    album_only = add("Hey You", artist="Pink Floyd", album="Love Songs")
    add("Love", artist="John Lennon", album="Plastic Ono Band")
    artist_only = add("Tonight", artist="Courtney Love", album="America's Sweetheart")
    set_play_counts(app, {loved["id"]: 50, artist_only["id"]: 500, album_only["id"]: 5})
    assert titles(search("love")) == ["Love", "Love Me Do", "Lovely Day", "Tonight", "Hey You"]
    assert titles(search("LOVE!"))[0] == "Love"


def test_exact_title_follows_the_words_typed(add, search):
    add("Day Tripper")
    add("Tripper Day")
    add("Day Tripper Blues")
    assert titles(search("day tripper")) == ["Day Tripper", "Day Tripper Blues", "Tripper Day"]
    assert titles(search("tripper day")) == ["Tripper Day", "Day Tripper", "Day Tripper Blues"]


def test_result_counts_are_bounded(add, search):
    for number in range(25):
        add(f"Loop {number}")
    assert len(search("loop")["songs"]) == 20
    assert len(search("loop", songs=3)["songs"]) == 3
    assert len(search("loop", songs=10_000)["songs"]) == 25  # under SEARCH_MAX_RESULTS (50)
    assert len(search("loop", songs="many")["songs"]) == 20


def test_a_common_word_ranks_every_match_exact_title_first_then_by_plays(app, add, search):
    """400 songs share "rain": the page is the top by play count over all of them, not over a sample."""
    from scripts.catalogue_generation import bulk_load

    with app.app_context():
        bulk_load.load([{"title": f"Rain {n}", "artist": "Drizzle", "album": "Wet", "duration": 100, "play_count": n}
                        for n in range(400)])
    add("Rain", artist="Storm", album="Weather")
    assert titles(search("rain", songs=40)) == ["Rain"] + [f"Rain {n}" for n in range(399, 360, -1)]
    assert titles(search("ra", songs=3)) == ["Rain 399", "Rain 398", "Rain 397"]


def test_the_old_songs_search_endpoint_ranks_the_same_way(catalogue, client, token_for):
    response = client.get("/api/songs/search", query_string={"q": "s"}, headers=token_for("listener"))
    # A title word first, then the other fields (Sigur Rós, Takk..., Post-Rock), by play count then title.
    assert [s["title"] for s in response.json["songs"]] == ["Something", "Hoppípolla"]


def test_one_song_sharing_every_common_word_with_hundreds_is_found(app, add, search):
    """ "ban son qua": hundreds of songs match "ban" and "son"; the one that also matches "qua" is found."""
    from scripts.catalogue_generation import bulk_load

    with app.app_context():
        bulk_load.load([{"title": f"Band Song {n}", "artist": "The Band", "album": "Band Album", "duration": 90,
                         "play_count": 1000 + n} for n in range(300)])
    add("Quasar Song", artist="The Band", album="Night Sky")
    assert titles(search("ban son qua")) == ["Quasar Song"]
    assert titles(search("band qua")) == ["Quasar Song"]


@pytest.mark.parametrize("typed", [
    "metalica",     # a letter missing
    "metallicca",   # a letter extra
    "metallixa",    # a letter wrong
    "metlalica",    # two letters swapped
    "metalli",      # the start of the word, as typed
    "metalic",      # the start of the word, with a letter missing
])
def test_one_typo_in_a_word_of_five_letters_or_more_still_finds_it(add, search, typed):
    add("Enter Sandman", artist="Metallica", album="Metallica")
    add("Paranoid", artist="Black Sabbath", album="Paranoid")
    results = search(typed)
    assert titles(results) == ["Enter Sandman"]
    assert [artist["name"] for artist in results["artists"]] == ["Metallica"]
    assert [album["title"] for album in results["albums"]] == ["Metallica"]


def test_the_typos_listeners_make(add, search):
    add("Karma Police", artist="Radiohead", album="OK Computer")
    add("Jóga", artist="Björk", album="Homogenic")
    assert titles(search("radiohaed")) == ["Karma Police"]
    assert titles(search("bjrok")) == ["Jóga"]
    assert titles(search("karma polcie")) == ["Karma Police"]


def test_typo_matches_rank_below_exact_and_prefix_matches(app, add, search):
    misspelt = add("Battery", artist="Metallica", album="Master of Puppets")
    add("Metalica Dreams", artist="Someone", album="Somewhere")
    add("Tribute", artist="Metalicas", album="Covers")
    set_play_counts(app, {misspelt["id"]: 1_000_000})
    assert titles(search("metalica")) == ["Metalica Dreams", "Tribute", "Battery"]


def test_short_words_and_two_typos_do_not_match(add, search):
    add("Hold On", artist="Tina", album="Live")
    add("Enter Sandman", artist="Metallica", album="Metallica")
    assert titles(search("tian")) == []        # four letters: only as typed
    assert titles(search("mteallcia")) == []   # two edits


@pytest.mark.parametrize("raw_query, expected_query, same_as", [
    ("%00", "\x00", ""),
    ("a%00b", "a\x00b", "ab"),                     # NUL is dropped like punctuation
    ("%ED%A0%80", "%ED%A0%80", ""),                # a lone surrogate, UTF-8 encoded: invalid, kept as sent
    ("%F0%9F%8E%B5", "🎵", ""),
    ("%25%25%25", "%%%", ""),
])
def test_odd_characters_give_a_clear_bounded_answer(client, token_for, catalogue, search, raw_query, expected_query,
                                                    same_as):
    response = client.get(f"/api/search?q={raw_query}", headers=token_for("listener"))
    assert response.status_code == 200
    assert response.json == {**search(same_as), "query": expected_query}


def test_a_query_of_many_words_uses_its_first_eight(add, search):
    add("One Two Three Four Five Six Seven Eight", artist="Counting", album="Numbers")
    words = "one two three four five six seven eight " + " ".join(f"nomatch{n}" for n in range(192))
    assert titles(search(words)) == ["One Two Three Four Five Six Seven Eight"]
    assert titles(search("x" * 10_000)) == []


def test_changes_are_found_at_once_by_the_replica_that_made_them(client, token_for, add, search):
    admin = token_for("admin")
    song = add("Wonderwall", artist="Oasis", album="Morning Glory")
    assert titles(search("wonder")) == ["Wonderwall"]
    edited = client.patch(f"/api/songs/{song['id']}", json={"title": "Champagne Supernova"}, headers=admin)
    assert edited.status_code == 200
    assert titles(search("wonder")) == []
    assert titles(search("champ")) == ["Champagne Supernova"]
    assert search("oasis")["artists"][0]["song_count"] == 1
    assert client.delete(f"/api/songs/{song['id']}", headers=admin).status_code in (200, 204)
    assert search("champ") == {"query": "champ", "songs": [], "artists": [], "albums": []}


def test_each_group_pages_with_its_offset(add, search):
    for number in range(25):
        add(f"Loop {number}", artist=f"Loop Artist {number}", album=f"Loop Album {number}")
    pages = [titles(search("loop", songs=10, song_offset=offset)) for offset in (0, 10, 20)]
    assert [len(p) for p in pages] == [10, 10, 5] and len(set(sum(pages, []))) == 25
    assert pages[0] == titles(search("loop", songs=10))
    artists = search("loop", artists=8, artist_offset=8)["artists"]
    assert len(artists) == 8 and not {a["name"] for a in artists} & {a["name"] for a in search("loop")["artists"]}
    assert len(search("loop", albums=8, album_offset=24)["albums"]) == 1
    assert titles(search("loop", song_offset=-4)) == titles(search("loop"))  # clamped, as limits are
    assert search("loop", song_offset=5000)["songs"] == []  # past the deepest hit: empty, not an error


def test_offsets_stop_at_the_deepest_hit(add, search, monkeypatch):
    from song_service.models.search import query

    monkeypatch.setattr(query, "MAX_RANKED", 20)
    for number in range(25):
        add(f"Loop {number}")
    assert len(titles(search("loop", songs=10, song_offset=15))) == 5
    assert titles(search("loop", songs=10, song_offset=20)) == []

"""How metadata and queries become comparable words."""
from bson import ObjectId

from song_service.models.search.index_documents import song_entry
from song_service.models.search.terms import fold, query_words, words


def test_fold_removes_case_and_accents():
    assert fold("Björk") == "bjork"
    assert fold("Sigur Rós") == "sigur ros"
    assert fold("Straße") == "strasse"


def test_words_split_on_punctuation_and_keep_the_run_together_form():
    assert words("AC/DC") == ["ac", "dc", "acdc"]
    assert words("Guns N' Roses", run_together=False) == ["guns", "n", "roses"]


def test_a_song_is_indexed_under_the_words_of_every_field():
    entry = song_entry({"_id": ObjectId(), "title": "Jóga", "artist": "Björk", "album_artist": None,
                        "album": "Homogenic", "genres": ["Electronic", "Art Pop"], "year": 1997, "play_count": 3})
    assert entry.name_words == ["joga"]
    assert entry.all_words == ["joga", "bjork", "homogenic", "electronic", "art", "pop", "1997"]
    assert entry.exact_keys == ["joga"]
    assert entry.shown["title"] == "Jóga" and "title_key" not in entry.shown


def test_query_words_are_the_first_eight_different_ones_and_punctuation_only_is_empty():
    assert query_words("abb beat ABB") == ["abb", "beat"]
    assert query_words(" ".join(f"w{i}" for i in range(200))) == [f"w{i}" for i in range(8)]
    assert query_words("!!! ... ---") == []
    assert query_words("") == []
    assert len(query_words(" ".join(f"w{i}" for i in range(30)))) == 8

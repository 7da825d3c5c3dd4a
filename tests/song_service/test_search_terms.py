"""How metadata and queries become comparable words."""
from song_service.models.search_terms import fold, query_words, search_prefixes, words


def test_fold_removes_case_and_accents():
    assert fold("Björk") == "bjork"
    assert fold("Sigur Rós") == "sigur ros"
    assert fold("Straße") == "strasse"


def test_words_split_on_punctuation_and_keep_the_run_together_form():
    assert words("AC/DC") == ["ac", "dc", "acdc"]
    assert words("Guns N' Roses", run_together=False) == ["guns", "n", "roses"]


def test_prefixes_cover_every_word_of_every_field():
    terms = search_prefixes("Jóga", "Björk", None, "Homogenic", "Electronic", 1997)
    for expected in ("j", "jo", "jog", "joga", "bjo", "homog", "elec", "1997", "19"):
        assert expected in terms
    assert "none" not in terms


def test_query_words_longest_first_bounded_and_punctuation_only_is_empty():
    assert query_words("beat abb") == ["beat", "abb"]
    assert query_words("!!! ... ---") == []
    assert query_words("") == []
    assert len(query_words(" ".join(f"w{i}" for i in range(30)))) == 8

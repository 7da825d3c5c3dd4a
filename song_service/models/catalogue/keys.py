"""Keys derived from names: how artists, albums and genres are told apart, sorted and matched exactly."""
from song_service.models.search import terms as search_terms

_SORT_ARTICLES = ("the ",)
# Sorts before a space, so that "abba" comes before "abba gold".
_ID_SEPARATOR = "\x1f"


def identity_key(text):
    """What makes two spellings the same name: "The  Beatles" and "the beatles" are one artist."""
    return " ".join(search_terms.words(text, run_together=False)) or search_terms.fold(text).strip()


def sort_name(text):
    """The name as a library sorts it: folded, and "The Beatles" under B."""
    key = identity_key(text)
    for article in _SORT_ARTICLES:
        if key.startswith(article) and len(key) > len(article):
            return key[len(article):]
    return key


def initial(text):
    first = sort_name(text)[:1]
    return first if "a" <= first <= "z" else "#"


def sort_key(text, document_id):
    """Unique, and ordered by initial then sort name: keyset pages walk it with ``$gt``."""
    return f"{initial(text)}{sort_name(text)}{_ID_SEPARATOR}{document_id}"


def letter_range(letter):
    """The ``[lower, upper)`` range of sort keys under one initial."""
    return letter, chr(ord(letter) + 1)


def exact_key(text):
    """What an exact title match compares: the words, folded, one space apart ("AC/DC" gives "ac dc")."""
    return " ".join(search_terms.words(text, run_together=False))


def exact_keys(text):
    """The forms an exact match compares: "AC/DC" gives "ac dc" and "acdc"."""
    parts = search_terms.words(text, run_together=False)
    keys = [" ".join(parts), "".join(parts)]
    return [key for index, key in enumerate(keys) if key and key not in keys[:index]]


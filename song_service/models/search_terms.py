"""Turns metadata and queries into the same normalised words: lower case, accents folded, punctuation dropped."""
import re
import unicodedata

MAX_PREFIX_LENGTH = 20
MAX_QUERY_LENGTH = 200
MAX_QUERY_WORDS = 8
_WORD_SEPARATORS = re.compile(r"[\s\-_/&+.,;:!?()\[\]{}\"'`~*#@|\\<>=]+")
# Letters that NFKD does not decompose into a base letter and an accent.
_FOLDS = str.maketrans({"ß": "ss", "æ": "ae", "ø": "o", "œ": "oe", "đ": "d", "ð": "d", "þ": "th", "ł": "l", "ı": "i"})


def fold(text):
    """Lower case without accents: "Björk" becomes "bjork"."""
    text = unicodedata.normalize("NFKD", str(text).casefold().translate(_FOLDS))
    return "".join(ch for ch in text if not unicodedata.combining(ch))


def words(text, run_together=True):
    """The searchable words of a text; "AC/DC" gives "ac", "dc" and, run together, "acdc"."""
    folded = fold(text)
    result = []
    for part in _WORD_SEPARATORS.split(folded):
        word = "".join(ch for ch in part if ch.isalnum())
        if word:
            result.append(word)
    joined = "".join(result)
    if run_together and len(result) > 1 and len(joined) <= MAX_PREFIX_LENGTH:
        result.append(joined)
    return result


def prefixes(word):
    return [word[:length] for length in range(1, min(len(word), MAX_PREFIX_LENGTH) + 1)]


def search_prefixes(*fields):
    """Every prefix of every word of the given fields, without repeats."""
    terms = set()
    for field in fields:
        if field is None or field == "":
            continue
        for word in words(field):
            terms.update(prefixes(word))
    return sorted(terms)


def query_words(query):
    """The words a query asks for, longest first so that the most selective one leads."""
    query = (query or "")[:MAX_QUERY_LENGTH]
    # Stored fields carry the run-together form; a query adding it would demand more than was typed.
    distinct = {word[:MAX_PREFIX_LENGTH] for word in words(query, run_together=False)}
    return sorted(distinct, key=len, reverse=True)[:MAX_QUERY_WORDS]

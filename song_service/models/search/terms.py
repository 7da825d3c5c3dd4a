"""Turns metadata and queries into the same normalised words: lower case, accents folded, punctuation dropped."""
import re
import unicodedata

# Query words are cut to this many letters: a prefix that long still finds a longer word.
MAX_QUERY_WORD_LENGTH = 20
MAX_QUERY_LENGTH = 200
MAX_QUERY_WORDS = 8
_WORD_SEPARATORS = re.compile(r"[\s\-_/&+.,;:!?()\[\]{}\"'`~*#@|\\<>=]+")
# Letters that NFKD does not decompose into a base letter and an accent.
_FOLDS = str.maketrans({"ß": "ss", "æ": "ae", "ø": "o", "œ": "oe", "đ": "d", "ð": "d", "þ": "th", "ł": "l", "ı": "i"})


def fold(text):
    """Lower case without accents: "Björk" becomes "bjork"."""
    text = unicodedata.normalize("NFKD", str(text).casefold().translate(_FOLDS))
    return "".join(ch for ch in text if not unicodedata.combining(ch))


def _split(folded):
    result = []
    for part in _WORD_SEPARATORS.split(folded):
        word = "".join(ch for ch in part if ch.isalnum())
        if word:
            result.append(word)
    return result


def words(text, run_together=True):
    """The searchable words of a text; "AC/DC" gives "ac", "dc" and, run together, "acdc".

    Only what punctuation splits is also kept run together ("R.E.M." gives "rem"), not words a space
    separates: "thebeatles" is not what people type.
    """
    folded = fold(text)
    result = _split(folded)
    if run_together:
        for token in folded.split():
            parts = _split(token)
            joined = "".join(parts)
            if len(parts) > 1 and len(joined) <= MAX_QUERY_WORD_LENGTH and joined not in result:
                result.append(joined)
    return result


def query_words(query):
    """The words a query asks for: the first ``MAX_QUERY_WORDS`` different ones, as typed."""
    query = (query or "")[:MAX_QUERY_LENGTH]
    # Stored fields carry the run-together form; a query adding it would demand more than was typed.
    distinct = dict.fromkeys(word[:MAX_QUERY_WORD_LENGTH] for word in words(query, run_together=False))
    return list(distinct)[:MAX_QUERY_WORDS]

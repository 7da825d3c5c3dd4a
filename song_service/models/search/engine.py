"""The search engine of one song_service process: a tantivy index in memory, and the tiered, ranked query.

Every entry is already reduced to normalised words (``terms``), so tantivy's own tokenizers stay
out of it: each word is one ``raw`` term, a query word is a prefix automaton over the term dictionary,
and a typo is a Levenshtein automaton of distance 1 (swaps cost one edit). Hits come back ordered by the
``rank`` fast field, a string that sorts by count, then name, then id: the ranking is exact over every
match, whatever their number, and the same on every replica.
"""
from typing import NamedTuple

import bson
import tantivy
from bson.codec_options import CodecOptions

KINDS = ("song", "artist", "album")
# Query words shorter than this must match as typed: one edit in a four-letter word matches too much.
TYPO_MIN_LETTERS = 5
# RAM the writer may fill before it flushes a segment; tantivy wants at least 15 MB per thread.
WRITER_HEAP_BYTES = 64_000_000
# Counts are stored inverted in ten digits, so that an ascending sort puts the largest first.
MAX_COUNT = 10 ** 10 - 1
_RANK_SEPARATOR = "\x1f"  # sorts before any letter, digit or space: "abba" before "abba gold"
_DECODING = CodecOptions(tz_aware=True)

# The index's fields.
KEY, KIND, EXACT, RANK, SHOWN = "key", "kind", "exact", "rank", "shown"
NAME_WORDS, ALL_WORDS = "name_words", "all_words"


class IndexEntry(NamedTuple):
    """One song, artist or album as the index holds it."""
    kind: str
    document_id: str
    exact_keys: list     # forms of the name that an exact match compares (catalogue_keys.exact_keys)
    name_words: list     # words of the song's title, or the artist's or album's name
    all_words: list      # words of every searchable field, the name's included
    rank: str            # rank_key(): the order among matches of the same tier
    shown: dict          # what a result shows: the public form of the document


def rank_key(count, name_key, document_id):
    """Larger ``count`` first, then ``name_key`` (folded words), then the id: unique and total."""
    inverted = MAX_COUNT - max(0, min(int(count or 0), MAX_COUNT))
    return f"{inverted:010d}{name_key}{_RANK_SEPARATOR}{document_id}"


def _schema():
    builder = tantivy.SchemaBuilder()
    for field in (KEY, KIND, EXACT, NAME_WORDS, ALL_WORDS):
        builder.add_text_field(field, tokenizer_name="raw", index_option="basic")
    builder.add_text_field(RANK, fast=True, tokenizer_name="raw", index_option="basic")
    builder.add_bytes_field(SHOWN, stored=True)
    return builder.build()


def _key(kind, document_id):
    return f"{kind}:{document_id}"


class SearchIndex:
    """Entries are put and removed by one writer; ``commit`` makes them visible to ``ranked``."""

    def __init__(self):
        self._schema = _schema()
        self._index = tantivy.Index(self._schema)
        self._writer = self._index.writer(heap_size=WRITER_HEAP_BYTES, num_threads=1)

    def add(self, entry):
        """Index a new entry; ``put`` replaces one that may be indexed already."""
        document = tantivy.Document()
        document.add_text(KEY, _key(entry.kind, entry.document_id))
        document.add_text(KIND, entry.kind)
        document.add_text(RANK, entry.rank)
        for field, values in ((EXACT, entry.exact_keys), (NAME_WORDS, entry.name_words),
                              (ALL_WORDS, entry.all_words)):
            for value in values:
                document.add_text(field, value)
        document.add_bytes(SHOWN, bson.encode(entry.shown))
        self._writer.add_document(document)

    def put(self, entry):
        self.remove(entry.kind, entry.document_id)
        self.add(entry)

    def remove(self, kind, document_id):
        self._writer.delete_documents_by_term(KEY, _key(kind, document_id))

    def commit(self):
        self._writer.commit()
        self._index.reload()

    def count(self):
        return self._index.searcher().num_docs

    def ranked(self, kind, words, phrase_keys, limit):
        """The public forms of the first ``limit`` entries of ``kind`` matching every word, best first.

        Tiers are searched in order, each sorted by rank; a tier is only read while the page is not full,
        and then for as many hits as the page still needs plus those already taken (which it may repeat).
        """
        searcher = self._index.searcher()
        of_kind = tantivy.Query.term_query(self._schema, KIND, kind)
        taken, addresses = set(), []
        for clauses in self._tiers(words, phrase_keys):
            query = tantivy.Query.boolean_query([(tantivy.Occur.Must, clause) for clause in (of_kind, *clauses)])
            hits = searcher.search(query, limit + len(taken), count=False, order_by_field=RANK,
                                   order=tantivy.Order.Asc).hits
            for rank, address in hits:
                if rank not in taken and len(addresses) < limit:
                    taken.add(rank)
                    addresses.append(address)
            if len(addresses) >= limit:
                break
        return [bson.decode(searcher.doc(address).get_first(SHOWN), _DECODING) for address in addresses]

    def _tiers(self, words, phrase_keys):
        """The queries of the ranking's tiers, best first (see ``song_service.models.search``)."""
        if phrase_keys:
            yield [tantivy.Query.term_set_query(self._schema, EXACT, list(phrase_keys))]
        yield [self._prefix(NAME_WORDS, word) for word in words]
        yield [self._prefix(ALL_WORDS, word) for word in words]
        if any(len(word) >= TYPO_MIN_LETTERS for word in words):
            yield [self._typo_tolerant(word) for word in words]

    def _prefix(self, field, word):
        return tantivy.Query.fuzzy_term_query(self._schema, field, word, distance=0, prefix=True)

    def _typo_tolerant(self, word):
        """``word`` as a prefix, or one edit away from a prefix, of any word of the entry."""
        if len(word) < TYPO_MIN_LETTERS:
            return self._prefix(ALL_WORDS, word)
        return tantivy.Query.fuzzy_term_query(self._schema, ALL_WORDS, word, distance=1,
                                              transposition_cost_one=True, prefix=True)

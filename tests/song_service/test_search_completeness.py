"""Search is complete and exactly ranked: the API's answers equal a brute-force ranking over the whole catalogue.

A synthetic catalogue of 20,000 songs is loaded once for the module; 500 random queries of 1 to 4 words,
each word whole or cut to 1 to 6 letters, are taken from its metadata. For each, every song, artist and
album is checked here by plain set arithmetic over the catalogue's vocabulary (no index, no sampling),
ranked by the documented rules (song_service/models/search/__init__.py), and the first page compared,
in order, with what /api/search answers.
"""
import random

import pytest
from bson import ObjectId

from common.service_tokens import issue_token
from scripts.catalogue_generation.synthetic_catalogue import generate
from song_service.app import create_app
from song_service.models.catalogue import keys as catalogue_keys
from song_service.models.search import terms as search_terms
from song_service.models.search.engine import TYPO_MIN_LETTERS

CATALOGUE_SONGS = 20_000
QUERIES = 500
PAGE = {"songs": 20, "artists": 8, "albums": 8}

pytestmark = pytest.mark.slow


def one_edit_apart(a, b):
    """Whether ``b`` is ``a`` with at most one letter missing, extra, wrong, or two neighbours swapped."""
    if a == b:
        return True
    if abs(len(a) - len(b)) > 1:
        return False
    if len(a) == len(b):
        differ = [i for i in range(len(a)) if a[i] != b[i]]
        return len(differ) == 1 or (len(differ) == 2 and differ[1] == differ[0] + 1
                                    and a[differ[0]] == b[differ[1]] and a[differ[1]] == b[differ[0]])
    shorter, longer = (a, b) if len(a) < len(b) else (b, a)
    return any(longer[:i] + longer[i + 1:] == shorter for i in range(len(longer)))


class BruteForce:
    """Every document of one kind, matched by set arithmetic: each query word against the whole vocabulary,
    then the documents holding any of the words it matched."""

    def __init__(self, documents, name_of, other_texts_of, count_of):
        self.keys = []  # per document, the documented order within a tier: (-count, name, id)
        self.ids = []
        self.by_exact, self.by_name_word, self.by_word = {}, {}, {}
        for number, document in enumerate(documents):
            name = name_of(document)
            name_words = set(search_terms.words(name))
            all_words = set(name_words)
            for text in other_texts_of(document):
                if text not in (None, ""):
                    all_words.update(search_terms.words(str(text)))
            for index, words in ((self.by_exact, catalogue_keys.exact_keys(name)), (self.by_name_word, name_words),
                                 (self.by_word, all_words)):
                for word in words:
                    index.setdefault(word, set()).add(number)
            self.ids.append(str(document["_id"]))
            self.keys.append((-(count_of(document) or 0), catalogue_keys.exact_key(name), str(document["_id"])))
        self.vocabulary = sorted(self.by_word)

    def _starting_with(self, word):
        return [candidate for candidate in self.vocabulary if candidate.startswith(word)]

    def _typo_matches(self, word):
        if len(word) < TYPO_MIN_LETTERS:
            return self._starting_with(word)
        return [candidate for candidate in self.vocabulary
                if any(one_edit_apart(word, candidate[:length])
                       for length in (len(word) - 1, len(word), len(word) + 1) if len(candidate) >= length)]

    @staticmethod
    def _holding_each(index, matches_per_word):
        """Documents that, for every query word, hold one of the words it matched."""
        found = None
        for matches in matches_per_word:
            holding = set().union(*(index.get(word, ()) for word in matches))
            found = holding if found is None else found & holding
        return found

    def ranked_ids(self, text, limit):
        words = search_terms.query_words(text)
        if not words:
            return []
        phrase = catalogue_keys.exact_keys(text[:search_terms.MAX_QUERY_LENGTH])
        prefixed = [self._starting_with(word) for word in words]
        tiers = [set().union(*(self.by_exact.get(key, ()) for key in phrase)),
                 self._holding_each(self.by_name_word, prefixed),
                 self._holding_each(self.by_word, prefixed),
                 self._holding_each(self.by_word, [self._typo_matches(word) for word in words])]
        best_tier = {}
        for tier, numbers in reversed(list(enumerate(tiers))):
            best_tier.update(dict.fromkeys(numbers, tier))
        ranked = sorted(best_tier, key=lambda number: (best_tier[number], self.keys[number]))
        return [self.ids[number] for number in ranked[:limit]]


def random_queries(songs, count, seed):
    rng = random.Random(seed)
    queries = []
    while len(queries) < count:
        song = rng.choice(songs)
        texts = [song["title"], song["artist"], song["album"], *song["genres"], str(song["year"])]
        pool = [word for text in texts for word in search_terms.words(text, run_together=False)]
        chosen = rng.sample(pool, min(len(pool), rng.randint(1, 4)))
        queries.append(" ".join(word if rng.random() < 0.3 else word[:rng.randint(1, 6)] for word in chosen))
    return queries


@pytest.fixture(scope="module")
def loaded(mongo_uri, disposable_database_server):
    """The catalogue, loaded once: the app, and every song, artist and album as stored."""
    from pymongo import MongoClient

    database = f"test_completeness_{ObjectId()}"
    app = create_app({"TESTING": True, "MONGO_URI": mongo_uri, "MONGO_DB_NAME": database,
                      "SECRET_KEY": "test-secret", "SERVICE_TOKEN_SECRET": "test-service-secret"})
    songs = generate(CATALOGUE_SONGS, seed=11)
    with app.app_context():
        from scripts.catalogue_generation import bulk_load
        from song_service.extensions import mongo

        bulk_load.load(songs)
        stored = {kind: list(mongo.db[kind].find()) for kind in ("songs", "artists", "albums")}
    yield app, songs, stored
    if not disposable_database_server:  # dropping 20,000 songs takes the embedded server a while
        MongoClient(mongo_uri).drop_database(database)


def brute_force_references(stored):
    return {
        "songs": BruteForce(stored["songs"], lambda d: d["title"],
                            lambda d: (d["artist"], d.get("album_artist"), d["album"], *d["genres"], d.get("year")),
                            lambda d: d["play_count"]),
        "artists": BruteForce(stored["artists"], lambda d: d["name"], lambda d: (), lambda d: d["song_count"]),
        "albums": BruteForce(stored["albums"], lambda d: d["title"], lambda d: (d["artist"],),
                             lambda d: d["song_count"]),
    }


def listener_headers(app):
    token = issue_token(app.config["SERVICE_TOKEN_SECRET"], ObjectId(), "tester", "listener")
    return {"Authorization": f"Bearer {token}"}


def differences(app, stored, queries):
    """The pages, of all the queries', that differ from the brute-force ranking."""
    references = brute_force_references(stored)
    client, headers = app.test_client(), listener_headers(app)
    mismatches = []
    for query in queries:
        answer = client.get("/api/search", query_string={"q": query, **PAGE}, headers=headers).json
        for kind, reference in references.items():
            expected = reference.ranked_ids(query, PAGE[kind])
            got = [item["id"] for item in answer[kind]]
            if got != expected:
                mismatches.append(f"{query!r} {kind}: got {got[:5]}..., expected {expected[:5]}...")
    return mismatches


def test_every_first_page_is_the_brute_force_ranking_over_the_whole_catalogue(loaded):
    app, songs, stored = loaded
    queries = random_queries(songs, QUERIES, seed=7)
    mismatches = differences(app, stored, queries)
    assert not mismatches, f"{len(mismatches)} of {QUERIES * 3} pages differ:\n" + "\n".join(mismatches[:10])


def test_the_ranking_stays_exact_as_the_index_follows_changes(loaded):
    """Plays, new songs and deletions arrive a few at a time: the index grows segments and deletes, and
    every page still equals the brute-force ranking of the catalogue as MongoDB now holds it."""
    app, songs, _stored = loaded
    rng = random.Random(3)
    client = app.test_client()
    admin = {"Authorization": f"Bearer {issue_token(app.config['SERVICE_TOKEN_SECRET'], ObjectId(), 'a', 'admin')}"}
    with app.app_context():
        from song_service.extensions import mongo
        from song_service.models.search import change_log

        ids = [document["_id"] for document in mongo.db.songs.find({}, {"_id": 1})]
        for batch in range(30):
            played = rng.sample(ids, 10)
            for song_id in played:
                mongo.db.songs.update_one({"_id": song_id}, {"$inc": {"play_count": rng.randint(1, 5000)}})
            change_log.record(songs=played)
            client.get("/api/search", query_string={"q": "a"}, headers=listener_headers(app))  # one commit each
        for song_id in rng.sample(ids, 30):
            assert client.delete(f"/api/songs/{song_id}", headers=admin).status_code in (200, 204)
        for song in rng.sample(songs, 30):
            payload = {key: song[key] for key in ("title", "artist", "album", "genres", "year")}
            assert client.post("/api/songs", json={**payload, "audio_id": str(ObjectId())},
                               headers=admin).status_code == 201
        stored = {kind: list(mongo.db[kind].find()) for kind in ("songs", "artists", "albums")}
    queries = random_queries(songs, 200, seed=8)
    mismatches = differences(app, stored, queries)
    assert not mismatches, f"{len(mismatches)} of {200 * 3} pages differ:\n" + "\n".join(mismatches[:10])


def test_the_queries_cover_short_prefixes_whole_words_and_several_words(loaded):
    _app, songs, _stored = loaded
    queries = random_queries(songs, QUERIES, seed=7)
    word_counts = {len(query.split()) for query in queries}
    assert word_counts == {1, 2, 3, 4}
    assert any(len(word) == 1 for query in queries for word in query.split())
    assert sum(len(query.split()) == 1 and len(query) <= 2 for query in queries) >= 10

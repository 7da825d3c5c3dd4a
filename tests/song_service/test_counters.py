"""Sequence numbers under concurrency: the first songs of an empty catalogue, uploaded at once, each get a
number. Two concurrent upserts of the missing counter could both try to insert it, and the loser's upload
failed ("The song service is not answering right now"): the flaky upload of CI."""
import threading

from song_service.models.catalogue import counters


def test_concurrent_first_reservations_each_get_their_own_number(app):
    for attempt in range(5):  # a race: try it a few times, each on a counter that does not exist yet
        name = f"race-{attempt}"
        start, results, errors = threading.Barrier(8), [], []

        def reserve():
            start.wait()
            try:
                with app.app_context():
                    results.append(counters.reserve(name))
            except Exception as error:  # noqa: BLE001 (the test reports any)
                errors.append(repr(error))

        threads = [threading.Thread(target=reserve) for _ in range(8)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        # Distinct, not always consecutive: SecantusDB (the dev database) sometimes applies a racing upsert
        # and answers no document, and the retry takes a second number. MongoDB answers a duplicate key
        # error having applied nothing. A gap in "newest added" order costs nothing.
        assert not errors and len(set(results)) == 8 and min(results) >= 1, (errors, results)

"""Each song_service process keeps its own search index, built from MongoDB and kept in step with the change log.

- At start a gunicorn worker builds the index in a thread (``start_following``) and then follows the
  change log every ``FOLLOW_SECONDS``; until the index is built ``/readyz`` answers 503, and a search
  waits up to ``WARM_UP_WAIT_SECONDS`` for it.
- A search catches up first when this process wrote a change since (so a writer sees its own change at
  once), and, in a process without a follower thread, when the last catch-up is older than
  ``FOLLOW_SECONDS``. Every other replica's follower sees a change within about ``FOLLOW_SECONDS``.
- Entries are numbered when they are reserved, not when they land, so a later number can be read before
  an earlier one. The index applies whatever it reads, and its watermark (everything at or below it is
  applied) stops at a missing number until it arrives, or for ``GAP_PATIENCE_SECONDS`` when its writer
  died between reserving and writing.
- A "rebuild" entry, or having not caught up for half the log's retention, rebuilds the index beside the
  one in use, which keeps answering until the new one replaces it.
"""
import logging
import os
import threading
import time

from flask import current_app
from pymongo.errors import PyMongoError

from song_service.errors import SearchWarmingUp
from song_service.models.search import change_log, index_documents
from song_service.models.search.engine import KINDS, SearchIndex

log = logging.getLogger(__name__)

FOLLOW_SECONDS = 0.25
WARM_UP_WAIT_SECONDS = 20
GAP_PATIENCE_SECONDS = 10
CATCH_UP_BATCH = 1000
# A search that finds another thread catching up waits this long for it, then answers from what it has.
CATCH_UP_WAIT_SECONDS = 1.0


class SearchReplica:
    def __init__(self, app):
        self._app = app
        self._index = None
        self._lock = threading.RLock()
        self._built = threading.Event()
        self._following = False
        self._stopping = threading.Event()
        self._watermark = 0
        self._applied_above = set()
        self._missing_since = {}
        self._caught_up_at = None
        self.last_build = None  # {"entries": n, "seconds": s} of the latest build, for the logs and benchmarks

    @property
    def watermark(self):
        """Every change log entry up to this number is applied."""
        return self._watermark

    # Reading

    def ranked(self, kind, words, phrase_keys, limit):
        self._wait_until_built()
        self._catch_up_if_due()
        return self._index.ranked(kind, words, phrase_keys, limit)

    def check_ready(self):
        """For ``/readyz``: raises until the index is built."""
        if not self._built.is_set():
            raise SearchWarmingUp()

    def _wait_until_built(self):
        if self._built.is_set():
            return
        if not self._following:
            self.catch_up()  # no follower thread (tests, one-off commands): build here
        elif not self._built.wait(WARM_UP_WAIT_SECONDS):
            raise SearchWarmingUp()

    def _catch_up_if_due(self):
        own_change_pending = change_log.written_here() > self._watermark
        stale = self._caught_up_at is None or time.monotonic() - self._caught_up_at >= FOLLOW_SECONDS
        if (own_change_pending or (stale and not self._following)) and self._lock.acquire(
                timeout=CATCH_UP_WAIT_SECONDS):
            try:
                self.catch_up()
            except PyMongoError:  # answer from the index as it is; the follower catches up when it can
                log.warning("search index: could not catch up before a search", exc_info=True)
            finally:
                self._lock.release()

    # Following the change log

    def start_following(self):
        """Build the index in a thread, then follow the change log; for long-running worker processes."""
        self._following = True
        threading.Thread(target=self._follow, name="search-index-follower", daemon=True).start()

    def stop_following(self):
        self._stopping.set()
        self._following = False

    def _follow(self):
        with self._app.app_context():
            while not self._stopping.is_set():
                try:
                    self.catch_up()
                except Exception:  # MongoDB unreachable, say: the next round tries again
                    log.exception("search index: catching up with the change log failed")
                self._stopping.wait(FOLLOW_SECONDS)

    def catch_up(self):
        """Apply the change log's new entries; build or rebuild the index when it must."""
        with self._lock:
            retention_passed = (self._caught_up_at is not None and
                                time.monotonic() - self._caught_up_at > change_log.RETENTION_SECONDS / 2)
            if self._index is None or retention_passed:
                self._rebuild()
            # From the watermark, so that entries which landed late below the newest are read too; a batch
            # at a time, each read after the last, however many applied entries wait above a gap.
            after = self._watermark
            while True:
                entries = change_log.entries_after(after, CATCH_UP_BATCH)
                pending = [entry for entry in entries if entry["seq"] not in self._applied_above]
                if any(entry.get("rebuild") for entry in pending):
                    self._rebuild()
                    after = self._watermark
                    continue
                if pending:
                    self._apply(pending)
                if len(entries) < CATCH_UP_BATCH:
                    break
                after = entries[-1]["seq"]
            self._advance_watermark()
            self._caught_up_at = time.monotonic()

    def _rebuild(self):
        started = time.perf_counter()
        # Every write numbered up to here is already in MongoDB, so the scan below sees it.
        upto = change_log.latest_seq()
        fresh = SearchIndex()
        count = 0
        for entry in index_documents.every_entry():
            fresh.add(entry)
            count += 1
        fresh.commit()
        self._index = fresh
        self._watermark, self._applied_above, self._missing_since = upto, set(), {}
        self._built.set()
        self.last_build = {"entries": count, "seconds": round(time.perf_counter() - started, 3)}
        log.info("search index built: %(entries)s entries in %(seconds)s s", self.last_build)

    def _apply(self, entries):
        changed = {kind: [] for kind in KINDS}
        for entry in entries:
            for kind in KINDS:
                changed[kind].extend(entry.get(f"{kind}s", ()))
        for kind, document_ids in changed.items():
            current = index_documents.current_entries(kind, document_ids)
            for document_id in dict.fromkeys(document_ids):
                if document_id in current:
                    self._index.put(current[document_id])
                else:
                    self._index.remove(kind, str(document_id))
        self._index.commit()
        self._applied_above.update(entry["seq"] for entry in entries)

    def _advance_watermark(self):
        now = time.monotonic()
        while self._applied_above:
            following = self._watermark + 1
            if following in self._applied_above:
                self._applied_above.discard(following)
            else:
                missing_since = self._missing_since.setdefault(following, now)
                if now - missing_since < GAP_PATIENCE_SECONDS:
                    return
                log.warning("search change %s was reserved but never written; going on without it", following)
                self._missing_since.pop(following)
            self._watermark = following


def init_app(app):
    app.extensions["search_replica"] = (os.getpid(), SearchReplica(app))


def current_replica():
    """This process's replica for the current app (a fresh one in a process forked after it was made)."""
    pid, replica = current_app.extensions["search_replica"]
    if pid != os.getpid():
        init_app(current_app._get_current_object())
        pid, replica = current_app.extensions["search_replica"]
    return replica

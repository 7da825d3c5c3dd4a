"""GridFS files written and read one chunk at a time, in the layout of the GridFS specification.

pymongo's GridFSBucket is what deletes files here, and files written by either side read back on the
other. Writing and reading are our own for two measured reasons (scripts/benchmark_upload.py):
- GridIn buffers up to 48 MB of chunks before an insert_many, so a 200 MB upload peaked at 180 MB of
  resident memory in a worker; batches of a few chunks keep it near the size of one batch.
- GridOut reads after a seek with ``find({files_id, n: {$gte: k}}).sort(n)``, which SecantusDB's planner
  answers by fetching and sorting every remaining chunk: a 64 KiB Range read at the start of a 200 MB file
  took 0.6 s. Fetching each chunk by ``{files_id, n}`` equality is one index lookup on any server.
"""
import io
import threading
import time
from collections import OrderedDict
from datetime import datetime, timezone

from bson import ObjectId

CHUNK_SIZE = 255 * 1024
CHUNKS_PER_INSERT = 8  # about 2 MB per round trip


class ChunkCache:
    """The chunks read most recently in this process, up to ``max_bytes``, least recently used out first.

    A stored file never changes (its id names its bytes), so a cached chunk is never stale. Listeners
    read the same chunks again and again: everyone on tonight's new album, a browser's first probing
    requests at the start and the end of a file, and every seek, which re-reads the chunk it lands in.
    With 0 bytes nothing is kept.
    """

    def __init__(self, max_bytes):
        self.max_bytes = max_bytes
        self._chunks = OrderedDict()
        self._bytes = 0
        self._lock = threading.Lock()

    def get(self, key):
        with self._lock:
            data = self._chunks.get(key)
            if data is not None:
                self._chunks.move_to_end(key)
            return data

    def put(self, key, data):
        if len(data) > self.max_bytes:
            return
        with self._lock:
            if key in self._chunks:
                return
            self._chunks[key] = data
            self._bytes += len(data)
            while self._bytes > self.max_bytes:
                _, evicted = self._chunks.popitem(last=False)
                self._bytes -= len(evicted)


NO_CACHE = ChunkCache(0)


class FileDocuments:
    """The ``files`` documents opened lately in this process, each kept ``seconds``: a stored file never
    changes, and a listener's player opens the same file again and again (its first probing requests, each
    seek). Looking the document up was a fifth of media_service's CPU per open at 1,000 listeners. A file
    deleted here is forgotten at once; one deleted by another process may still be opened here for up to
    ``seconds`` (its chunks are gone by then, unless they are in the chunk cache too)."""

    def __init__(self, seconds, max_entries=10_000):
        self.seconds = seconds
        self.max_entries = max_entries
        self._documents = OrderedDict()
        self._lock = threading.Lock()

    def get(self, key):
        with self._lock:
            kept = self._documents.get(key)
            if kept is None or kept[0] < time.monotonic():
                return None
            return kept[1]

    def put(self, key, document):
        if self.seconds <= 0:
            return
        with self._lock:
            self._documents[key] = (time.monotonic() + self.seconds, document)
            self._documents.move_to_end(key)
            while len(self._documents) > self.max_entries:
                self._documents.popitem(last=False)

    def forget(self, key):
        with self._lock:
            self._documents.pop(key, None)


NO_DOCUMENTS = FileDocuments(0)


class StoredFile(io.RawIOBase):
    """A read-only, seekable view of one stored file; its ``files`` document is kept in ``document``."""

    def __init__(self, chunks, document, cache=NO_CACHE):
        super().__init__()
        self._chunks = chunks
        self._cache = cache
        self.document = document
        self.length = document["length"]
        self._chunk_size = document["chunkSize"]
        self._position = 0
        self._cached_number = None
        self._cached_data = b""

    @property
    def file_id(self):
        return self.document["_id"]

    @property
    def upload_date(self):
        return self.document["uploadDate"]

    @property
    def metadata(self):
        return self.document.get("metadata") or {}

    def readable(self):
        return True

    def seekable(self):
        return True

    def tell(self):
        return self._position

    def seek(self, offset, whence=io.SEEK_SET):
        base = {io.SEEK_SET: 0, io.SEEK_CUR: self._position, io.SEEK_END: self.length}[whence]
        if base + offset < 0:
            raise ValueError("negative seek position")
        self._position = base + offset
        return self._position

    def _chunk(self, number):
        if number != self._cached_number:
            key = (self.file_id, number)
            data = self._cache.get(key)
            if data is None:
                chunk = self._chunks.find_one({"files_id": self.file_id, "n": number}, {"data": 1, "_id": 0})
                if chunk is None:
                    raise OSError(f"chunk {number} of file {self.file_id} is missing")
                data = bytes(chunk["data"])
                self._cache.put(key, data)
            self._cached_number, self._cached_data = number, data
        return self._cached_data

    def read(self, size=-1):
        """Up to ``size`` bytes, fewer only at the end of the file, as a regular file reads."""
        remaining = self.length - self._position if size is None or size < 0 else size
        parts = []
        while remaining > 0:
            part = super().read(remaining)
            if not part:
                break
            parts.append(part)
            remaining -= len(part)
        return b"".join(parts)

    def readinto(self, buffer):
        if self._position >= self.length:
            return 0
        number, offset = divmod(self._position, self._chunk_size)
        data = self._chunk(number)[offset: offset + len(buffer)]
        data = data[: self.length - self._position]
        buffer[: len(data)] = data
        self._position += len(data)
        return len(data)


def write_file(database, bucket, source, filename, metadata):
    """Copy ``source`` into the bucket; the files document is written last, so a failure leaves no file."""
    file_id = ObjectId()
    chunks = database[f"{bucket}.chunks"]
    pending, number, length = [], 0, 0
    try:
        while True:
            data = source.read(CHUNK_SIZE)
            if not data:
                break
            pending.append({"files_id": file_id, "n": number, "data": data})
            number += 1
            length += len(data)
            if len(pending) == CHUNKS_PER_INSERT:
                chunks.insert_many(pending, ordered=True)
                pending = []
        if pending:
            chunks.insert_many(pending, ordered=True)
        database[f"{bucket}.files"].insert_one({
            "_id": file_id, "length": length, "chunkSize": CHUNK_SIZE, "filename": filename,
            "uploadDate": datetime.now(timezone.utc), "metadata": metadata,
        })
    except BaseException:
        chunks.delete_many({"files_id": file_id})
        raise
    return file_id


def delete_file(database, bucket, file_id):
    """Remove a stored file: its files document first, so that no reader finds it half gone."""
    database[f"{bucket}.files"].delete_one({"_id": file_id})
    database[f"{bucket}.chunks"].delete_many({"files_id": file_id})


def open_file(database, bucket, file_id, cache=NO_CACHE, documents=NO_DOCUMENTS):
    document = documents.get((bucket, file_id))
    if document is None:
        document = database[f"{bucket}.files"].find_one({"_id": file_id})
        if document is None:
            return None
        documents.put((bucket, file_id), document)
    return StoredFile(database[f"{bucket}.chunks"], document, cache)

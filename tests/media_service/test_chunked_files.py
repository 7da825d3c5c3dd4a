"""Files stored chunk by chunk: GridFS-compatible, seekable, and never half-written."""
import io
import os

import pytest
from gridfs import GridFSBucket

from media_service.models import chunked_files


@pytest.fixture
def database(mongo_client, fresh_db_name):
    database = mongo_client[fresh_db_name]
    database["audio.chunks"].create_index([("files_id", 1), ("n", 1)], unique=True)
    return database


def test_round_trip_and_gridfs_compatibility(database):
    data = os.urandom(3 * chunked_files.CHUNK_SIZE + 1234)
    file_id = chunked_files.write_file(database, "audio", io.BytesIO(data), "song.mp3", {"content_type": "audio/mpeg"})
    stored = chunked_files.open_file(database, "audio", file_id)
    assert stored.length == len(data) and stored.read() == data
    assert GridFSBucket(database, "audio").open_download_stream(file_id).read() == data
    GridFSBucket(database, "audio").delete(file_id)
    assert database["audio.chunks"].count_documents({}) == 0


@pytest.mark.parametrize("offset", [0, 100, chunked_files.CHUNK_SIZE - 10, 2 * chunked_files.CHUNK_SIZE + 5])
def test_seek_reads_across_chunk_boundaries(database, offset):
    data = os.urandom(3 * chunked_files.CHUNK_SIZE)
    stored = chunked_files.open_file(database, "audio", chunked_files.write_file(database, "audio",
                                                                                 io.BytesIO(data), "x", {}))
    stored.seek(offset)
    assert stored.read(50_000) == data[offset: offset + 50_000]
    stored.seek(-10, io.SEEK_END)
    assert stored.read() == data[-10:]


def test_a_failed_copy_leaves_nothing(database):
    class BrokenSource(io.RawIOBase):
        def __init__(self):
            self.calls = 0

        def read(self, size=-1):
            self.calls += 1
            if self.calls > 20:
                raise OSError("client went away")
            return b"x" * size

    with pytest.raises(OSError):
        chunked_files.write_file(database, "audio", BrokenSource(), "broken", {})
    assert database["audio.chunks"].count_documents({}) == 0
    assert database["audio.files"].count_documents({}) == 0


def test_unknown_file_is_none(database):
    from bson import ObjectId

    assert chunked_files.open_file(database, "audio", ObjectId()) is None


def test_chunk_lookup_is_one_index_hit(database):
    file_id = chunked_files.write_file(database, "audio", io.BytesIO(os.urandom(5 * chunked_files.CHUNK_SIZE)), "x", {})
    plan = database["audio.chunks"].find({"files_id": file_id, "n": 3}).explain()
    assert "IXSCAN" in str(plan["queryPlanner"]["winningPlan"])
    assert plan["executionStats"]["totalDocsExamined"] == 1

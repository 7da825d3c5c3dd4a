"""scripts/seed_catalogue.py, which `make seed` and scripts/benchmark_catalogue.py run: a small catalogue of
metadata with covers, and real audio stored the way an upload stores it, playable and linked to its songs."""
import uuid

from pymongo import MongoClient

from scripts.seed_catalogue import seed


def test_a_small_seed_stores_songs_covers_and_playable_audio(mongo_uri):
    song_db, media_db = f"seed_songs_{uuid.uuid4().hex[:8]}", f"seed_media_{uuid.uuid4().hex[:8]}"
    metadata = seed(mongo_uri, song_db, media_db, songs=30, audio=2, covers=3, log=lambda message: None)
    client = MongoClient(mongo_uri)
    try:
        songs, media = client[song_db], client[media_db]
        assert len(metadata) == 30 and songs.songs.count_documents({}) == 32
        stored = list(songs.songs.find({"audio_id": {"$exists": True}, "uploaded_by": "seed"}))
        audio = {document["_id"]: document for document in media["audio.files"].find()}
        assert len(stored) == 2 and {song["audio_id"] for song in stored} <= set(audio)
        assert all(audio[song["audio_id"]]["metadata"]["browser_playable"] for song in stored)
        assert songs.songs.count_documents({"cover_id": {"$ne": None}}) > 0
    finally:
        client.drop_database(song_db)
        client.drop_database(media_db)
        client.close()

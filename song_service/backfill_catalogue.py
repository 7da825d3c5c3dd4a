"""``python -m song_service.backfill_catalogue``: link the songs stored before artists, albums and genres
existed (see ``models/backfill.py``), in the database that MONGO_URI and SONG_DB_NAME name."""
import sys

from song_service.app import create_app
from song_service.models.backfill import backfill_songs


def main():
    app = create_app()
    with app.app_context():
        print(f"linked {backfill_songs()} songs to their artists, albums and genres")
    return 0


if __name__ == "__main__":
    sys.exit(main())

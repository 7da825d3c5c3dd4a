"""song_service's one-off commands, run with the service's settings (MONGO_URI, SONG_DB_NAME):

- ``flask --app song_service.app rebuild-search-index``: every replica rebuilds its search index from
  MongoDB, for after the catalogue was changed behind song_service's back (a restore, a hand edit);
- ``flask --app song_service.app backfill-catalogue``: link the songs stored before artists, albums and
  genres existed, and give albums stored without them (a bulk load) their play counts and artist sort keys
  (``models/catalogue/backfill.py``; start-up does the albums too); safe to run again, or from several places
  at once.
"""
import click
from flask.cli import with_appcontext

from song_service.models.catalogue.backfill import backfill_albums, backfill_songs
from song_service.models.search import change_log


@click.command("rebuild-search-index")
@with_appcontext
def rebuild_search_index():
    """Ask every song_service replica to rebuild its search index within a second or two."""
    change_log.record_rebuild()
    click.echo("rebuild-search-index: every replica rebuilds its search index from the catalogue now")


@click.command("backfill-catalogue")
@with_appcontext
def backfill_catalogue():
    """Link songs stored before the catalogue had artists, albums and genres."""
    click.echo(f"backfill-catalogue linked {backfill_songs()} songs to their artists, albums and genres")
    click.echo(f"backfill-catalogue gave {backfill_albums()} albums their play counts and artist sort keys")

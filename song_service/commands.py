"""``flask --app song_service.app rebuild-search-index``: every replica rebuilds its search index from
MongoDB, for after the catalogue was changed behind song_service's back (a restore, a hand edit)."""
import click
from flask.cli import with_appcontext

from song_service.models.search import change_log


@click.command("rebuild-search-index")
@with_appcontext
def rebuild_search_index():
    """Ask every song_service replica to rebuild its search index within a second or two."""
    change_log.record_rebuild()
    click.echo("rebuild-search-index: every replica rebuilds its search index from the catalogue now")

"""``flask --app media_service.app sweep-storage``: the storage sweeper, run at start by the dev launcher
and by compose's media-sweeper service, and hourly by kubernetes/media-sweeper-cronjob.yaml."""
import click
from flask.cli import with_appcontext

from media_service.models import song_references, sweeper


@click.command("sweep-storage")
@click.option("--dry-run", is_flag=True, help="Report what would be removed, and remove nothing.")
@with_appcontext
def sweep_storage(dry_run):
    """Remove orphan chunks, audio and covers that no song uses, and stale upload spool files."""
    try:
        report = sweeper.sweep(dry_run=dry_run)
    except song_references.ReferencesUnavailable as error:
        raise click.ClickException(f"{error}; nothing was removed.") from None
    verb = "would remove" if dry_run else "removed"
    click.echo(f"sweep-storage {verb}: {report.orphan_chunk_files} unfinished uploads' chunks, "
               f"{report.unused_audio} audio files and {report.unused_covers} covers no song uses, "
               f"{report.spool_files} stale spool files")

"""media_service's commands:

- ``flask --app media_service.app sweep-storage``: the storage sweeper, run at start by the dev launcher
  and by compose's media-sweeper service, and hourly by kubernetes/media-sweeper-cronjob.yaml;
- ``flask --app media_service.app make-renditions``: the rendition worker, a long-running process of its
  own (the media-transcoder Deployment and compose service, and one beside the dev stack).
"""
import os
import signal

import click
from flask import current_app
from flask.cli import with_appcontext

from media_service.models import media_store, renditions, song_references, sweeper


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
               f"{report.unused_renditions} renditions no job records, "
               f"{report.spool_files} stale spool files")


# Touched while the worker is healthy, in UPLOAD_TMP_DIR; kubernetes/media-transcoder-deployment.yaml's
# probes check its age.
HEARTBEAT_FILE = "make-renditions.heartbeat"


@click.command("make-renditions")
@click.option("--once", is_flag=True, help="Stop when no job is waiting, instead of waiting for more.")
@with_appcontext
def make_renditions(once):
    """Make the renditions uploads wait for, one file at a time, until stopped (SIGTERM ends it after the
    current file)."""
    stopping = []
    signal.signal(signal.SIGTERM, lambda *_: stopping.append(True))
    heartbeat_path = os.path.join(current_app.config["UPLOAD_TMP_DIR"], HEARTBEAT_FILE)

    def heartbeat():
        # Its age is what the Kubernetes probes check (kubernetes/media-transcoder-deployment.yaml).
        with open(heartbeat_path, "a"):
            os.utime(heartbeat_path)

    queued = renditions.queue_missing(media_store.AUDIO_BUCKET)
    click.echo(f"make-renditions: queued {queued} renditions that songs stored earlier lack; "
               + ("waiting for uploads" if not once else "emptying the queue"))
    made = renditions.work(media_store.open_audio, current_app.config["UPLOAD_TMP_DIR"],
                           stop=lambda: bool(stopping), once=once, heartbeat=heartbeat)
    click.echo(f"make-renditions made {made} renditions")

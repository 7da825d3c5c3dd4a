"""The storage area of the admin console, as fragments for the operator (common/admin_fragments.py): what
storage holds, by format and by size, each file's details, and the clean-up of what nothing uses."""
from werkzeug.exceptions import NotFound

from common.admin_fragments import redirect_to, render_fragment
from media_service.models import song_references, storage_report, sweeper


def overview():
    return render_fragment("admin/storage.html", "Storage", totals=storage_report.totals(),
                           formats=storage_report.by_format(), largest=storage_report.largest(),
                           queue=storage_report.rendition_queue())


def file_details(file_id):
    found = storage_report.audio_file(file_id)
    if found is None:
        raise NotFound("No such audio file.")
    document, jobs = found
    return render_fragment("admin/file.html", f"File {document.get('filename') or file_id}", document=document,
                           jobs=jobs)


def orphans():
    """What the sweeper would remove now (it asks song_service which files songs use)."""
    try:
        report, problem = sweeper.sweep(dry_run=True), None
    except song_references.ReferencesUnavailable as error:
        report, problem = None, f"{error}; nothing can be judged unused now."
    return render_fragment("admin/orphans.html", "Unused files", 503 if problem else 200, report=report,
                           problem=problem)


def clean_up():
    try:
        report = sweeper.sweep()
    except song_references.ReferencesUnavailable as error:
        return render_fragment("admin/orphans.html", "Unused files", 503, report=None,
                               problem=f"{error}; nothing was removed.")
    removed = (report.orphan_chunk_files + report.unused_audio + report.unused_covers + report.unused_renditions
               + report.spool_files)
    return redirect_to("admin.orphans", f"Removed {removed} unused file{'s' if removed != 1 else ''}.")

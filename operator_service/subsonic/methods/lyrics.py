"""Lyrics from the songs' own tags: every version of a song's words, synced lines with their starts (the
OpenSubsonic ``songLyrics`` extension), and the classic ``getLyrics``, plain text found by artist and title."""
from operator_service.models import catalogue
from operator_service.models.backend import BackendRejected
from operator_service.subsonic import ids, params
from operator_service.subsonic.protocol import not_found, respond


def _structured(version, song):
    # The starts are stored already shifted by any LRC offset, so the offset apps should add is always 0.
    lines = [{"start": line["start_ms"] if version["synced"] else None, "value": line["text"]}
             for line in version["lines"]]
    return {"lang": version["lang"], "synced": version["synced"], "displayArtist": song.get("artist"),
            "displayTitle": song.get("title"), "offset": 0, "line": lines}


def _plain_text(versions):
    """An unsynced version when there is one, as its blank lines between stanzas are the tagger's; else the
    words of a synced one."""
    chosen = next((version for version in versions if not version["synced"]), versions[0])
    return "\n".join(line["text"] for line in chosen["lines"])


def get_lyrics_by_song_id():
    song_id = params.object_id("id", ids.SONG)
    try:
        song = catalogue.song_lyrics(song_id)
    except BackendRejected as rejected:
        if rejected.code in (400, 404):
            raise not_found("Song") from None
        raise
    return respond({"lyricsList": {"structuredLyrics": [_structured(version, song) for version in song["lyrics"]]}})


def get_lyrics():
    """No match is an empty ``lyrics`` element, not an error: apps ask for every song they play."""
    artist, title = (params.text("artist") or "").strip(), (params.text("title") or "").strip()
    song = None
    if artist and title:
        try:
            song = catalogue.lyrics_by_artist_and_title(artist, title)
        except BackendRejected as rejected:
            if rejected.code != 404:
                raise
    if song is None:
        return respond({"lyrics": {"value": ""}})
    return respond({"lyrics": {"artist": song.get("artist"), "title": song.get("title"),
                               "value": _plain_text(song["lyrics"])}})

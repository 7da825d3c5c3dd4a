"""Playlists as M3U8 files: the export of one, and a new playlist from an imported file."""
from song_service.errors import InvalidPlaylist, PlaylistFull
from song_service.models.catalogue import song_lookup
from song_service.models.library import m3u8
from song_service.models.library import playlist as playlists


def export_m3u8(playlist_id, user_id, location_prefix=""):
    playlist, songs = playlists.playlist_songs(playlist_id, user_id)
    return playlist, m3u8.render(playlist["name"], songs, location_prefix)


def import_m3u8(owner_id, owner_name, text, name=None, file_name=None):
    """A new playlist of the file's entries that match a song; returns it with the entries that did not.

    Entries match songs by artist and title (see ``m3u8.match``); the candidates are the songs with one of
    the titles the entries may name, read through the exact-title index.
    """
    if len(text) > m3u8.MAX_TEXT_LENGTH:
        raise InvalidPlaylist(f"The file is larger than {m3u8.MAX_TEXT_LENGTH // 1048576} MB.")
    return _import(owner_id, owner_name, text, name, file_name, m3u8.ReadingBudget())


def _import(owner_id, owner_name, text, name, file_name, budget):
    """Everything is read and matched before the one write that creates the playlist: a file refused
    on the way stores nothing."""
    parsed = m3u8.parse(text, budget)
    if not parsed.entries:
        raise InvalidPlaylist("The file has no songs in it.")
    limit = playlists.MAX_SONGS
    if len(parsed.entries) > limit:
        raise PlaylistFull(f"A playlist holds at most {limit:,} songs; the file has {len(parsed.entries):,}.")
    titles = set().union(*(m3u8.lookup_titles(entry) for entry in parsed.entries))
    budget.check()
    by_title = m3u8.index_by_title(song_lookup.songs_titled(titles))
    matched, unmatched, durations = [], [], {}
    for number, entry in enumerate(parsed.entries):
        if number % 100 == 0:
            budget.check()
        song = m3u8.match(entry, by_title)
        if song is None:
            unmatched.append({"line": entry.line, "entry": entry.label})
        else:
            matched.append(song["_id"])
            durations[song["_id"]] = song.get("duration") or 0
    # An explicit name first, then the file's own #PLAYLIST line, then the file's name.
    chosen = next((n.strip() for n in (name, parsed.name, file_name) if n and n.strip()), "Imported playlist")
    details = {"name": chosen[:playlists.MAX_NAME_LENGTH]}
    playlist = playlists.create_playlist(owner_id, owner_name, details, matched, durations)
    return {"playlist": playlist, "matched": len(matched), "unmatched": unmatched}

"""search3 and search2: the web's search index, grouped and paged; an empty query lists the whole library
page by page, which is how Symfonium and Feishin sync it."""
from operator_service.models import catalogue
from operator_service.subsonic import listing, params
from operator_service.subsonic.protocol import respond

# Apps sync in pages of 500 (Feishin, Symfonium) or 1,000 (Tempus).
MAX_COUNT = 1_000
MAX_OFFSET = 1_000_000
# What song_service lists per call of its whole-catalogue pages.
EVERYTHING_CALL_MAX = 500
# What song_service answers per group and call (its SEARCH_MAX_RESULTS); larger counts take several calls.
SEARCH_CALL_MAX = 50
GROUPS = (("song", "songs"), ("album", "albums"), ("artist", "artists"))


def _query():
    query = (params.text("query", default="") or "").strip()
    if len(query) >= 2 and query[0] == query[-1] == '"':
        query = query[1:-1].strip()  # some apps quote the query: '""' is the empty one
    return query.rstrip("*").strip()


def _paging():
    return {group: (params.integer(f"{group}Count", 20, minimum=0, maximum=MAX_COUNT),
                    params.integer(f"{group}Offset", 0, minimum=0, maximum=MAX_OFFSET)) for group, _ in GROUPS}


def _everything(paging):
    found = {}
    for group, kind in GROUPS:
        count, offset = paging[group]
        found[kind] = []
        while len(found[kind]) < count:
            asking = min(EVERYTHING_CALL_MAX, count - len(found[kind]))
            page = catalogue.everything(kind, offset + len(found[kind]), asking)[kind]
            found[kind].extend(page)
            if len(page) < asking:
                break
    return found


def _ranked(query, paging):
    """Each group from its offset, in calls of at most SEARCH_CALL_MAX per group."""
    found = {kind: [] for _, kind in GROUPS}
    offsets = {kind: paging[group][1] for group, kind in GROUPS}
    remaining = {kind: paging[group][0] for group, kind in GROUPS}
    while any(remaining.values()):
        asking = {kind: min(SEARCH_CALL_MAX, count) for kind, count in remaining.items()}
        # song_service gives at least one of each group; what was not asked for is not kept.
        page = catalogue.search_page(
            query, songs=max(1, asking["songs"]), artists=max(1, asking["artists"]), albums=max(1, asking["albums"]),
            **{f"{group}_offset": offsets[kind] + len(found[kind]) for group, kind in GROUPS})
        for kind, count in asking.items():
            if count:
                results = page.get(kind, [])[:count]
                found[kind].extend(results)
                remaining[kind] = 0 if len(results) < count else remaining[kind] - count
    return found


def _search():
    params.music_folder()
    query, paging = _query(), _paging()
    return _everything(paging) if not query else _ranked(query, paging)


def search3():
    found = _search()
    return respond({"searchResult3": {"artist": listing.artists(found["artists"]),
                                      "album": listing.albums(found["albums"]),
                                      "song": listing.songs(found["songs"])}})


def search2():
    found = _search()
    artists = [{key: artist[key] for key in ("id", "name", "starred", "userRating") if key in artist}
               for artist in listing.artists(found["artists"])]
    return respond({"searchResult2": {"artist": artists, "album": listing.albums(found["albums"], as_children=True),
                                      "song": listing.songs(found["songs"])}})

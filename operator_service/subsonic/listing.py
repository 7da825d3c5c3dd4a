"""Lists of songs, albums and artists as the protocol shows them, each with the caller's stars and
ratings: two lookups per list, whatever its length."""
from operator_service.models import annotations, likes
from operator_service.subsonic import entities


def _liked_at(song_ids):
    if not song_ids:
        return {}
    return likes.liked_at(song_ids)


def songs(documents):
    documents = [document for document in documents if document]
    song_ids = [document["id"] for document in documents]
    liked = _liked_at(song_ids)
    rated = annotations.lookup("song", song_ids) if song_ids else {}
    return [entities.song(document, rated.get(document["id"]), liked.get(document["id"])) for document in documents]


def song(document):
    return songs([document])[0]


def albums(documents, as_children=False):
    documents = [document for document in documents if document]
    found = annotations.lookup("album", [document["id"] for document in documents]) if documents else {}
    shape = entities.album_as_child if as_children else entities.album
    return [shape(document, found.get(document["id"])) for document in documents]


def artists(documents):
    documents = [document for document in documents if document]
    found = annotations.lookup("artist", [document["id"] for document in documents]) if documents else {}
    return [entities.artist(document, found.get(document["id"])) for document in documents]


def artist_annotations(documents):
    return annotations.lookup("artist", [document["id"] for document in documents]) if documents else {}

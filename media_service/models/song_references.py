"""Asks song_service which stored files songs still use: this service never reads another's database."""
import requests
from flask import current_app

from common.service_tokens import ROLE_SERVICE, issue_token

ASK_BATCH = 500
TIMEOUT_SECONDS = 30


class ReferencesUnavailable(RuntimeError):
    pass


def _ask(audio_ids, cover_ids):
    config = current_app.config
    token = issue_token(config["SERVICE_TOKEN_SECRET"], "media_service", "media_service", ROLE_SERVICE)
    try:
        response = requests.post(
            config["SONG_SERVICE_URL"].rstrip("/") + "/api/media-references",
            json={"audio_ids": [str(i) for i in audio_ids], "cover_ids": [str(i) for i in cover_ids]},
            headers={"Authorization": f"Bearer {token}"}, timeout=TIMEOUT_SECONDS,
        )
        response.raise_for_status()
        body = response.json()
    except (requests.RequestException, ValueError) as error:
        raise ReferencesUnavailable(f"song_service did not say which files songs use: {error}") from None
    return set(body["audio_ids"]), set(body["cover_ids"])


def referenced(audio_ids=(), cover_ids=()):
    """The ids, of those given, that some song uses, as strings; ReferencesUnavailable when it cannot tell."""
    audio_ids, cover_ids = list(audio_ids), list(cover_ids)
    used_audio, used_covers = set(), set()
    for start in range(0, max(len(audio_ids), len(cover_ids)), ASK_BATCH):
        audio, covers = _ask(audio_ids[start:start + ASK_BATCH], cover_ids[start:start + ASK_BATCH])
        used_audio |= audio
        used_covers |= covers
    return used_audio, used_covers

"""Two song_service replicas on one database, as Kubernetes runs them: each keeps its own search index,
and a change made through either is found through the other, which answers every query the same way."""
import re
import time

import pytest
import requests
from audio_factory import make_audio
from bson import ObjectId

from common.service_tokens import issue_token
from devstack import free_port, start_service, stop_process

pytestmark = pytest.mark.stack

# What the benchmark measures is about half a second; this leaves room for a busy test machine.
PATIENCE_SECONDS = 5


class Replica:
    def __init__(self, url, secret, role):
        self.url = url
        self.headers = {"Authorization": f"Bearer {issue_token(secret, ObjectId(), 'tester', role)}"}

    def search(self, query):
        response = requests.get(f"{self.url}/api/search", params={"q": query}, headers=self.headers, timeout=10)
        assert response.status_code == 200, response.text
        return response.json()

    def titles(self, query):
        return [song["title"] for song in self.search(query)["songs"]]


def eventually(check):
    deadline = time.monotonic() + PATIENCE_SECONDS
    while not check():
        assert time.monotonic() < deadline, "the other replica did not catch up"
        time.sleep(0.05)


@pytest.fixture(scope="module")
def replicas(stack):
    """The stack's song_service, behind the operator, and a second replica on the same database."""
    port = free_port()
    with open(stack.log_path, "a") as log_file:
        second = start_service("song_service", port, stack.environment, log_file)
    secret = stack.environment["SERVICE_TOKEN_SECRET"]
    yield Replica(stack.url("song_service"), secret, "admin"), Replica(f"http://127.0.0.1:{port}", secret, "listener")
    stop_process(second)


def test_a_replica_builds_its_index_at_start_and_is_ready_without_a_search(replicas):
    _behind_operator, other = replicas
    eventually(lambda: requests.get(f"{other.url}/readyz", timeout=5).status_code == 200)


def test_an_upload_through_the_operator_is_found_on_the_other_replica_and_a_delete_is_gone(
        first_admin, replicas, tmp_path):
    behind_operator, other = replicas
    path = make_audio(tmp_path / "zyzzyva.mp3", "mp3", seconds=2, title="Zyzzyva Nocturne", artist="Quillon Arvo",
                      album="Marginalia")
    with open(path, "rb") as audio:
        response = first_admin.submit("/admin/upload", files={"audio_files": ("zyzzyva.mp3", audio, "audio/mpeg")})
    assert response.status_code == 200 and "Uploaded 1 song" in response.text
    eventually(lambda: other.titles("zyzz noct") == ["Zyzzyva Nocturne"])
    assert [artist["name"] for artist in other.search("quillon")["artists"]] == ["Quillon Arvo"]

    live = first_admin.get("/search/live", params={"q": "zyzz"})
    song_path = re.search(r'href="(/songs/[0-9a-f]{24})"', live.text).group(1)
    delete_form = first_admin.csrf_token(song_path)
    deleted = first_admin.http.post(f"{first_admin.base_url}/admin{song_path}/delete",
                                    data={"csrf_token": delete_form}, timeout=30)
    assert deleted.status_code == 200
    eventually(lambda: other.search("zyzz") == {"query": "zyzz", "songs": [], "artists": [], "albums": []})


def test_an_edit_on_one_replica_shows_in_the_operators_search(first_admin, replicas):
    behind_operator, other = replicas
    created = requests.post(f"{other.url}/api/songs", headers=behind_operator.headers, timeout=10, json={
        "title": "Quokka Waltz", "artist": "Ferdinand Ixl", "album": "Marsupials", "audio_id": str(ObjectId())})
    assert created.status_code == 201
    eventually(lambda: "Quokka Waltz" in first_admin.get("/search/live", params={"q": "quokka"}).text)
    renamed = requests.patch(f"{other.url}/api/songs/{created.json()['id']}", json={"title": "Wombat Polka"},
                             headers=behind_operator.headers, timeout=10)
    assert renamed.status_code == 200
    eventually(lambda: "Wombat Polka" in first_admin.get("/search/live", params={"q": "wombat"}).text)
    assert "Quokka" not in first_admin.get("/search/live", params={"q": "quokka"}).text


def test_both_replicas_give_the_same_answers(replicas):
    behind_operator, other = replicas
    for number in range(12):
        requests.post(f"{behind_operator.url}/api/songs", headers=behind_operator.headers, timeout=10, json={
            "title": f"Echo Chamber {number}", "artist": f"Reverb Unit {number % 3}", "album": "Delay Lines",
            "genres": ["Dub"], "audio_id": str(ObjectId())}).raise_for_status()
    eventually(lambda: len(other.titles("echo cham")) == 12)
    for query in ("e", "ec", "echo", "reverb 2", "dub", "delay echo", "echo chambr", "unit"):
        assert behind_operator.search(query) == other.search(query), query

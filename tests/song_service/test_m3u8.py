"""song_service: M3U8 export and import; a round trip gives back the same playlist."""
import pytest
from bson import ObjectId

from song_service.models.library import m3u8

ALICE = str(ObjectId())


@pytest.fixture
def alice(token_for):
    return token_for("listener", ALICE, "alice")


@pytest.fixture
def add_song(client, token_for):
    def add(title, artist, album="Album", duration=200.0):
        payload = {"title": title, "artist": artist, "album": album, "duration": duration, "audio_id": str(ObjectId())}
        return client.post("/api/songs", json=payload, headers=token_for("admin")).json

    return add


def titles(client, headers, playlist_id):
    response = client.get(f"/api/playlists/{playlist_id}", query_string={"limit": 500}, headers=headers)
    return [entry["song"]["id"] for entry in response.json["entries"]]


def test_export_then_import_gives_back_the_same_playlist(client, alice, add_song):
    songs = [
        add_song("Jóga", "Björk", "Homogenic", 305.2),
        add_song("Thunderstruck", "AC/DC", "The Razors Edge"),
        add_song("Song 2", "Blur", "Blur"),
        add_song("Song 2", "Blur", "Live at Wembley", 150),  # same artist and title, another album
        add_song("Me - Myself", "Someone - Else"),  # the separator inside both fields
        add_song("Hyperballad", "Björk", "Post"),
    ]
    order = [songs[i]["id"] for i in (4, 0, 3, 1, 2, 0, 5)]
    created = client.post("/api/playlists", json={"name": "Mix\nTape", "song_ids": order}, headers=alice).json
    exported = client.get(f"/api/playlists/{created['id']}/export.m3u8",
                          query_string={"location_prefix": "http://music.example/audio/"}, headers=alice)
    assert exported.status_code == 200 and exported.mimetype == "audio/x-mpegurl"
    text = exported.get_data(as_text=True)
    assert text.startswith("#EXTM3U\n#PLAYLIST:Mix Tape\n#EXTINF:200,Someone - Else - Me - Myself\n")
    assert "#EXTINF:305,Björk - Jóga\n#EXTALB:Homogenic\nhttp://music.example/audio/" in text
    imported = client.post("/api/playlists/import", json={"m3u8": text}, headers=alice)
    assert imported.status_code == 201, imported.json
    assert imported.json["unmatched"] == [] and imported.json["matched"] == len(order)
    assert imported.json["playlist"]["name"] == "Mix Tape"
    assert titles(client, alice, imported.json["playlist"]["id"]) == order


def test_import_reports_what_it_could_not_match(client, alice, add_song):
    joga = add_song("Jóga", "Björk")
    thunder = add_song("Thunderstruck", "AC/DC")
    text = "\n".join([
        "#EXTM3U",
        "#EXTINF:300,bjork - JOGA",           # case and accents do not matter
        "C:\\Music\\whatever.mp3",
        "#EXTINF:200,Nobody - Nothing",
        "nothing.mp3",
        "/home/me/Music/AC-DC/ac dc - thunderstruck.flac",  # no EXTINF: the file name says it
        "#EXTINF:-1,Unknown song",
        "http://example.com/stream",
    ])
    response = client.post("/api/playlists/import", json={"m3u8": text, "name": "From my PC"}, headers=alice)
    assert response.status_code == 201
    assert response.json["playlist"]["name"] == "From my PC" and response.json["matched"] == 2
    assert response.json["unmatched"] == [{"line": 4, "entry": "Nobody - Nothing"},
                                          {"line": 7, "entry": "Unknown song"}]
    assert titles(client, alice, response.json["playlist"]["id"]) == [joga["id"], thunder["id"]]


@pytest.mark.parametrize("body", [{}, {"m3u8": 5}, {"m3u8": "#EXTM3U\n"}, {"m3u8": "a.mp3", "name": 3},
                                  {"m3u8": "x" * (m3u8.MAX_TEXT_LENGTH + 1)},
                                  {"m3u8": "#EXTINF:1," + "a" * m3u8.MAX_LINE_LENGTH + "\nx.mp3\n"},
                                  {"m3u8": "x.mp3\n" * (m3u8.MAX_LINES + 1)}])
def test_bad_imports_are_400_and_create_nothing(client, alice, body):
    response = client.post("/api/playlists/import", json=body, headers=alice)
    assert response.status_code == 400 and response.json["error"]
    assert client.get("/api/playlists", headers=alice).json["playlists"] == []


def test_parse_reads_attributes_bom_and_crlf():
    parsed = m3u8.parse('\ufeff#EXTM3U\r\n#PLAYLIST:Name\r\n#EXTINF:-1 tvg-id="x",A - B\r\n#EXTALB:C\r\nfile.mp3\r\n')
    (entry,) = parsed.entries
    assert parsed.name == "Name"
    assert (entry.display, entry.album, entry.duration) == ("A - B", "C", None)
    assert (entry.location, entry.line) == ("file.mp3", 3)
    assert m3u8.artist_title_pairs(entry) == [("a", "b"), ("", "a b")]


def test_render_keeps_every_entry_on_its_lines():
    text = m3u8.render("A\r\nB", [{"title": "T\nx", "artist": "A", "duration": None, "audio_id": "id1"}], "p/")
    assert text == "#EXTM3U\n#PLAYLIST:A B\n#EXTINF:-1,A - T x\np/id1\n"


def test_an_entry_costs_a_bounded_number_of_readings_however_many_separators_it_has():
    # Once every " - " gave a reading, each normalising the whole line: 8 KB took 7 s, 20 KB timed out.
    entry = m3u8.Entry(line=1, display="ab - " * 800 + "end")
    pairs = m3u8.artist_title_pairs(entry)
    assert len(pairs) == m3u8.MAX_READINGS + 1
    assert pairs[0] == ("ab", " ".join(["ab"] * 799 + ["end"]))


def test_a_file_of_long_separator_lines_imports_and_matches(client, alice, add_song):
    song = add_song("B - C", "A")
    line = "#EXTINF:1," + "x - " * 900 + "y"
    text = "\n".join([line, "junk.mp3"] * 5 + ["#EXTINF:200,A - B - C", "a.mp3"])
    response = client.post("/api/playlists/import", json={"m3u8": text}, headers=alice)
    assert response.status_code == 201 and response.json["matched"] == 1
    assert titles(client, alice, response.json["playlist"]["id"]) == [song["id"]]


def test_an_import_out_of_time_stores_nothing(client, alice, add_song, monkeypatch):
    add_song("Title", "Artist")
    monkeypatch.setattr(m3u8, "MAX_READ_SECONDS", -1)
    response = client.post("/api/playlists/import", json={"m3u8": "#EXTINF:1,Artist - Title\na.mp3\n"}, headers=alice)
    assert response.status_code == 400 and "takes too long" in response.json["error"]
    assert client.get("/api/playlists", headers=alice).json["playlists"] == []

"""Conversions made while they stream: the converter itself, and the pod's slots that bound them."""
import io
import subprocess
import time

import av
import pytest
from audio_factory import make_audio

from media_service.models import live_conversion


def decoded_seconds(data):
    with av.open(io.BytesIO(data)) as container:
        stream = container.streams.audio[0]
        return sum(frame.samples for frame in container.decode(stream)) / stream.codec_context.sample_rate


@pytest.mark.parametrize("format_name, codec", [("mp3", "mp3"), ("aac", "aac"), ("opus", "opus")])
def test_a_flac_converts_to_each_format_from_an_offset(tmp_path, format_name, codec):
    source = make_audio(tmp_path / "source.flac", "flac", seconds=3, sample_rate=96000)
    output = io.BytesIO()
    live_conversion.convert(str(source), output, format_name, 64, offset_seconds=1)
    with av.open(io.BytesIO(output.getvalue())) as container:
        assert container.streams.audio[0].codec_context.name.startswith(codec)
    assert abs(decoded_seconds(output.getvalue()) - 2) < 0.1


def test_the_converter_process_writes_to_its_output_at_a_lower_priority(tmp_path):
    source = make_audio(tmp_path / "source.ogg", "ogg", seconds=2)
    finished = subprocess.run(live_conversion.command(str(source), "mp3", 96, 0), capture_output=True, check=True,
                              timeout=60)
    assert abs(decoded_seconds(finished.stdout) - 2) < 0.1


def test_bit_rates_are_bounded_and_default_per_format():
    assert live_conversion.bitrate_for("mp3", 0) == 192 and live_conversion.bitrate_for("opus", 0) == 128
    assert live_conversion.bitrate_for("mp3", 8) == 32 and live_conversion.bitrate_for("aac", 9999) == 320


def test_slots_bound_the_conversions_and_free_when_released(tmp_path):
    first = live_conversion.Slot.take(str(tmp_path), 2)
    second = live_conversion.Slot.take(str(tmp_path), 2)
    with pytest.raises(live_conversion.NoSlotFree):
        live_conversion.Slot.take(str(tmp_path), 2)
    first.release()
    third = live_conversion.Slot.take(str(tmp_path), 2)
    for slot in (second, third):
        slot.release()


@pytest.fixture
def stored_song(client, token_for, tmp_path):
    path = make_audio(tmp_path / "song.mp3", "mp3", seconds=2)
    with open(path, "rb") as body:
        uploaded = client.post("/api/media", query_string={"filename": "song.mp3"}, data=body,
                               content_type="application/octet-stream", headers=token_for("admin"))
    return uploaded.json["audio_id"]


def test_the_endpoint_converts_and_refuses_what_it_cannot(client, token_for, stored_song, app, tmp_path):
    app.config.update(LIVE_CONVERSION_DIR=str(tmp_path / "slots"), LIVE_CONVERSIONS_PER_POD=1)
    listener = token_for("listener")
    converted = client.get(f"/api/media/{stored_song}/converted", query_string={"format": "aac", "kbps": 64},
                           headers=listener)
    assert converted.status_code == 200 and converted.mimetype == "audio/aac"
    assert abs(decoded_seconds(converted.get_data()) - 2) < 0.1
    converted.close()  # what frees its slot, as the server does when the stream ends
    for query, status in (({"format": "flac"}, 400), ({"kbps": "-1"}, 400), ({"offset": "x"}, 400),
                          ({"offset": "99999999"}, 400)):
        refused = client.get(f"/api/media/{stored_song}/converted", query_string=query, headers=listener)
        assert refused.status_code == status and refused.json["error"]
    assert client.get(f"/api/media/{'0' * 24}/converted", headers=listener).status_code == 404
    assert client.get(f"/api/media/{stored_song}/converted").status_code == 401
    held = live_conversion.Slot.take(str(tmp_path / "slots"), 1)
    try:
        busy = client.get(f"/api/media/{stored_song}/converted", query_string={"format": "mp3"}, headers=listener)
        assert busy.status_code == 429 and busy.headers["Retry-After"] and "converted" in busy.json["error"]
    finally:
        held.release()


def test_a_conversion_is_sent_at_its_pace_and_closing_frees_everything(tmp_path):
    """Read as fast as it comes, a converter takes a whole core; paced, it waits on its full pipe."""
    from media_service.controllers.conversions import ConversionOutput

    source = tmp_path / "output.bin"
    source.write_bytes(bytes(range(256)) * 1024)  # 256 KiB: four chunks of 64 KiB
    spool = tmp_path / "spool"
    spool.write_bytes(b"x")
    process = subprocess.Popen(["cat", str(source)], stdout=subprocess.PIPE)
    body = ConversionOutput(process, live_conversion.Slot.take(str(tmp_path / "slots"), 1), str(spool),
                            bytes_per_second=512 * 1024)
    started = time.monotonic()
    assert b"".join(body) == source.read_bytes()
    assert time.monotonic() - started >= 0.45  # 256 KiB at 512 KiB/s
    body.close()
    assert not spool.exists() and process.poll() is not None
    live_conversion.Slot.take(str(tmp_path / "slots"), 1).release()  # the slot is free again

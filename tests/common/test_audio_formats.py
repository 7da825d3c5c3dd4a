"""common/audio_formats.py: the one list the upload page shows and media_service serves by."""
from audio_factory import ENCODED_FORMATS

from common import audio_formats


def test_the_page_names_the_formats_people_bring_and_promises_the_rest():
    described = audio_formats.described()
    for name in ("MP3", "AAC", "FLAC", "Opus", "WAV", "Apple Lossless (ALAC)", "AIFF", "WMA", "Monkey's Audio",
                 "WavPack", "Musepack", "TAK", "TTA", "Speex", "AC-3 and E-AC-3"):
        assert name in described
    assert described.endswith("and anything else ffmpeg decodes")
    assert "ALAC" in audio_formats.converted_described() and "MP3" not in audio_formats.converted_described()


def test_the_file_picker_lists_each_extension_once():
    accept = audio_formats.file_picker_accept().split(",")
    assert accept[0] == "audio/*" and len(accept) == len(set(accept))
    assert {".mp3", ".flac", ".m4a", ".aiff", ".wma", ".ape", ".wv", ".tta"} <= set(accept)


def test_every_pair_played_as_stored_is_one_the_format_tests_play():
    """Each (demuxer, codec) said to play as stored has a generated file that the browser test plays."""
    generated_codecs = {"libopus": "opus"}
    tested = {encoded.codec if encoded.codec not in generated_codecs else generated_codecs[encoded.codec]
              for encoded in ENCODED_FORMATS if encoded.played_as_stored}
    assert {codec for _, codec in audio_formats.PLAYED_AS_STORED} <= tested


def test_every_uploaded_song_field_is_read_by_media_and_kept_by_song_service():
    """The one list of fields an upload hands on (common/song_metadata.py) matches both ends of the call."""
    import ast
    import dataclasses
    import inspect

    from common.song_metadata import UPLOADED_SONG_FIELDS
    from media_service.models.tag_reader import AudioInfo
    from song_service.models.catalogue import song

    where_stored = {"audio_id", "cover_id", "size", "filename"}  # media_service's answer adds these
    assert set(UPLOADED_SONG_FIELDS) - where_stored <= {field.name for field in dataclasses.fields(AudioInfo)}
    read_by_song_service = {node.args[0].value for node in ast.walk(ast.parse(inspect.getsource(song)))
                            if isinstance(node, ast.Call) and getattr(node.func, "attr", None) == "get"
                            and node.args and isinstance(node.args[0], ast.Constant)}
    assert set(UPLOADED_SONG_FIELDS) <= read_by_song_service | {"title", "artist", "album_artist", "album", "genres",
                                                                "year", "track", "disc"}

"""One list of accepted formats: what media_service identifies is exactly what the upload page promises."""
from common import audio_formats
from media_service.models import tag_reader


def test_the_reader_identifies_every_listed_format_and_no_other():
    assert set(tag_reader.FORMATS.values()) == set(audio_formats.ACCEPTED)


def test_the_page_wording_and_the_file_picker_come_from_the_list():
    assert audio_formats.described() == "MP3, FLAC, Ogg Vorbis, Opus, M4A or WAV"
    assert audio_formats.file_picker_accept().split(",")[:3] == ["audio/*", ".mp3", ".flac"]

"""What parsing a form may cost, bounded before it starts, and what it leaves behind.

werkzeug limits the parts of a multipart form (``MAX_FORM_PARTS``) but not the fields of an urlencoded
one: a 20 MiB body of two million ``k=v`` pairs took 3.5 s of a worker's only thread to refuse. Here both
kinds stop at ``MAX_FORM_PARTS`` fields, and the body itself is bounded by ``MAX_CONTENT_LENGTH`` before
any of it is read.
"""
from urllib.parse import parse_qsl

from flask import Request
from werkzeug.exceptions import BadRequest, RequestEntityTooLarge
from werkzeug.formparser import FormDataParser

# Above any form of ours (the largest, a console page's, has a few dozen fields); Flask's own default.
MAX_FORM_PARTS = 1000


class TooManyFields(RequestEntityTooLarge):
    description = "The form has too many fields."


class BoundedFormDataParser(FormDataParser):
    def _parse_urlencoded(self, stream, mimetype, content_length, options):
        try:
            text = stream.read().decode()
        except UnicodeDecodeError:
            raise BadRequest("The form is not valid UTF-8.") from None
        try:
            # parse_qsl counts the separators before it splits anything, so a refusal costs one pass.
            items = parse_qsl(text, keep_blank_values=True, errors="werkzeug.url_quote",
                              max_num_fields=self.max_form_parts)
        except ValueError:
            raise TooManyFields() from None
        return stream, self.cls(items), self.cls()


class BoundedRequest(Request):
    form_data_parser_class = BoundedFormDataParser

    def _get_file_stream(self, *args, **kwargs):
        """Each file part's temporary file, remembered so that it is closed with the request even when the
        body was cut midway: werkzeug then never hands it to ``files``, and it would stay open, holding its
        space on disk, until the garbage collector found it."""
        stream = super()._get_file_stream(*args, **kwargs)
        self.__dict__.setdefault("_file_streams", []).append(stream)
        return stream

    def close(self):
        try:
            super().close()
        finally:
            for stream in self.__dict__.pop("_file_streams", ()):
                stream.close()

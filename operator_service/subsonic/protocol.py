"""The Subsonic envelope: every answer, errors included, as XML (the default), JSON or JSONP.

Methods build their payload as plain data, which renders to both formats the way clients read them:
- a scalar is an XML attribute and a JSON field (``None`` is left out; booleans are ``true``/``false``);
- a dict is one child element / a JSON object;
- a list is repeated child elements / a JSON array, present and empty when it has no items;
- the key ``value`` is an element's text in XML (a genre's name, lyrics) and the field ``value`` in JSON.
"""
import json
import re
from xml.etree import ElementTree

from flask import Response, request

API_VERSION = "1.16.1"
SERVER_TYPE = "music-service"
SERVER_VERSION = "0.1.0"
NAMESPACE = "http://subsonic.org/restapi"

# The protocol's error codes.
GENERIC = 0
MISSING_PARAMETER = 10
CLIENT_TOO_OLD = 20
SERVER_TOO_OLD = 30
WRONG_CREDENTIALS = 40
TOKEN_NOT_SUPPORTED = 41
AUTH_MECHANISM_NOT_SUPPORTED = 42
CONFLICTING_AUTH = 43
INVALID_API_KEY = 44
NOT_AUTHORIZED = 50
NOT_FOUND = 70

_JSONP_CALLBACK = re.compile(r"^[A-Za-z_$][A-Za-z0-9_$]{0,63}(\.[A-Za-z_$][A-Za-z0-9_$]{0,63}){0,3}$")
# What XML 1.0 cannot carry at all (control characters from a file's tags): left out of XML answers.
_NOT_XML = re.compile("[^\u0009\u000a\u000d\u0020-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


class SubsonicError(Exception):
    """Answered as the protocol's ``error`` element, with HTTP 200 as clients expect."""

    def __init__(self, code, message):
        super().__init__(message)
        self.code = code
        self.message = message


def missing(name):
    return SubsonicError(MISSING_PARAMETER, f"Required parameter is missing: {name}.")


def not_found(what):
    return SubsonicError(NOT_FOUND, f"{what} not found.")


def requested_format():
    """``xml``, ``json`` or ``jsonp``, from ``f``; anything else is XML, the protocol's default."""
    asked = (request.values.get("f") or "xml").strip().lower()
    return asked if asked in ("json", "jsonp") else "xml"


def _envelope(status):
    return {"status": status, "version": API_VERSION, "type": SERVER_TYPE, "serverVersion": SERVER_VERSION,
            "openSubsonic": True}


def respond(payload=None):
    """A successful answer carrying ``payload`` (``{"element name": data}``, or nothing for ``ping``)."""
    return _render({**_envelope("ok"), **(payload or {})})


def respond_error(error):
    return _render({**_envelope("failed"), "error": {"code": error.code, "message": error.message}})


def _render(body):
    kind = requested_format()
    if kind == "xml":
        root = ElementTree.Element("subsonic-response", xmlns=NAMESPACE)
        _fill(root, body)
        xml = ElementTree.tostring(root, encoding="unicode")
        return Response('<?xml version="1.0" encoding="UTF-8"?>\n' + xml, content_type="text/xml; charset=utf-8")
    text = json.dumps({"subsonic-response": _jsonable(body)}, ensure_ascii=False, separators=(",", ":"))
    if kind == "jsonp":
        callback = request.values.get("callback", "")
        if not _JSONP_CALLBACK.match(callback):
            # A callback that is not a plain name could be any script: it is never echoed.
            error = {**_envelope("failed"), "error": {"code": MISSING_PARAMETER,
                                                      "message": "callback must be a JavaScript function name."}}
            return Response(json.dumps({"subsonic-response": error}), content_type="application/json")
        return Response(f"/**/{callback}({text});", content_type="application/javascript; charset=utf-8")
    return Response(text, content_type="application/json; charset=utf-8")


def _jsonable(data):
    if isinstance(data, dict):
        return {key: _jsonable(value) for key, value in data.items() if value is not None}
    if isinstance(data, (list, tuple)):
        return [_jsonable(item) for item in data]
    return data


def _xml_text(value):
    if isinstance(value, bool):
        return "true" if value else "false"
    return _NOT_XML.sub("", str(value))


def _fill(element, data):
    for key, value in data.items():
        if value is None:
            continue
        if key == "value":
            element.text = _xml_text(value)
        elif isinstance(value, dict):
            _fill(ElementTree.SubElement(element, key), value)
        elif isinstance(value, (list, tuple)):
            for item in value:
                child = ElementTree.SubElement(element, key)
                if isinstance(item, dict):
                    _fill(child, item)
                else:
                    child.text = _xml_text(item)
        else:
            element.set(key, _xml_text(value))

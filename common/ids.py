"""ObjectIds at the edges: a URL converter that turns a malformed id into a 404, and JSON that writes ids as strings."""
from datetime import datetime

from bson import ObjectId
from bson.errors import InvalidId
from flask.json.provider import DefaultJSONProvider
from werkzeug.routing import BaseConverter, ValidationError


class ObjectIdConverter(BaseConverter):
    regex = "[0-9a-fA-F]{24}"

    def to_python(self, value):
        try:
            return ObjectId(value)
        except (InvalidId, TypeError):
            raise ValidationError() from None

    def to_url(self, value):
        return str(value)


def parse_object_id(value):
    """An ObjectId from untrusted text, or None."""
    if isinstance(value, ObjectId):
        return value
    try:
        return ObjectId(str(value))
    except (InvalidId, TypeError):
        return None


class MongoJSONProvider(DefaultJSONProvider):
    sort_keys = False

    @staticmethod
    def default(o):
        if isinstance(o, ObjectId):
            return str(o)
        if isinstance(o, datetime):
            return o.isoformat()
        return DefaultJSONProvider.default(o)

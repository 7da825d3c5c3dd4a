"""Extensions created once and bound to the app in ``create_app``."""
from common.mongo import Mongo

mongo = Mongo()

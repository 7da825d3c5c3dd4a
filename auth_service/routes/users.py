"""``/api/users`` and ``/api/credentials``."""
from flask import Blueprint

from auth_service.controllers import users

users_blueprint = Blueprint("users", __name__, url_prefix="/api")
users_blueprint.add_url_rule("/users", view_func=users.register, methods=["POST"])
users_blueprint.add_url_rule("/users", view_func=users.index, methods=["GET"])
users_blueprint.add_url_rule("/users/<objectid:user_id>", view_func=users.show, methods=["GET"])
users_blueprint.add_url_rule("/users/<objectid:user_id>/role", view_func=users.change_role, methods=["PUT"])
users_blueprint.add_url_rule("/users/<objectid:user_id>/sessions/revoke", view_func=users.revoke_sessions,
                             methods=["POST"])
users_blueprint.add_url_rule("/users/<objectid:user_id>/password", view_func=users.change_password, methods=["PUT"])
users_blueprint.add_url_rule("/credentials/check", view_func=users.check_credentials, methods=["POST"])
users_blueprint.add_url_rule("/signup", view_func=users.signup_mode, methods=["GET"])

"""``/api/users`` and ``/api/credentials``."""
from flask import Blueprint

from auth_service.controllers import app_credentials, users

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

# Listening apps (the operator's Subsonic API): a person's API keys and app passwords, and their check.
APP_CREDENTIALS = "/users/<objectid:user_id>/app-credentials"
users_blueprint.add_url_rule(APP_CREDENTIALS, "app_credentials", view_func=app_credentials.index, methods=["GET"])
users_blueprint.add_url_rule(APP_CREDENTIALS, "create_app_credential", view_func=app_credentials.create,
                             methods=["POST"])
users_blueprint.add_url_rule(APP_CREDENTIALS + "/<objectid:credential_id>", "revoke_app_credential",
                             view_func=app_credentials.revoke, methods=["DELETE"])
users_blueprint.add_url_rule("/app-credentials", "all_app_credentials", view_func=app_credentials.index_all,
                             methods=["GET"])
users_blueprint.add_url_rule("/credentials/app-check", "check_app_credentials", view_func=app_credentials.check,
                             methods=["POST"])

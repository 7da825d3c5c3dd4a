"""``/login``, ``/signup`` and ``/logout``, the account page with this browser's settings, and the site's icon."""
from flask import Blueprint

from operator_service.controllers import appearance, auth, listening_apps

auth_blueprint = Blueprint("auth", __name__)
auth_blueprint.add_url_rule("/login", view_func=auth.login, methods=["GET", "POST"])
auth_blueprint.add_url_rule("/signup", view_func=auth.signup, methods=["GET", "POST"])
auth_blueprint.add_url_rule("/logout", view_func=auth.logout, methods=["POST"])
auth_blueprint.add_url_rule("/account", view_func=auth.account, methods=["GET", "POST"])
auth_blueprint.add_url_rule("/account/playback", view_func=auth.playback, methods=["POST"])
auth_blueprint.add_url_rule("/account/appearance", "appearance", view_func=appearance.save, methods=["POST"])
auth_blueprint.add_url_rule("/favicon.ico", "favicon", view_func=appearance.favicon)
auth_blueprint.add_url_rule("/account/apps", "create_app_credential", view_func=listening_apps.create, methods=["POST"])
# The credential's id travels in the form: paths are written to every access log.
auth_blueprint.add_url_rule("/account/apps/revoke", "revoke_app_credential", view_func=listening_apps.revoke,
                            methods=["POST"])

"""``/admin``: the users area of the admin console, which the operator shows at ``/admin/users``."""
from auth_service.controllers import admin
from common.admin_fragments import create_admin_blueprint

admin_blueprint = create_admin_blueprint(__name__)
admin_blueprint.add_url_rule("/", view_func=admin.index, methods=["GET"])
admin_blueprint.add_url_rule("/users/<objectid:user_id>", view_func=admin.show, methods=["GET"])
admin_blueprint.add_url_rule("/users/<objectid:user_id>/role", view_func=admin.change_role, methods=["POST"])
admin_blueprint.add_url_rule("/users/<objectid:user_id>/disabled", view_func=admin.change_disabled, methods=["POST"])
admin_blueprint.add_url_rule("/users/<objectid:user_id>/temporary-password", view_func=admin.temporary_password,
                             methods=["POST"])
admin_blueprint.add_url_rule("/signup", view_func=admin.signup_settings, methods=["GET"])
admin_blueprint.add_url_rule("/signup", view_func=admin.change_signup_mode, methods=["POST"])
admin_blueprint.add_url_rule("/invites", view_func=admin.create_invite, methods=["POST"])
# The invite's code travels in the form, never in the path: paths are written to every access log.
admin_blueprint.add_url_rule("/invites/revoke", view_func=admin.revoke_invite, methods=["POST"])
admin_blueprint.add_url_rule("/audit", view_func=admin.audit_log, methods=["GET"])
admin_blueprint.add_url_rule("/apps", view_func=admin.listening_apps, methods=["GET"])
admin_blueprint.add_url_rule("/apps/revoke", view_func=admin.revoke_app_credential, methods=["POST"])

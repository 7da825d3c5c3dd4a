"""``/admin``: the storage area of the admin console, which the operator shows at ``/admin/storage``."""
from common.admin_fragments import create_admin_blueprint
from media_service.controllers import admin

admin_blueprint = create_admin_blueprint(__name__)
admin_blueprint.add_url_rule("/", view_func=admin.overview, methods=["GET"])
admin_blueprint.add_url_rule("/files/<objectid:file_id>", view_func=admin.file_details, methods=["GET"])
admin_blueprint.add_url_rule("/unused", view_func=admin.orphans, methods=["GET"])
admin_blueprint.add_url_rule("/unused", view_func=admin.clean_up, methods=["POST"])

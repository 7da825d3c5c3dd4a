"""``/admin``: the catalogue area of the admin console, which the operator shows at ``/admin/catalogue``."""
from common.admin_fragments import create_admin_blueprint
from song_service.controllers import admin

admin_blueprint = create_admin_blueprint(__name__)
admin_blueprint.add_url_rule("/", view_func=admin.index, methods=["GET"])
admin_blueprint.add_url_rule("/songs/<objectid:song_id>", view_func=admin.edit, methods=["GET"])
admin_blueprint.add_url_rule("/songs/<objectid:song_id>", view_func=admin.update, methods=["POST"])
admin_blueprint.add_url_rule("/songs/bulk", view_func=admin.bulk, methods=["POST"])
admin_blueprint.add_url_rule("/songs/delete", view_func=admin.delete, methods=["POST"])
admin_blueprint.add_url_rule("/merge", view_func=admin.merge_page, methods=["GET"])
admin_blueprint.add_url_rule("/merge/<any(artists, albums):kind>", view_func=admin.merge, methods=["POST"])
admin_blueprint.add_url_rule("/albums/<objectid:album_id>", view_func=admin.album, methods=["GET"])
admin_blueprint.add_url_rule("/albums/<objectid:album_id>/cover", view_func=admin.album_cover, methods=["POST"])

"""Who may call song_service's API: each view takes one of these, which check the caller's signed service
token (``common.service_tokens.require_role``: 401 without a valid one, 403 for a role not let in) and keep
the caller in ``g.caller``. The admin console's fragments are admins-only as a whole blueprint
(``common.admin_fragments.create_admin_blueprint``)."""
from common.service_tokens import PEOPLE, ROLE_ADMIN, ROLE_SERVICE, require_role

# Listeners and admins: reading and searching the catalogue, and each one's own library.
people_only = require_role(*PEOPLE)
# Adding, editing and deleting songs.
admins_only = require_role(ROLE_ADMIN)
# Another service acting for nobody in particular: media_service's storage sweeper.
services_only = require_role(ROLE_SERVICE)

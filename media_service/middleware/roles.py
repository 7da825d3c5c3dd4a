"""Who may call media_service's API: each view takes one of these, which check the caller's signed service
token (``common.service_tokens.require_role``: 401 without a valid one, 403 for a role not let in) and keep
the caller in ``g.caller``. The admin console's fragments are admins-only as a whole blueprint
(``common.admin_fragments.create_admin_blueprint``)."""
from common.service_tokens import PEOPLE, ROLE_ADMIN, require_role

# Listeners and admins: streaming audio and fetching covers.
people_only = require_role(*PEOPLE)
# Storing and deleting audio and covers.
admins_only = require_role(ROLE_ADMIN)

"""Who may call auth_service's API: each view takes one of these, which check the caller's signed service
token (``common.service_tokens.require_role``: 401 without a valid one, 403 for a role not let in) and keep
the caller in ``g.caller``. The admin console's fragments are admins-only as a whole blueprint
(``common.admin_fragments.create_admin_blueprint``)."""
from common.service_tokens import PEOPLE, ROLE_ADMIN, ROLE_SERVICE, ROLES, require_role

# Any caller with a valid token: reading an account (the operator checks sessions with it) and the sign-up mode.
any_caller = require_role(*ROLES)
# The operator for nobody in particular: checking a password at login.
services_only = require_role(ROLE_SERVICE)
# Making an account: the operator's sign-up form, or an admin (who alone may choose its role).
service_or_admin = require_role(ROLE_SERVICE, ROLE_ADMIN)
# Listing accounts and changing roles.
admins_only = require_role(ROLE_ADMIN)
# A person acting on their own account: changing its password, ending its sessions.
people_only = require_role(*PEOPLE)

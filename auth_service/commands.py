"""``flask --app auth_service.app create-admin``: create the administrator named by ADMIN_USERNAME with
ADMIN_PASSWORD, or bring its password and role up to date. Run once per deployment (Kubernetes Job
``auth-admin``, compose's ``auth-admin`` service, or by hand), never at every replica's start: running it
again with the same password changes nothing, so the admin's sessions go on."""
import click
from flask import current_app
from flask.cli import with_appcontext

from auth_service.models import user as users


@click.command("create-admin")
@with_appcontext
def create_admin():
    """Create or update the administrator from ADMIN_USERNAME and ADMIN_PASSWORD."""
    username, password = current_app.config["ADMIN_USERNAME"], current_app.config["ADMIN_PASSWORD"]
    if not username or not password:
        raise click.ClickException("Set ADMIN_USERNAME and ADMIN_PASSWORD to the administrator's name and password.")
    try:
        admin, changed = users.provision_admin(username, password)
    except users.InvalidAccount as error:
        raise click.ClickException(str(error)) from None
    verb = "created or updated" if changed else "already up to date:"
    click.echo(f"create-admin {verb} administrator {admin['username']}")

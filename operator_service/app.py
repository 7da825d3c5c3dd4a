"""operator_service entry point: ``create_app``, which gunicorn, flask and the tests call."""
from common.app_factory import create_service_app
from common.health import create_health_blueprint
from operator_service.config import Config
from operator_service.extensions import csrf
from operator_service.middleware.error_pages import init_error_pages
from operator_service.middleware.request_bodies import init_request_body_guard
from operator_service.middleware.security_headers import init_security_headers
from operator_service.middleware.session_user import init_session_users
from operator_service.routes import BLUEPRINTS
from operator_service.subsonic.routes import init_subsonic_errors, subsonic_blueprint
from operator_service.template_helpers.formatting import init_template_helpers
from operator_service.template_helpers.library import init_library_helpers


def create_app(config=None):
    app = create_service_app(__name__, Config, config, html_error_template="errors/error.html")
    csrf.init_app(app)
    init_session_users(app)
    init_error_pages(app)
    init_security_headers(app)
    init_template_helpers(app)
    init_library_helpers(app)
    for blueprint in BLUEPRINTS:
        app.register_blueprint(blueprint)
    # Apps sign every call with their own credentials, never a cookie: there is no session to forge a form for.
    csrf.exempt(subsonic_blueprint)
    app.register_blueprint(subsonic_blueprint)
    init_subsonic_errors(app)
    # Ready means this process serves: a backend that is down costs only the pages that need it (each shows
    # the 503 page), so taking every operator pod out of the Service for it would cost all the rest too.
    app.register_blueprint(create_health_blueprint({}))
    init_request_body_guard(app)
    return app


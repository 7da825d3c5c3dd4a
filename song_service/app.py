"""song_service entry point: ``create_app``, which gunicorn, flask and the tests call."""
from common.app_factory import WORKER_STARTS, create_backend_app
from song_service.commands import backfill_catalogue, rebuild_search_index
from song_service.config import Config
from song_service.extensions import mongo
from song_service.middleware.refusals import init_refusals
from song_service.models.catalogue.backfill import backfill_albums
from song_service.models.indexes import INDEXES, RETIRED_INDEXES
from song_service.models.search import replica
from song_service.routes import BLUEPRINTS


def create_app(config=None):
    app = create_backend_app(__name__, Config, config, mongo=mongo, indexes=INDEXES, blueprints=BLUEPRINTS,
                             retired_indexes=RETIRED_INDEXES,
                             readiness_checks={"search_index": lambda: replica.current_replica().check_ready()})
    init_refusals(app)
    with app.app_context():
        backfill_albums()
    replica.init_app(app)
    app.extensions[WORKER_STARTS].append(lambda: _follow_change_log(app))
    app.cli.add_command(rebuild_search_index)
    app.cli.add_command(backfill_catalogue)
    return app


def _follow_change_log(app):
    """In a gunicorn worker: build the search index now, rather than on the first search, and keep it current."""
    with app.app_context():
        replica.current_replica().start_following()


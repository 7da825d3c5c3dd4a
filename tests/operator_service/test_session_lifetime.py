"""A session's idle timeout and absolute lifetime, from the times kept in its signed cookie."""
import pytest

from operator_service.middleware.session_user import session_expired

CONFIG = {"SESSION_IDLE_TIMEOUT": 3600, "SESSION_MAX_AGE": 86400}
NOW = 1_800_000_000


@pytest.mark.parametrize("started, seen, expired", [
    (NOW - 100, NOW - 10, False),
    (NOW - 86000, NOW - 3000, False),        # old but active: still within both limits
    (NOW - 5000, NOW - 3601, True),          # idle for more than an hour
    (NOW - 86401, NOW - 1, True),            # active, but older than a day
    (None, NOW, True),                       # a cookie from before the checks
    ("1", NOW, True),
])
def test_sessions_end_when_idle_or_too_old(started, seen, expired):
    assert session_expired({"started": started, "seen": seen}, NOW, CONFIG) is expired

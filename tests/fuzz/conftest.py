"""What the fuzzing suite shares: how many requests it sent and how many answered 5xx, printed at the end."""
import os

import pytest

# Examples per fuzz test; `make fuzz` raises it so that the suite sends at least 10,000 requests.
FUZZ_EXAMPLES = int(os.environ.get("FUZZ_EXAMPLES", "120"))
# `make test` sends the same requests every time, so that CI cannot fail at random; `make fuzz` explores.
FUZZ_EXPLORE = os.environ.get("FUZZ_EXPLORE") == "1"


class FuzzTally:
    def __init__(self):
        self.requests = 0
        self.server_errors = []

    def record(self, method, url, status):
        self.requests += 1
        if status >= 500:
            self.server_errors.append(f"{method} {url} -> {status}")


TALLY = FuzzTally()


@pytest.fixture(scope="session")
def fuzz_tally():
    return TALLY


def pytest_terminal_summary(terminalreporter):
    if TALLY.requests:
        terminalreporter.write_line(
            f"fuzz: {TALLY.requests} requests, {len(TALLY.server_errors)} answered 5xx "
            f"({FUZZ_EXAMPLES} examples per test)"
        )

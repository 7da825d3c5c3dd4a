"""The spool budget: a request waits for room, and one larger than the whole budget is not left waiting
for room that can never come (`make fuzz` found a console POST without a length answered 503 after a
minute, when the console's cover limit was set above the upload limit)."""
import pytest
from werkzeug.exceptions import ServiceUnavailable

from operator_service.middleware.upload_spool import SpoolBudget


def test_a_request_waits_for_room_and_gets_it_when_it_is_released():
    budget = SpoolBudget(100)
    assert budget.reserve(60, timeout=0.1) == 60
    with pytest.raises(ServiceUnavailable):
        budget.reserve(60, timeout=0.1)
    budget.release(60)
    assert budget.reserve(60, timeout=0.1) == 60


def test_a_request_larger_than_the_budget_takes_all_of_it():
    budget = SpoolBudget(100)
    taken = budget.reserve(500, timeout=0.1)
    assert taken == 100
    with pytest.raises(ServiceUnavailable):
        budget.reserve(1, timeout=0.1)
    budget.release(taken)
    assert budget.reserve(1, timeout=0.1) == 1

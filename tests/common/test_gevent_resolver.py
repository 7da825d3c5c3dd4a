"""The gevent workers' resolver answers address literals without a thread and keeps names briefly."""
import socket

from common import gevent_resolver
from common.gevent_resolver import CachingResolver


class CountingPool:
    """Stands in for the hub's thread pool, to count the lookups handed to it."""

    def __init__(self):
        self.lookups = []

    def apply(self, function, args, kwargs=None):
        self.lookups.append(args[0])
        return function(*args, **(kwargs or {}))


def resolver():
    made = CachingResolver()
    made.pool = CountingPool()
    return made


def test_an_address_literal_needs_no_lookup():
    made = resolver()
    for host in ("127.0.0.1", "::1"):
        answer = made.getaddrinfo(host, 5003, 0, socket.SOCK_STREAM)
        assert answer == socket.getaddrinfo(host, 5003, 0, socket.SOCK_STREAM)
    assert made.pool.lookups == []


def test_a_name_is_looked_up_once_while_its_answer_is_fresh(monkeypatch):
    made = resolver()
    first = made.getaddrinfo("localhost", 5001, 0, socket.SOCK_STREAM)
    assert made.getaddrinfo("localhost", 5001, 0, socket.SOCK_STREAM) == first
    assert made.pool.lookups == ["localhost"]
    made.getaddrinfo("localhost", 5002, 0, socket.SOCK_STREAM)  # another port is another question
    assert made.pool.lookups == ["localhost", "localhost"]
    monkeypatch.setattr(gevent_resolver, "ANSWER_SECONDS", -1)
    made._answers.clear()
    made.getaddrinfo("localhost", 5001, 0, socket.SOCK_STREAM)
    made.getaddrinfo("localhost", 5001, 0, socket.SOCK_STREAM)
    assert made.pool.lookups.count("localhost") == 4  # expired answers are asked again


def test_a_failed_lookup_is_not_kept():
    made = resolver()
    for _ in range(2):
        try:
            made.getaddrinfo("no-such-host.invalid", 80)
        except socket.gaierror:
            pass
    assert made.pool.lookups == ["no-such-host.invalid"] * 2

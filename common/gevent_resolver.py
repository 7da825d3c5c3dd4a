"""The host-name resolver of the gevent workers (``GEVENT_RESOLVER``, set in common/gunicorn_conf.py).

gevent's default resolver hands every ``getaddrinfo`` to a native thread and waits for its answer, even
for an address like ``127.0.0.1`` or a Service name it resolved a moment ago. The operator opens a new
connection to media_service for every stream a listener opens or seeks, so at 1,000 listeners that hand-off
was a tenth of the operator's CPU (py-spy; README, "Per open, profiled"). This one answers an address
literal at once, natively (it needs no lookup), and keeps a name's answer for ``ANSWER_SECONDS``, which a
Kubernetes Service's address outlives; failures are never kept.
"""
import _socket
import time

from gevent.resolver.thread import Resolver as ThreadResolver

ANSWER_SECONDS = 30.0
MAX_ANSWERS = 256


def _is_address_literal(host):
    if not isinstance(host, str) or not host:
        return False
    for family in (_socket.AF_INET, _socket.AF_INET6):
        try:
            _socket.inet_pton(family, host)
            return True
        except (OSError, ValueError):
            continue
    return False


class CachingResolver(ThreadResolver):
    def __init__(self, hub=None):
        super().__init__(hub)
        self._answers = {}

    def getaddrinfo(self, host, port, family=0, type=0, proto=0, flags=0):  # noqa: A002 (socket's names)
        if _is_address_literal(host):
            return _socket.getaddrinfo(host, port, family, type, proto, flags | _socket.AI_NUMERICHOST)
        key = (host, port, family, type, proto, flags)
        kept = self._answers.get(key)
        if kept is not None and kept[0] > time.monotonic():
            return kept[1]
        answer = super().getaddrinfo(host, port, family, type, proto, flags)
        if len(self._answers) >= MAX_ANSWERS:
            self._answers.clear()
        self._answers[key] = (time.monotonic() + ANSWER_SECONDS, answer)
        return answer

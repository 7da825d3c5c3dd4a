"""A request id per request, echoed back and logged. A caller's ``X-Request-ID`` is kept only when it is
short and plain (letters, digits, dot, dash, underscore) and comes from a peer trusted to set it
(``REQUEST_ID_TRUSTED_PEERS``): the operator for the backends, an ingress proxy for the operator, never a
browser, which could otherwise choose the id that ties log lines together."""
import ipaddress
import re
import uuid

from flask import g, has_request_context, request

HEADER = "X-Request-ID"
_VALID_REQUEST_ID = re.compile(r"^[A-Za-z0-9._-]{1,64}$")


def current_request_id():
    return getattr(g, "request_id", None) if has_request_context() else None


def trusted_peers(setting):
    """``"*"`` (anyone), or the comma-separated addresses and networks of ``setting``."""
    if setting.strip() == "*":
        return None
    networks = []
    for item in setting.split(","):
        if item.strip():
            networks.append(ipaddress.ip_network(item.strip(), strict=False))
    return tuple(networks)


def _peer_is_trusted(networks):
    if networks is None:
        return True
    try:
        address = ipaddress.ip_address(request.remote_addr or "")
    except ValueError:
        return False
    return any(address in network for network in networks)


def init_request_ids(app):
    networks = trusted_peers(app.config.get("REQUEST_ID_TRUSTED_PEERS", "*"))

    @app.before_request
    def assign_request_id():
        incoming = request.headers.get(HEADER, "")
        keep = _VALID_REQUEST_ID.match(incoming) and _peer_is_trusted(networks)
        g.request_id = incoming if keep else uuid.uuid4().hex

    @app.after_request
    def echo_request_id(response):
        if has_request_context() and getattr(g, "request_id", None):
            response.headers[HEADER] = g.request_id
        return response

"""Request-wide behaviour of media_service.

Request ids and error handlers come from the shared package (set up by ``create_service_app``);
each endpoint declares the roles it accepts with ``common.service_tokens.require_role``.
"""

"""Request-wide behaviour of auth_service: who may call each view (``roles``).

The rest is the same in all four services and set up by ``common.app_factory.create_service_app``: request
ids (common/request_ids.py), the JSON request log, metrics, and every HTTP error rendered as
``{"error": ..., "status": ...}`` (common/errors.py).
"""

"""Headers that keep the pages from being framed or sniffed, scripts to our own origin, and, once the site
is served over HTTPS (SESSION_COOKIE_SECURE), browsers on HTTPS."""

CONTENT_SECURITY_POLICY = (
    "default-src 'self'; img-src 'self' data:; media-src 'self'; style-src 'self'; "
    "script-src 'self'; object-src 'none'; base-uri 'self'; frame-ancestors 'none'; form-action 'self'"
)


# Two years, as the HSTS preload list asks; without includeSubDomains, which is the domain owner's call.
STRICT_TRANSPORT_SECURITY = "max-age=63072000"


def init_security_headers(app):
    served_over_https = app.config["SESSION_COOKIE_SECURE"]

    @app.after_request
    def add_security_headers(response):
        if served_over_https:
            response.headers.setdefault("Strict-Transport-Security", STRICT_TRANSPORT_SECURITY)
        response.headers.setdefault("Content-Security-Policy", CONTENT_SECURITY_POLICY)
        response.headers.setdefault("X-Content-Type-Options", "nosniff")
        response.headers.setdefault("Referrer-Policy", "same-origin")
        return response

"""Request-wide behaviour of the operator: who the browser user is, CSRF, and error pages."""

"""Request handling for the operator: read the form or query, call the backends through models, render a page."""

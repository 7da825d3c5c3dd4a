"""Users, roles and credentials."""

"""The protocol's methods, one module per area of the API; ``routes`` maps their names to them."""

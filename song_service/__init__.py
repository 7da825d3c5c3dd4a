"""The catalogue: songs and their metadata, and search across it."""

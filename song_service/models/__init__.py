"""All of song_service's database access."""

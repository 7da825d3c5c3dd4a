"""All of song_service's database access, by concern: ``catalogue`` (songs, artists, albums, genres and what
keeps them in step), ``library`` (each listener's playlists, likes and plays) and ``search``; ``indexes``
declares every index of the service's database."""

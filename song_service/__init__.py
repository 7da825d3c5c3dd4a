"""song_service: the catalogue (songs, artists, albums, genres) and its search, and each listener's
library kept with it: playlists, liked songs and listening history."""

"""Each listener's library, kept beside the catalogue: playlists (and their M3U8 files), liked songs, and
plays with the listening history."""

"""All of media_service's storage: GridFS buckets for audio and covers, and reading tags from audio files."""

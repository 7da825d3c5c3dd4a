"""Audio files and cover art, stored in GridFS and streamed with HTTP Range."""

"""Functions and filters the operator's templates call: not Flask views, which are in controllers/.

- ``formatting``: durations, a song's player data, and the keys that make a form's submission idempotent;
- ``library``: the listener's playlists and liked songs, which the sidebar and every song row show, as the
  page's controller gathered them (controllers/page_context.py).
"""

"""The catalogue: songs, and the artists, albums and genres they are linked to (``links``) with their counts;
the keys and counters that name and number them, the bounded reads that list them, merges and the backfill."""

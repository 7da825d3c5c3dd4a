"""Dev-only: a synthetic catalogue (``synthetic_catalogue``) and its bulk loader (``bulk_load``), for
scripts/seed_catalogue.py, the benchmarks and the tests. Not part of any service image: nothing in the
services imports it."""

"""Search across songs, artists and albums: each query word must start a word of the metadata, in any order.

What matches: every song, artist and album whose metadata has, for each query word, a word that starts
with it; case, accents and punctuation are ignored (``terms``). A song's metadata is its title,
artist, album artist, album, genres and year; an artist's is its name; an album's is its title and its
artist. At most ``MAX_QUERY_WORDS`` (8) words count, longest first, each cut to 20 letters.

The ranking, the one place it is written down. Matches are ordered by tier, then within a tier:
  0. the exact title (or name): the query's words are the title's, in order ("ac dc" and "acdc" for AC/DC);
  1. every query word starts a word of the title (or name);
  2. every query word starts a word of any field (artist, album artist, album, genres, year);
  3. typo-tolerant: each query word of 5 or more letters may also be one edit (a letter missing, extra,
     wrong, or two swapped) away from the start of a word ("metalica", "radiohaed", "bjrok").
Within a tier, songs with more plays come first (artists and albums: more songs), then by title (or
name) in folded-word order, then by id, so that every replica gives the same order. A result appears in
its best tier only. Every page is exactly the first ``limit`` of this order over all matches.

The index itself is tantivy, in memory in each process (``engine``), built from MongoDB and kept
current from a change log (``change_log``, ``replica``). MongoDB stays the only source of truth.
``query`` is what the controllers call. This package's __init__ imports nothing, so that the models
that write the change log can import it without a cycle.
"""

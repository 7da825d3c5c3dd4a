"""A synthetic catalogue for tests and benchmarks: plausible names, Zipf-distributed artists and genres.

``generate(count, seed)`` returns song metadata (no database, no audio). Songs go to artists by a
Zipf-Mandelbrot law over artist rank (a few prolific artists, a long tail of one-album ones), artists
to genres by a Zipf law over genre rank; albums hold 6 to 16 tracks, some on two discs; play counts
have a heavy tail that follows the artist's popularity. The same seed always gives the same catalogue.
"""
import bisect
import itertools
import random

SONGS_PER_ARTIST = 9
ARTIST_ZIPF_EXPONENT = 1.0
# Mandelbrot's offset flattens the head: with 50,000 songs the most prolific artist has about 1.5 %.
ARTIST_ZIPF_OFFSET = 8
GENRE_ZIPF_EXPONENT = 1.1
VARIOUS_ARTISTS = "Various Artists"

GENRES = (
    "Rock", "Pop", "Electronic", "Hip-Hop", "Jazz", "Indie", "Classical", "R&B", "Folk", "Metal", "Soul",
    "Country", "Punk", "Ambient", "Blues", "Reggae", "Funk", "Techno", "House", "Latin", "Alternative",
    "Singer-Songwriter", "Drum & Bass", "Disco", "Gospel", "Trip-Hop", "Shoegaze", "Bossa Nova", "K-Pop",
    "Afrobeat", "Synthwave", "Post-Rock", "Grunge", "Ska", "Dub", "Flamenco", "Chanson", "Fado", "Krautrock",
    "Musique Concrète",
)
ADJECTIVES = (
    "Velvet", "Neon", "Silent", "Golden", "Electric", "Hollow", "Crimson", "Midnight", "Paper", "Wild",
    "Broken", "Silver", "Lonely", "Burning", "Frozen", "Gentle", "Restless", "Distant", "Bright", "Secret",
    "Purple", "Endless", "Sweet", "Little", "Blue", "Savage", "Quiet", "Lucky", "Strange", "Glass", "Static",
    "Northern", "Sunny", "Heavy", "Lost", "Sacred", "Cosmic", "Rusty", "Tender", "Wicked",
)
NOUNS = (
    "Horizon", "Harbor", "Owl", "River", "Lantern", "Echo", "Mirror", "Garden", "Ocean", "Satellite", "Heart",
    "Highway", "Shadow", "Window", "Thunder", "Machine", "Forest", "Summer", "Winter", "Signal", "Dream",
    "Island", "Fire", "Rain", "Moon", "Sun", "City", "Ghost", "Wolf", "Star", "Tide", "Feather", "Bridge",
    "Desert", "Canyon", "Engine", "Parade", "Kingdom", "Letter", "Radio", "Voyage", "Orchard", "Atlas",
)
VERBS = (
    "Hold", "Chase", "Follow", "Find", "Leave", "Burn", "Call", "Dance", "Wait", "Run", "Fall", "Remember",
    "Break", "Carry", "Light", "Save", "Steal", "Touch", "Wake", "Cross",
)
FIRST_NAMES = (
    "Björk", "José", "Zoë", "Ólafur", "Sigrún", "Amélie", "Søren", "Łukasz", "Ana", "Marta", "Kenji", "Aisha",
    "Lena", "Mateo", "Noor", "Elif", "Rafael", "Ingrid", "Chloé", "Dmitri", "Yuki", "Fatou", "Liam", "Nina",
    "Oskar", "Priya", "Tomás", "Väinö", "Renée", "Kwame",
)
LAST_NAMES = (
    "Sigurðsson", "García", "Müller", "Kowalski", "Dvořák", "Núñez", "O'Brien", "Nakamura", "Haddad", "Jensen",
    "Rossi", "Silva", "Novak", "Okafor", "Lindqvist", "Moreau", "Petrov", "Brennan", "Costa", "Åberg",
    "Ferreira", "Kim", "Mensah", "Larsen", "Dubois", "Yilmaz", "Castillo", "Weiß", "Fischer", "Ng",
)
CALLS = ("Hold", "Call", "Carry", "Save", "Wake", "Find")
PLACES = ("Budokan", "the Roxy", "Montreux", "the Royal Albert Hall", "Red Rocks", "the Paradiso", "Reykjavík")


def _zipf_sampler(rng, size, exponent, offset=0.0):
    """A function drawing ranks 0..size-1 with weight 1 / (rank + 1 + offset) ** exponent."""
    cumulative = list(itertools.accumulate(1.0 / (rank + 1 + offset) ** exponent for rank in range(size)))
    return lambda: bisect.bisect_left(cumulative, rng.random() * cumulative[-1])


_PLURALS = {"Wolf": "Wolves", "City": "Cities", "Echo": "Echoes", "Canyon": "Canyons"}


def _plural(noun):
    return _PLURALS.get(noun) or noun + ("es" if noun.endswith(("s", "x", "ch", "sh")) else "s")


class _Names:
    """Makes names of each kind, never the same name twice for the same kind and owner."""

    def __init__(self, rng):
        self.rng = rng
        self.used = set()

    def unique(self, make, scope=""):
        for attempt in itertools.count():
            name = make()
            if attempt > 20:
                name = f"{name} {attempt}"
            if (scope, name.casefold()) not in self.used:
                self.used.add((scope, name.casefold()))
                return name

    def artist(self):
        r = self.rng
        patterns = (
            lambda: f"The {r.choice(ADJECTIVES)} {_plural(r.choice(NOUNS))}",
            lambda: f"{r.choice(FIRST_NAMES)} {r.choice(LAST_NAMES)}",
            lambda: f"{r.choice(ADJECTIVES)} {r.choice(NOUNS)}",
            lambda: f"{r.choice(FIRST_NAMES)} & the {_plural(r.choice(NOUNS))}",
            lambda: "/".join("".join(r.choice("ABCDEFGHKLMNPRSTVZ") for _ in range(2)) for _ in range(2)),
            lambda: ".".join(r.choice("ABCDEFGHKLMNPRSTVZ") for _ in range(3)) + ".",
            lambda: f"{r.choice(NOUNS)}{r.choice(NOUNS).lower()}",
        )
        return self.unique(lambda: r.choice(patterns)())

    def album(self, artist):
        r = self.rng
        patterns = (
            lambda: f"{r.choice(ADJECTIVES)} {r.choice(NOUNS)}",
            lambda: f"{_plural(r.choice(NOUNS))} of {r.choice(NOUNS)}",
            lambda: f"The {r.choice(NOUNS)} Sessions",
            lambda: f"Live at {r.choice(PLACES)}",
            lambda: f"{r.choice(VERBS)} the {r.choice(NOUNS)}",
            lambda: r.choice(NOUNS),
        )
        return self.unique(lambda: r.choice(patterns)(), scope=artist)

    def song(self):
        r = self.rng
        patterns = (
            lambda: f"{r.choice(VERBS)} the {r.choice(NOUNS)}",
            lambda: f"{r.choice(ADJECTIVES)} {r.choice(NOUNS)}",
            lambda: r.choice(NOUNS),
            lambda: f"Don't {r.choice(VERBS)} Me",
            lambda: f"{r.choice(NOUNS)} ({r.choice(ADJECTIVES)} Mix)",
            lambda: f"{r.choice(CALLS)} Me {r.choice(('Home', 'Again', 'Tonight'))}",
        )
        return r.choice(patterns)()


def _albums_of(rng, song_count):
    """Album sizes for an artist with ``song_count`` songs."""
    sizes = []
    while song_count > 0:
        size = min(song_count, rng.randint(6, 16))
        sizes.append(size)
        song_count -= size
    return sizes


def generate(count, seed=1):
    """``count`` songs of metadata, as ``song.create_song`` takes them, plus ``play_count``."""
    rng = random.Random(seed)
    names = _Names(rng)
    artist_count = max(1, count // SONGS_PER_ARTIST)
    draw_artist = _zipf_sampler(rng, artist_count, ARTIST_ZIPF_EXPONENT, ARTIST_ZIPF_OFFSET)
    draw_genre = _zipf_sampler(rng, len(GENRES), GENRE_ZIPF_EXPONENT)
    per_artist = [0] * artist_count
    for _ in range(count):
        per_artist[draw_artist()] += 1
    songs = []
    for rank, song_count in enumerate(per_artist):
        if song_count:
            songs.extend(_artist_songs(rng, names, rank, song_count, GENRES[draw_genre()], draw_genre))
    rng.shuffle(songs)  # uploads arrive in no particular order
    return songs


def _artist_songs(rng, names, rank, song_count, genre, draw_genre):
    artist = names.artist()
    popularity = 200.0 / (rank + ARTIST_ZIPF_OFFSET)
    year = rng.randint(1962, 2018)
    for size in _albums_of(rng, song_count):
        compilation = rng.random() < 0.02
        album = names.album(VARIOUS_ARTISTS if compilation else artist)
        per_disc = (size + 1) // 2 if size >= 12 and rng.random() < 0.15 else size
        for index in range(size):
            genres = [genre] if rng.random() < 0.8 else [genre, GENRES[draw_genre()]]
            yield {
                "title": names.song(), "artist": artist, "album": album,
                "album_artist": VARIOUS_ARTISTS if compilation else None,
                "genres": list(dict.fromkeys(genres)), "year": year,
                "disc": 1 + index // per_disc, "track": index % per_disc + 1,
                "duration": round(rng.uniform(95, 420), 3), "bitrate": rng.choice((192000, 256000, 320000)),
                "sample_rate": 44100, "content_type": "audio/mpeg",
                "play_count": int((rng.paretovariate(1.5) - 1) * popularity),
            }
        year = min(2025, year + rng.randint(1, 4))

// The play queue: which songs play in what order, shuffle and repeat, and what "next" and "previous"
// lead to. No DOM and no audio here, so that Node's test runner can drive it (tests/js/queue.test.mjs);
// playback.js carries out its answers on the <audio> element.

export const REPEAT_MODES = ["off", "all", "one"];

// "Previous" later than this far into a song starts the song again, as on every music player.
export const RESTART_AFTER_SECONDS = 3;

// Fisher–Yates over a copy. `random` returns a number in [0, 1), like Math.random.
export function shuffled(items, random = Math.random) {
  const copy = items.slice();
  for (let i = copy.length - 1; i > 0; i -= 1) {
    const j = Math.floor(random() * (i + 1));
    [copy[i], copy[j]] = [copy[j], copy[i]];
  }
  return copy;
}

// Its five public fields are what persistence.js saves and what window.musicPlayer.state shows; randomness
// and the clock are private and injectable, so that tests are deterministic.
export class Queue {
  #random;
  #now;
  #entries = 0;

  constructor({ random = Math.random, now = Date.now } = {}) {
    // tracks: the queue in play order; original: the same songs unshuffled; position: index into tracks.
    this.tracks = [];
    this.original = [];
    this.position = -1;
    this.shuffle = false;
    this.repeat = "off";
    this.#random = random;
    this.#now = now;
  }

  current() {
    return this.tracks[this.position] || null;
  }

  // A song as a queue entry: the same song queued twice is two entries, told apart by their uid.
  entry(song) {
    this.#entries += 1;
    return Object.assign({}, song, { uid: this.#now().toString(36) + "-" + this.#entries });
  }

  // On: the song playing stays first and the rest follow in a new order. Off: the original order, from
  // the song playing.
  applyShuffle() {
    const playing = this.current();
    if (this.shuffle) {
      const rest = this.original.filter((t) => !playing || t.uid !== playing.uid);
      this.tracks = playing ? [playing].concat(shuffled(rest, this.#random)) : shuffled(rest, this.#random);
      this.position = this.tracks.length ? 0 : -1;
    } else {
      this.tracks = this.original.slice();
      this.position = playing ? this.tracks.findIndex((t) => t.uid === playing.uid) : -1;
    }
  }

  toggleShuffle() {
    this.shuffle = !this.shuffle;
    this.applyShuffle();
  }

  cycleRepeat() {
    this.repeat = REPEAT_MODES[(REPEAT_MODES.indexOf(this.repeat) + 1) % REPEAT_MODES.length];
  }

  // A new queue from a list of songs. `shuffle` true or false sets the mode; undefined keeps it.
  // Returns whether there is something to play.
  playList(songs, startIndex, shuffle) {
    if (!songs.length) return false;
    this.original = songs.map((song) => this.entry(song));
    this.tracks = this.original.slice();
    this.position = startIndex;
    if (shuffle !== undefined) this.shuffle = shuffle;
    if (this.shuffle) {
      if (shuffle) {
        // "Shuffle play" starts anywhere; playing a chosen song starts with that song.
        this.tracks = shuffled(this.original, this.#random);
        this.position = 0;
      } else {
        this.applyShuffle();
      }
    }
    return true;
  }

  // "Play next". Returns true when nothing was playing, so that the song is now the one to play.
  insertAfterCurrent(song) {
    const added = this.entry(song);
    const playing = this.current();
    if (!playing) {
      this.tracks = [added];
      this.original = [added];
      this.position = 0;
      return true;
    }
    this.tracks.splice(this.position + 1, 0, added);
    const originalIndex = this.original.findIndex((t) => t.uid === playing.uid);
    this.original.splice(originalIndex + 1, 0, added);
    return false;
  }

  // "Add to queue". Returns true when the queue was empty, so that the song is now the one to play.
  append(song) {
    const added = this.entry(song);
    this.tracks.push(added);
    this.original.push(added);
    if (this.position < 0) {
      this.position = 0;
      return true;
    }
    return false;
  }

  // Only songs still to come can be removed or moved. Both return whether the queue changed.
  removeUpcoming(uid) {
    const index = this.tracks.findIndex((t) => t.uid === uid);
    if (index <= this.position) return false;
    this.tracks.splice(index, 1);
    this.original = this.original.filter((t) => t.uid !== uid);
    return true;
  }

  moveUpcoming(uid, step) {
    const index = this.tracks.findIndex((t) => t.uid === uid);
    const target = index + step;
    if (index <= this.position || target <= this.position || target >= this.tracks.length) return false;
    [this.tracks[index], this.tracks[target]] = [this.tracks[target], this.tracks[index]];
    // A reorder by hand is what the listener wants, also once shuffle is switched off.
    if (!this.shuffle) this.original = this.tracks.slice();
    return true;
  }

  go(position) {
    if (position < 0 || position >= this.tracks.length) return false;
    this.position = position;
    return true;
  }

  // What follows the song playing, on "Next" (automatic false) or when the song ends (automatic true):
  //   "play"    the queue moved on: load and play its current song;
  //   "replay"  repeat one: the same song again from its start;
  //   "stop"    the end of the queue: back to the start of the song, paused;
  //   "none"    "Next" pressed on the last song without repeat: nothing happens.
  next(automatic) {
    if (automatic && this.repeat === "one") return "replay";
    if (this.go(this.position + 1)) return "play";
    if (this.repeat === "all" && this.tracks.length) {
      // A new shuffled pass: every song again, once each, in a new order.
      if (this.shuffle) this.tracks = shuffled(this.original, this.#random);
      this.go(0);
      return "play";
    }
    return automatic ? "stop" : "none";
  }

  // What "Previous" does, `elapsed` seconds into the song playing:
  //   "play"     the queue moved back (or, with repeat all, round to its last song): load and play it;
  //   "restart"  the song playing starts again.
  previous(elapsed) {
    if (elapsed > RESTART_AFTER_SECONDS || this.position <= 0) {
      if (this.position <= 0 && this.repeat === "all" && this.tracks.length > 1 && elapsed <= RESTART_AFTER_SECONDS) {
        this.go(this.tracks.length - 1);
        return "play";
      }
      return "restart";
    }
    this.go(this.position - 1);
    return "play";
  }

  // What persistence.js keeps across reloads.
  toJSON() {
    return {
      tracks: this.tracks, original: this.original, position: this.position, shuffle: this.shuffle,
      repeat: this.repeat,
    };
  }

  // Takes back what toJSON gave, as far as it still makes sense. Returns false, changing nothing, when
  // there is no saved queue.
  restore(saved) {
    if (!saved || !Array.isArray(saved.tracks)) return false;
    this.tracks = saved.tracks;
    this.original = Array.isArray(saved.original) ? saved.original : saved.tracks.slice();
    this.position = Math.min(Number(saved.position) || 0, this.tracks.length - 1);
    this.shuffle = Boolean(saved.shuffle);
    this.repeat = REPEAT_MODES.includes(saved.repeat) ? saved.repeat : "off";
    return true;
  }
}

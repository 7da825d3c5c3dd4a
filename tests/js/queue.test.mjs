// The player's queue logic (operator_service/static/js/player/queue.js) under Node's built-in test
// runner: `node --test tests/js/`, which `make test` and `make test-fast` run. The browser tests drive
// the same module through the page; these pin down the decisions themselves, with a seeded random.
import assert from "node:assert/strict";
import { describe, it } from "node:test";

import { Queue, shuffled } from "../../operator_service/static/js/player/queue.js";

// A small linear congruential generator: the same "random" order on every run.
function seededRandom(seed = 1) {
  let value = seed;
  return () => {
    value = (value * 1103515245 + 12345) % 2147483648;
    return value / 2147483648;
  };
}

const songs = (...titles) => titles.map((title, index) => ({ id: "s" + index, title, src: "/stream/" + index }));
const titles = (tracks) => tracks.map((t) => t.title);
const ALBUM = songs("A", "B", "C", "D", "E", "F");

function queueOf(list = ALBUM, { start = 0, shuffle, repeat = "off", seed = 1 } = {}) {
  const queue = new Queue({ random: seededRandom(seed) });
  queue.repeat = repeat;
  queue.playList(list, start, shuffle);
  return queue;
}

// Every title heard from the current song on, pressing Next `count` times.
function listen(queue, count, automatic = true) {
  const heard = [queue.current().title];
  for (let i = 0; i < count; i += 1) {
    assert.equal(queue.next(automatic), "play");
    heard.push(queue.current().title);
  }
  return heard;
}

describe("shuffled", () => {
  it("returns every item once, leaving its input alone", () => {
    const items = [1, 2, 3, 4, 5, 6, 7, 8];
    const result = shuffled(items, seededRandom(7));
    assert.deepEqual([...result].sort((a, b) => a - b), items);
    assert.deepEqual(items, [1, 2, 3, 4, 5, 6, 7, 8]);
    assert.notDeepEqual(result, items);
  });

  it("is the order the random numbers say", () => {
    // random() always 0: each position swaps with the first, a rotation by one.
    assert.deepEqual(shuffled([1, 2, 3, 4], () => 0), [2, 3, 4, 1]);
    // random() just below 1: each position swaps with itself.
    assert.deepEqual(shuffled([1, 2, 3, 4], () => 0.999), [1, 2, 3, 4]);
  });
});

describe("entries", () => {
  it("gives the same song queued twice two uids", () => {
    const queue = new Queue({ now: () => 36 ** 2 });
    queue.playList(songs("A"), 0);
    queue.append(queue.original[0]);
    const [first, second] = queue.tracks;
    assert.equal(first.title, second.title);
    assert.equal(first.uid, "100-1");
    assert.equal(second.uid, "100-2");
  });

  it("copies the song rather than changing it", () => {
    const song = { id: "s1", title: "A" };
    const queue = new Queue();
    queue.playList([song], 0);
    assert.equal(song.uid, undefined);
    assert.equal(queue.current().id, "s1");
  });
});

describe("playing a list", () => {
  it("starts at the chosen song and plays on in order", () => {
    const queue = queueOf(ALBUM, { start: 2 });
    assert.deepEqual(listen(queue, 3), ["C", "D", "E", "F"]);
  });

  it("has nothing to play from an empty list, and keeps the queue it had", () => {
    const queue = queueOf(songs("A", "B"));
    assert.equal(queue.playList([], 0), false);
    assert.deepEqual(titles(queue.tracks), ["A", "B"]);
  });

  it("with shuffle on, keeps the chosen song first and plays every song once in the pass", () => {
    for (const seed of [1, 2, 3, 42]) {
      const queue = new Queue({ random: seededRandom(seed) });
      queue.shuffle = true;  // switched on earlier, in the bar
      queue.playList(ALBUM, 3);
      const heard = listen(queue, ALBUM.length - 1);
      assert.equal(heard[0], "D");
      assert.deepEqual([...heard].sort(), titles(ALBUM));
      assert.equal(queue.next(true), "stop");
    }
  });

  it("'Shuffle' switches shuffle on and may start with any song, each once", () => {
    const queue = queueOf(ALBUM, { start: 0, shuffle: true, seed: 5 });
    assert.equal(queue.shuffle, true);
    assert.equal(queue.position, 0);
    assert.deepEqual(titles(queue.tracks), titles(shuffled(ALBUM, seededRandom(5))));
    assert.deepEqual(titles(queue.tracks).sort(), titles(ALBUM));
  });

  it("'Play' keeps the listener's shuffle setting", () => {
    const queue = queueOf(ALBUM, { shuffle: true });
    queue.playList(ALBUM, 0, undefined);
    assert.equal(queue.shuffle, true);
    queue.toggleShuffle();
    queue.playList(ALBUM, 0, undefined);
    assert.equal(queue.shuffle, false);
    assert.deepEqual(titles(queue.tracks), titles(ALBUM));
  });
});

describe("shuffle switched on and off", () => {
  it("on: the song playing stays, the rest follow shuffled", () => {
    const queue = queueOf(ALBUM, { start: 2 });
    queue.toggleShuffle();
    assert.equal(queue.position, 0);
    assert.equal(queue.current().title, "C");
    assert.deepEqual(titles(queue.tracks).sort(), titles(ALBUM));
  });

  it("off: back to the original order, from the song playing", () => {
    const queue = queueOf(ALBUM, { start: 1, seed: 9 });
    queue.toggleShuffle();
    queue.next(false);
    queue.next(false);
    const playing = queue.current().title;
    queue.toggleShuffle();
    assert.deepEqual(titles(queue.tracks), titles(ALBUM));
    assert.equal(queue.current().title, playing);
    assert.deepEqual(listen(queue, ALBUM.length - 1 - queue.position, false).slice(1),
      titles(ALBUM).slice(titles(ALBUM).indexOf(playing) + 1));
  });

  it("on with an empty queue leaves it empty", () => {
    const queue = new Queue();
    queue.toggleShuffle();
    assert.deepEqual(queue.tracks, []);
    assert.equal(queue.position, -1);
    assert.equal(queue.current(), null);
  });
});

describe("the end of the queue and repeat", () => {
  it("repeat off: the song ending stops there, and Next pressed does nothing", () => {
    const queue = queueOf(songs("A", "B"), { start: 1 });
    assert.equal(queue.next(false), "none");
    assert.equal(queue.next(true), "stop");
    assert.equal(queue.current().title, "B");
  });

  it("repeat all: starts again from the first song", () => {
    const queue = queueOf(songs("A", "B", "C"), { repeat: "all" });
    assert.deepEqual(listen(queue, 6), ["A", "B", "C", "A", "B", "C", "A"]);
  });

  it("repeat all with shuffle: a new pass in a new order, every song once each", () => {
    const queue = queueOf(ALBUM, { shuffle: true, repeat: "all", seed: 3 });
    const firstPass = listen(queue, ALBUM.length - 1);
    const secondPass = listen(queue, ALBUM.length).slice(1);
    assert.deepEqual([...firstPass].sort(), titles(ALBUM));
    assert.deepEqual([...secondPass].sort(), titles(ALBUM));
    assert.notDeepEqual(secondPass, firstPass);
    assert.equal(queue.position, ALBUM.length - 1);
  });

  it("repeat one: the song again when it ends, but Next still moves on", () => {
    const queue = queueOf(songs("A", "B"), { repeat: "one" });
    assert.equal(queue.next(true), "replay");
    assert.equal(queue.current().title, "A");
    assert.equal(queue.next(false), "play");
    assert.equal(queue.current().title, "B");
    assert.equal(queue.next(true), "replay");
  });

  it("cycles off, all, one, off", () => {
    const queue = new Queue();
    const modes = [queue.repeat];
    for (let i = 0; i < 3; i += 1) {
      queue.cycleRepeat();
      modes.push(queue.repeat);
    }
    assert.deepEqual(modes, ["off", "all", "one", "off"]);
  });

  it("an empty queue has no next song", () => {
    const queue = new Queue();
    queue.repeat = "all";
    assert.equal(queue.next(false), "none");
    assert.equal(queue.next(true), "stop");
  });
});

describe("previous", () => {
  it("more than 3 s into a song restarts it", () => {
    const queue = queueOf(ALBUM, { start: 2 });
    assert.equal(queue.previous(3.5), "restart");
    assert.equal(queue.current().title, "C");
  });

  it("in its first 3 s goes back a song", () => {
    const queue = queueOf(ALBUM, { start: 2 });
    assert.equal(queue.previous(3), "play");
    assert.equal(queue.current().title, "B");
    assert.equal(queue.previous(0), "play");
    assert.equal(queue.current().title, "A");
  });

  it("at the first song restarts it when repeat is off", () => {
    const queue = queueOf(ALBUM);
    assert.equal(queue.previous(1), "restart");
    assert.equal(queue.position, 0);
  });

  it("at the first song wraps round to the last with repeat all", () => {
    const queue = queueOf(ALBUM, { repeat: "all" });
    assert.equal(queue.previous(1), "play");
    assert.equal(queue.current().title, "F");
  });

  it("with repeat all, still restarts a song more than 3 s in, or a queue of one", () => {
    const queue = queueOf(ALBUM, { repeat: "all" });
    assert.equal(queue.previous(10), "restart");
    assert.equal(queue.position, 0);
    const single = queueOf(songs("A"), { repeat: "all" });
    assert.equal(single.previous(0), "restart");
  });

  it("goes back through the shuffled order, not the original one", () => {
    const queue = queueOf(ALBUM, { shuffle: true, seed: 4 });
    const heard = listen(queue, 3, false);
    assert.equal(queue.previous(0), "play");
    assert.equal(queue.current().title, heard[2]);
  });
});

describe("play next and add to queue", () => {
  it("play next goes right after the song playing, in both orders", () => {
    const queue = queueOf(ALBUM, { start: 1 });
    assert.equal(queue.insertAfterCurrent({ id: "x", title: "X" }), false);
    assert.deepEqual(titles(queue.tracks), ["A", "B", "X", "C", "D", "E", "F"]);
    assert.deepEqual(titles(queue.original), ["A", "B", "X", "C", "D", "E", "F"]);
    assert.equal(queue.current().title, "B");
    queue.next(false);
    assert.equal(queue.current().title, "X");
  });

  it("play next while shuffled stays next, and after the song playing once shuffle is off", () => {
    const queue = queueOf(ALBUM, { start: 3, shuffle: false, seed: 2 });
    queue.toggleShuffle();
    queue.insertAfterCurrent({ id: "x", title: "X" });
    assert.equal(queue.tracks[queue.position + 1].title, "X");
    queue.toggleShuffle();
    assert.deepEqual(titles(queue.tracks), ["A", "B", "C", "D", "X", "E", "F"]);
  });

  it("add to queue goes at the end", () => {
    const queue = queueOf(songs("A", "B"));
    assert.equal(queue.append({ id: "x", title: "X" }), false);
    assert.deepEqual(titles(queue.tracks), ["A", "B", "X"]);
    assert.deepEqual(titles(queue.original), ["A", "B", "X"]);
    assert.equal(queue.current().title, "A");
  });

  it("either one with nothing playing makes the song the one to play", () => {
    const appended = new Queue();
    assert.equal(appended.append({ id: "x", title: "X" }), true);
    assert.equal(appended.current().title, "X");
    const inserted = new Queue();
    assert.equal(inserted.insertAfterCurrent({ id: "y", title: "Y" }), true);
    assert.equal(inserted.current().title, "Y");
    assert.deepEqual(titles(inserted.original), ["Y"]);
  });
});

describe("moving and removing what is still to come", () => {
  const uidOf = (queue, title) => queue.tracks.find((t) => t.title === title).uid;

  it("moves an upcoming song up or down", () => {
    const queue = queueOf(ALBUM, { start: 1 });
    assert.equal(queue.moveUpcoming(uidOf(queue, "D"), -1), true);
    assert.deepEqual(titles(queue.tracks), ["A", "B", "D", "C", "E", "F"]);
    assert.equal(queue.moveUpcoming(uidOf(queue, "D"), 1), true);
    assert.deepEqual(titles(queue.tracks), ["A", "B", "C", "D", "E", "F"]);
  });

  it("keeps a move by hand once shuffle is switched on and off", () => {
    const queue = queueOf(ALBUM, { start: 1 });
    queue.moveUpcoming(uidOf(queue, "E"), -1);
    assert.deepEqual(titles(queue.original), ["A", "B", "C", "E", "D", "F"]);
    queue.toggleShuffle();
    queue.toggleShuffle();
    assert.deepEqual(titles(queue.tracks), ["A", "B", "C", "E", "D", "F"]);
  });

  it("a move while shuffled changes the shuffled order only", () => {
    const queue = queueOf(ALBUM, { shuffle: true, seed: 6 });
    const upcoming = queue.tracks[2].uid;
    assert.equal(queue.moveUpcoming(upcoming, -1), true);
    assert.equal(queue.tracks[1].uid, upcoming);
    assert.deepEqual(titles(queue.original), titles(ALBUM));
  });

  it("never moves the song playing, one before it, or past either end", () => {
    const queue = queueOf(ALBUM, { start: 2 });
    const before = titles(queue.tracks);
    assert.equal(queue.moveUpcoming(uidOf(queue, "C"), 1), false);
    assert.equal(queue.moveUpcoming(uidOf(queue, "A"), 1), false);
    assert.equal(queue.moveUpcoming(uidOf(queue, "D"), -1), false);
    assert.equal(queue.moveUpcoming(uidOf(queue, "F"), 1), false);
    assert.equal(queue.moveUpcoming("no-such-uid", 1), false);
    assert.deepEqual(titles(queue.tracks), before);
  });

  it("removes an upcoming song from both orders", () => {
    const queue = queueOf(ALBUM, { start: 1 });
    assert.equal(queue.removeUpcoming(uidOf(queue, "D")), true);
    assert.deepEqual(titles(queue.tracks), ["A", "B", "C", "E", "F"]);
    assert.deepEqual(titles(queue.original), ["A", "B", "C", "E", "F"]);
    assert.equal(queue.current().title, "B");
  });

  it("never removes the song playing or one already played", () => {
    const queue = queueOf(ALBUM, { start: 1 });
    assert.equal(queue.removeUpcoming(uidOf(queue, "B")), false);
    assert.equal(queue.removeUpcoming(uidOf(queue, "A")), false);
    assert.equal(queue.removeUpcoming("no-such-uid"), false);
    assert.equal(queue.tracks.length, ALBUM.length);
  });
});

describe("saving and restoring", () => {
  it("gives back the queue it saved", () => {
    const queue = queueOf(ALBUM, { start: 2, shuffle: true, repeat: "one" });
    const restored = new Queue();
    assert.equal(restored.restore(JSON.parse(JSON.stringify(queue))), true);
    assert.deepEqual(restored.toJSON(), JSON.parse(JSON.stringify(queue.toJSON())));
  });

  it("makes sense of an old or damaged record, and ignores none at all", () => {
    const queue = new Queue();
    assert.equal(queue.restore(null), false);
    assert.equal(queue.restore({ tracks: "nope" }), false);
    assert.equal(queue.position, -1);
    const tracks = songs("A", "B");
    assert.equal(queue.restore({ tracks, position: 9, repeat: "sometimes" }), true);
    assert.equal(queue.position, 1);
    assert.equal(queue.repeat, "off");
    assert.equal(queue.shuffle, false);
    assert.deepEqual(titles(queue.original), ["A", "B"]);
  });
});

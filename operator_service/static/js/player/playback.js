// Playback: carries out on the one <audio> element what the queue decides, for the bar's buttons, the
// page's song buttons, the keyboard and the operating system's media controls alike; and counts plays.

// Seconds that the arrow keys and the media keys' seek actions skip.
export const SEEK_STEP = 5;

// `onSong(song)` is told of each song loaded, `onChange()` of each change to the queue or its modes.
export function createPlayback({ audio, queue, recordUrl, onSong, onChange }) {
  const listening = createListening({ audio, queue, recordUrl });

  function play() {
    audio.play().catch(() => { /* refused until the listener interacts: the play button works */ });
  }

  function load(autoplay) {
    const song = queue.current();
    if (!song) return;
    if (audio.getAttribute("src") !== song.src) audio.src = song.src;
    else audio.currentTime = 0;
    listening.start(true);
    onSong(song);
    onChange();
    if (autoplay) play();
  }

  // `automatic`: the song ended by itself, rather than "Next" being pressed.
  function next(automatic) {
    const step = queue.next(automatic);
    if (step === "replay") {
      audio.currentTime = 0;
      listening.start(true);
      play();
    } else if (step === "play") {
      load(true);
    } else if (step === "stop") {
      audio.currentTime = 0;
      audio.pause();
    }
  }

  function previous() {
    if (queue.previous(audio.currentTime) === "play") load(true);
    else audio.currentTime = 0;
  }

  function togglePlayback() {
    if (!audio.src) {
      // Nothing loaded yet: play the page's first list, as its first song's button would.
      const firstList = document.querySelector("[data-song-list] button[data-song]");
      if (firstList) firstList.click();
      return;
    }
    if (audio.paused) audio.play().catch(() => {}); else audio.pause();
  }

  function seekBy(seconds) {
    if (!audio.src) return;
    audio.currentTime = Math.max(0, Math.min((audio.duration || 0) - 0.1, audio.currentTime + seconds));
  }

  // Changes to the queue: a song that becomes the current one is loaded and played.
  function playList(songs, startIndex, shuffle) {
    if (queue.playList(songs, startIndex, shuffle)) load(true);
  }

  function playNext(song) {
    if (queue.insertAfterCurrent(song)) load(true); else onChange();
  }

  function addToQueue(song) {
    if (queue.append(song)) load(true); else onChange();
  }

  function removeUpcoming(uid) {
    if (queue.removeUpcoming(uid)) onChange();
  }

  function moveUpcoming(uid, step) {
    if (queue.moveUpcoming(uid, step)) onChange();
  }

  function toggleShuffle() {
    queue.toggleShuffle();
    onChange();
  }

  function cycleRepeat() {
    queue.cycleRepeat();
    onChange();
  }

  audio.addEventListener("ended", () => next(true));

  return {
    startListening: listening.start, next, previous, togglePlayback, seekBy,
    playList, playNext, addToQueue, removeUpcoming, moveUpcoming, toggleShuffle, cycleRepeat,
  };
}

// Last.fm's rule: a play counts after half the song or four minutes, whichever comes first.
const SCROBBLE_CAP = 240;

function csrfToken() {
  const meta = document.querySelector('meta[name="csrf-token"]');
  return meta ? meta.content : "";
}

// Time actually heard of the song playing, and one POST to record the play once enough of it was heard.
function createListening({ audio, queue, recordUrl }) {
  const listening = { songUid: null, seconds: 0, lastTime: 0, recorded: false };

  // From where the song is now; `reset` starts the count again, as a song (re)started from the top does.
  function start(reset) {
    const song = queue.current();
    if (reset || !song || listening.songUid !== song.uid) {
      listening.songUid = song ? song.uid : null;
      listening.seconds = 0;
      listening.recorded = false;
    }
    listening.lastTime = audio.currentTime || 0;
  }

  function count() {
    const song = queue.current();
    if (!song || listening.recorded) return;
    const delta = audio.currentTime - listening.lastTime;
    listening.lastTime = audio.currentTime;
    // Only time actually heard counts: a seek is a jump, not listening.
    if (delta > 0 && delta < 2) listening.seconds += delta;
    const duration = audio.duration || song.duration || 0;
    if (duration && listening.seconds >= Math.min(duration / 2, SCROBBLE_CAP)) {
      listening.recorded = true;
      fetch(recordUrl, {
        method: "POST",
        credentials: "same-origin",
        headers: { "Content-Type": "application/json", "X-CSRFToken": csrfToken() },
        body: JSON.stringify({ song_id: song.id }),
      }).catch(() => { listening.recorded = false; });
    }
  }

  audio.addEventListener("seeked", () => { listening.lastTime = audio.currentTime; });
  audio.addEventListener("timeupdate", count);

  return { start };
}

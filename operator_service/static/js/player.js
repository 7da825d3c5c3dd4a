// The player: one <audio> element in a bar that boosted navigation never replaces, a queue kept in
// localStorage, shuffle and repeat, keyboard shortcuts, the Media Session API, and play recording.
// Songs come from data-song attributes that the server renders; nothing here builds HTML from text.
(function () {
  "use strict";

  const audio = document.getElementById("audio");
  const bar = document.getElementById("player");
  if (!audio || !bar) return;

  const $ = (id) => document.getElementById(id);
  const ui = {
    cover: $("player-cover"), title: $("player-title"), artist: $("player-artist"),
    toggle: $("player-toggle"), prev: $("player-prev"), next: $("player-next"),
    shuffle: $("player-shuffle"), repeat: $("player-repeat"),
    seek: $("player-seek"), elapsed: $("player-elapsed"), total: $("player-total"),
    mute: $("player-mute"), volume: $("player-volume"),
    queueToggle: $("player-queue-toggle"), queuePanel: $("queue-panel"),
    queueNow: $("queue-now"), queueNext: $("queue-next"), queueEmpty: $("queue-empty"),
    shortcutsButton: $("player-shortcuts"), shortcuts: $("shortcuts-dialog"),
    expand: $("player-expand"), collapse: $("player-collapse"),
  };
  const STORAGE_KEY = "music.player." + bar.dataset.user;
  const REPEAT_MODES = ["off", "all", "one"];
  const SEEK_STEP = 5;
  // Last.fm's rule: a play counts after half the song or four minutes, whichever comes first.
  const SCROBBLE_CAP = 240;

  // tracks: the queue in play order; original: the same songs unshuffled; position: index into tracks.
  const state = { tracks: [], original: [], position: -1, shuffle: false, repeat: "off" };
  const listening = { songUid: null, seconds: 0, lastTime: 0, recorded: false };
  let restoredTime = 0;
  let uidCounter = 0;

  // ---- the queue -----------------------------------------------------------------------------

  function entry(song) {
    uidCounter += 1;
    return Object.assign({}, song, { uid: Date.now().toString(36) + "-" + uidCounter });
  }

  function current() {
    return state.tracks[state.position] || null;
  }

  function shuffled(items) {
    const copy = items.slice();
    for (let i = copy.length - 1; i > 0; i -= 1) {
      const j = Math.floor(Math.random() * (i + 1));
      [copy[i], copy[j]] = [copy[j], copy[i]];
    }
    return copy;
  }

  function applyShuffle() {
    const playing = current();
    if (state.shuffle) {
      const rest = state.original.filter((t) => !playing || t.uid !== playing.uid);
      state.tracks = playing ? [playing].concat(shuffled(rest)) : shuffled(rest);
      state.position = state.tracks.length ? 0 : -1;
    } else {
      state.tracks = state.original.slice();
      state.position = playing ? state.tracks.findIndex((t) => t.uid === playing.uid) : -1;
    }
  }

  function playList(songs, startIndex, shuffle) {
    if (!songs.length) return;
    state.original = songs.map(entry);
    state.tracks = state.original.slice();
    state.position = startIndex;
    if (shuffle !== undefined) state.shuffle = shuffle;
    if (state.shuffle) {
      if (shuffle) {
        // "Shuffle play" starts anywhere; playing a chosen song starts with that song.
        state.tracks = shuffled(state.original);
        state.position = 0;
      } else {
        applyShuffle();
      }
    }
    load(true);
  }

  function insertAfterCurrent(song) {
    const added = entry(song);
    const playing = current();
    if (!playing) {
      state.tracks = [added];
      state.original = [added];
      state.position = 0;
      load(true);
      return;
    }
    state.tracks.splice(state.position + 1, 0, added);
    const originalIndex = state.original.findIndex((t) => t.uid === playing.uid);
    state.original.splice(originalIndex + 1, 0, added);
    changed();
  }

  function append(song) {
    const added = entry(song);
    state.tracks.push(added);
    state.original.push(added);
    if (state.position < 0) {
      state.position = 0;
      load(true);
    } else {
      changed();
    }
  }

  function removeUpcoming(uid) {
    const index = state.tracks.findIndex((t) => t.uid === uid);
    if (index <= state.position) return;
    state.tracks.splice(index, 1);
    state.original = state.original.filter((t) => t.uid !== uid);
    changed();
  }

  function moveUpcoming(uid, step) {
    const index = state.tracks.findIndex((t) => t.uid === uid);
    const target = index + step;
    if (index <= state.position || target <= state.position || target >= state.tracks.length) return;
    [state.tracks[index], state.tracks[target]] = [state.tracks[target], state.tracks[index]];
    // A reorder by hand is what the listener wants, also once shuffle is switched off.
    if (!state.shuffle) state.original = state.tracks.slice();
    changed();
  }

  // ---- moving through the queue --------------------------------------------------------------

  function go(position, autoplay) {
    if (position < 0 || position >= state.tracks.length) return false;
    state.position = position;
    load(autoplay);
    return true;
  }

  function next(automatic) {
    if (automatic && state.repeat === "one") {
      audio.currentTime = 0;
      startListening(true);
      audio.play().catch(() => {});
      return;
    }
    if (go(state.position + 1, true)) return;
    if (state.repeat === "all" && state.tracks.length) {
      // A new shuffled pass: every song again, once each, in a new order.
      if (state.shuffle) state.tracks = shuffled(state.original);
      go(0, true);
    } else if (automatic) {
      audio.currentTime = 0;
      audio.pause();
    }
  }

  function previous() {
    if (audio.currentTime > 3 || state.position <= 0) {
      if (state.position <= 0 && state.repeat === "all" && state.tracks.length > 1 && audio.currentTime <= 3) {
        go(state.tracks.length - 1, true);
        return;
      }
      audio.currentTime = 0;
      return;
    }
    go(state.position - 1, true);
  }

  function load(autoplay) {
    const song = current();
    if (!song) return;
    if (audio.getAttribute("src") !== song.src) audio.src = song.src;
    else audio.currentTime = 0;
    startListening(true);
    show(song);
    changed();
    if (autoplay) audio.play().catch(() => { /* refused until the listener interacts: the play button works */ });
  }

  // ---- what the listener sees ----------------------------------------------------------------

  function formatTime(seconds) {
    if (!isFinite(seconds) || seconds < 0) seconds = 0;
    const s = Math.floor(seconds % 60), m = Math.floor(seconds / 60) % 60, h = Math.floor(seconds / 3600);
    return (h ? h + ":" + String(m).padStart(2, "0") : m) + ":" + String(s).padStart(2, "0");
  }

  function setIcon(button, name) {
    const use = button.querySelector("use");
    if (use) use.setAttribute("href", use.getAttribute("href").replace(/#.*$/, "#" + name));
  }

  function show(song) {
    ui.title.textContent = song.title;
    ui.title.setAttribute("href", song.url);
    ui.artist.textContent = song.artist;
    ui.cover.src = song.cover || bar.dataset.defaultCover;
    ui.total.textContent = formatTime(song.duration);
    document.title = song.title + " · " + song.artist;
    updateMediaSession(song);
    markPlayingRows();
  }

  // What a screen reader says of the seek slider: "1:05 of 3:20", not a number of seconds.
  function describeSeek() {
    ui.seek.setAttribute("aria-valuetext", formatTime(Number(ui.seek.value)) + " of " + formatTime(audio.duration));
  }

  function markPlayingRows() {
    const song = current();
    document.querySelectorAll(".song-row").forEach((row) => {
      const button = row.querySelector("button[data-song]");
      const id = button && JSON.parse(button.dataset.song).id;
      row.classList.toggle("playing", Boolean(song && id === song.id));
    });
  }

  function showModes() {
    ui.shuffle.setAttribute("aria-pressed", String(state.shuffle));
    ui.shuffle.classList.toggle("active", state.shuffle);
    ui.repeat.dataset.mode = state.repeat;
    ui.repeat.setAttribute("aria-label", "Repeat: " + state.repeat);
    ui.repeat.classList.toggle("active", state.repeat !== "off");
    setIcon(ui.repeat, state.repeat === "one" ? "repeat-one" : "repeat");
  }

  function queueItem(track, upcoming) {
    const item = document.createElement("li");
    item.className = "queue-item";
    item.dataset.uid = track.uid;
    const text = document.createElement("div");
    text.className = "song-text";
    const title = document.createElement("span");
    title.className = "title";
    title.textContent = track.title;
    const artist = document.createElement("span");
    artist.className = "subtitle";
    artist.textContent = track.artist;
    text.append(title, artist);
    item.append(text);
    if (upcoming) {
      [["up", "Move up", "up"], ["down", "Move down", "down"], ["remove", "Remove", "close"]].forEach(([action, label, icon]) => {
        const button = document.createElement("button");
        button.type = "button";
        button.className = "icon-button";
        button.dataset.queueItemAction = action;
        button.setAttribute("aria-label", label + ": " + track.title);
        button.title = label;
        const svg = ui.toggle.querySelector("svg").cloneNode(true);
        button.append(svg);
        setIcon(button, icon);
        item.append(button);
      });
    }
    return item;
  }

  function renderQueue() {
    const playing = current();
    const upcoming = state.tracks.slice(state.position + 1);
    ui.queueNow.replaceChildren(...(playing ? [queueItem(playing, false)] : []));
    ui.queueNext.replaceChildren(...upcoming.map((track) => queueItem(track, true)));
    ui.queueEmpty.hidden = upcoming.length > 0;
  }

  function changed() {
    showModes();
    renderQueue();
    save();
  }

  // ---- keeping the queue across reloads ------------------------------------------------------

  function save() {
    try {
      localStorage.setItem(STORAGE_KEY, JSON.stringify({
        tracks: state.tracks, original: state.original, position: state.position, shuffle: state.shuffle,
        repeat: state.repeat, time: audio.currentTime || restoredTime, volume: audio.volume, muted: audio.muted,
      }));
    } catch (error) { /* storage full or disabled: the queue just won't survive a reload */ }
  }

  function restore() {
    let saved;
    try {
      saved = JSON.parse(localStorage.getItem(STORAGE_KEY) || "null");
    } catch (error) {
      saved = null;
    }
    if (!saved || !Array.isArray(saved.tracks)) return;
    state.tracks = saved.tracks;
    state.original = Array.isArray(saved.original) ? saved.original : saved.tracks.slice();
    state.position = Math.min(Number(saved.position) || 0, state.tracks.length - 1);
    state.shuffle = Boolean(saved.shuffle);
    state.repeat = REPEAT_MODES.includes(saved.repeat) ? saved.repeat : "off";
    if (typeof saved.volume === "number") audio.volume = ui.volume.value = saved.volume;
    audio.muted = Boolean(saved.muted);
    const song = current();
    if (song) {
      restoredTime = Number(saved.time) || 0;
      audio.src = song.src;
      show(song);
      startListening(true);
    }
    changed();
  }

  audio.addEventListener("loadedmetadata", () => {
    if (restoredTime && restoredTime < audio.duration) audio.currentTime = restoredTime;
    restoredTime = 0;
  });

  // ---- counting plays ------------------------------------------------------------------------

  function startListening(reset) {
    const song = current();
    if (reset || !song || listening.songUid !== song.uid) {
      listening.songUid = song ? song.uid : null;
      listening.seconds = 0;
      listening.recorded = false;
    }
    listening.lastTime = audio.currentTime || 0;
  }

  function countListening() {
    const song = current();
    if (!song || listening.recorded) return;
    const delta = audio.currentTime - listening.lastTime;
    listening.lastTime = audio.currentTime;
    // Only time actually heard counts: a seek is a jump, not listening.
    if (delta > 0 && delta < 2) listening.seconds += delta;
    const duration = audio.duration || song.duration || 0;
    if (duration && listening.seconds >= Math.min(duration / 2, SCROBBLE_CAP)) {
      listening.recorded = true;
      fetch(bar.dataset.recordUrl, {
        method: "POST",
        credentials: "same-origin",
        headers: { "Content-Type": "application/json", "X-CSRFToken": csrfToken() },
        body: JSON.stringify({ song_id: song.id }),
      }).catch(() => { listening.recorded = false; });
    }
  }

  function csrfToken() {
    const meta = document.querySelector('meta[name="csrf-token"]');
    return meta ? meta.content : "";
  }

  // ---- the operating system's media controls --------------------------------------------------

  function updateMediaSession(song) {
    if (!("mediaSession" in navigator)) return;
    const artwork = song.cover ? [{ src: new URL(song.cover, location.href).href }] : [];
    navigator.mediaSession.metadata = new MediaMetadata({
      title: song.title, artist: song.artist, album: song.album, artwork: artwork,
    });
  }

  function updatePositionState() {
    if (!("mediaSession" in navigator) || !navigator.mediaSession.setPositionState) return;
    if (!isFinite(audio.duration) || audio.duration <= 0) return;
    try {
      navigator.mediaSession.setPositionState({
        duration: audio.duration, playbackRate: audio.playbackRate, position: Math.min(audio.currentTime, audio.duration),
      });
    } catch (error) { /* an inconsistent state is skipped, the next update corrects it */ }
  }

  function seekBy(seconds) {
    if (!audio.src) return;
    audio.currentTime = Math.max(0, Math.min((audio.duration || 0) - 0.1, audio.currentTime + seconds));
  }

  if ("mediaSession" in navigator) {
    const handlers = {
      play: () => audio.play(),
      pause: () => audio.pause(),
      previoustrack: previous,
      nexttrack: () => next(false),
      seekbackward: (details) => seekBy(-(details.seekOffset || SEEK_STEP)),
      seekforward: (details) => seekBy(details.seekOffset || SEEK_STEP),
      seekto: (details) => { audio.currentTime = details.seekTime; },
    };
    Object.entries(handlers).forEach(([action, handler]) => {
      try { navigator.mediaSession.setActionHandler(action, handler); } catch (error) { /* unsupported action */ }
    });
  }

  // ---- wiring -----------------------------------------------------------------------------------

  function togglePlayback() {
    if (!audio.src) {
      const firstList = document.querySelector("[data-song-list] button[data-song]");
      if (firstList) firstList.click();
      return;
    }
    if (audio.paused) audio.play().catch(() => {}); else audio.pause();
  }

  function songsOf(list) {
    return Array.from(list.querySelectorAll("button[data-song]")).map((b) => JSON.parse(b.dataset.song));
  }

  document.addEventListener("click", (event) => {
    const playButton = event.target.closest("button[data-song]");
    if (playButton) {
      const list = playButton.closest("[data-song-list]");
      const buttons = list ? Array.from(list.querySelectorAll("button[data-song]")) : [playButton];
      playList(buttons.map((b) => JSON.parse(b.dataset.song)), buttons.indexOf(playButton));
      return;
    }
    const listButton = event.target.closest("button[data-play-list], button[data-shuffle-list]");
    if (listButton) {
      const shuffle = listButton.hasAttribute("data-shuffle-list");
      const list = document.querySelector(listButton.dataset.playList || listButton.dataset.shuffleList);
      // "Play" keeps the listener's shuffle setting; "Shuffle" switches it on.
      if (list) playList(songsOf(list), 0, shuffle ? true : undefined);
      return;
    }
    const queueButton = event.target.closest("button[data-queue-action]");
    if (queueButton) {
      const row = queueButton.closest(".song-row");
      const songButton = row && row.querySelector("button[data-song]");
      if (!songButton) return;
      const song = JSON.parse(songButton.dataset.song);
      if (queueButton.dataset.queueAction === "next") insertAfterCurrent(song); else append(song);
      queueButton.classList.add("done");
      const menu = queueButton.closest("[popover]");
      if (menu && menu.matches(":popover-open")) menu.hidePopover();
      return;
    }
    const itemButton = event.target.closest("button[data-queue-item-action]");
    if (itemButton) {
      const uid = itemButton.closest(".queue-item").dataset.uid;
      const action = itemButton.dataset.queueItemAction;
      if (action === "remove") removeUpcoming(uid);
      else moveUpcoming(uid, action === "up" ? -1 : 1);
    }
  });

  ui.toggle.addEventListener("click", togglePlayback);
  ui.next.addEventListener("click", () => next(false));
  ui.prev.addEventListener("click", previous);
  ui.shuffle.addEventListener("click", () => { state.shuffle = !state.shuffle; applyShuffle(); changed(); });
  ui.repeat.addEventListener("click", () => {
    state.repeat = REPEAT_MODES[(REPEAT_MODES.indexOf(state.repeat) + 1) % REPEAT_MODES.length];
    changed();
  });
  ui.queueToggle.addEventListener("click", () => {
    ui.queuePanel.hidden = !ui.queuePanel.hidden;
    ui.queueToggle.setAttribute("aria-expanded", String(!ui.queuePanel.hidden));
  });
  ui.shortcutsButton.addEventListener("click", () => ui.shortcuts.showModal());

  audio.addEventListener("ended", () => next(true));
  audio.addEventListener("play", () => {
    setIcon(ui.toggle, "pause");
    ui.toggle.setAttribute("aria-label", "Pause");
    if ("mediaSession" in navigator) navigator.mediaSession.playbackState = "playing";
  });
  audio.addEventListener("pause", () => {
    setIcon(ui.toggle, "play");
    ui.toggle.setAttribute("aria-label", "Play");
    if ("mediaSession" in navigator) navigator.mediaSession.playbackState = "paused";
    save();
  });
  audio.addEventListener("durationchange", () => {
    ui.seek.max = audio.duration || 0;
    ui.total.textContent = formatTime(audio.duration);
    describeSeek();
  });
  audio.addEventListener("seeked", () => { listening.lastTime = audio.currentTime; updatePositionState(); });
  let lastSaved = 0;
  audio.addEventListener("timeupdate", () => {
    if (!ui.seek.matches(":active")) ui.seek.value = audio.currentTime;
    ui.elapsed.textContent = formatTime(audio.currentTime);
    describeSeek();
    countListening();
    if (Date.now() - lastSaved > 1000) {
      lastSaved = Date.now();
      save();
      updatePositionState();
    }
  });
  ui.seek.addEventListener("input", () => { audio.currentTime = Number(ui.seek.value); describeSeek(); });
  ui.volume.addEventListener("input", () => { audio.volume = Number(ui.volume.value); audio.muted = false; });
  ui.mute.addEventListener("click", () => { audio.muted = !audio.muted; });
  audio.addEventListener("volumechange", () => {
    ui.volume.setAttribute("aria-valuetext", Math.round(audio.volume * 100) + "%");
    setIcon(ui.mute, audio.muted || audio.volume === 0 ? "muted" : "volume");
    ui.mute.setAttribute("aria-label", audio.muted ? "Unmute" : "Mute");
    save();
  });

  function isTyping(target) {
    if (!(target instanceof Element)) return false;
    if (target.isContentEditable || target.closest("textarea, select")) return true;
    const input = target.closest("input");
    return Boolean(input) && !["button", "checkbox", "radio", "submit", "reset", "file"].includes(input.type);
  }

  document.addEventListener("keydown", (event) => {
    if (event.defaultPrevented || event.ctrlKey || event.metaKey || event.altKey || isTyping(event.target)) return;
    if (ui.shortcuts.open && event.key !== "?") return;
    if (event.key === " " || event.code === "Space") {
      event.preventDefault();  // not a click on the focused button, and no page scroll
      togglePlayback();
    } else if (event.key === "ArrowLeft" || event.key === "ArrowRight") {
      event.preventDefault();
      const forward = event.key === "ArrowRight";
      if (event.shiftKey) { if (forward) next(false); else previous(); } else seekBy(forward ? SEEK_STEP : -SEEK_STEP);
    } else if (event.key === "?") {
      event.preventDefault();
      if (ui.shortcuts.open) ui.shortcuts.close(); else ui.shortcuts.showModal();
    }
  });

  // ---- the phone's full-screen "Now playing" view ------------------------------------------------

  const phone = window.matchMedia("(max-width: 700px)");

  function nowPlayingOpen() {
    return document.body.classList.contains("now-playing-open");
  }

  function setNowPlaying(open) {
    if (open === nowPlayingOpen()) return;
    document.body.classList.toggle("now-playing-open", open);
    ui.expand.setAttribute("aria-expanded", String(open));
    // Like a modal dialog: the page underneath can be neither read nor reached while the view covers it.
    const page = document.getElementById("page");
    if (page) page.inert = open;
    if (open) ui.collapse.focus(); else if (phone.matches) ui.expand.focus();
  }

  ui.expand.addEventListener("click", () => setNowPlaying(true));
  ui.collapse.addEventListener("click", () => setNowPlaying(false));
  ui.title.addEventListener("click", () => setNowPlaying(false));
  phone.addEventListener("change", () => { if (!phone.matches) setNowPlaying(false); });
  document.addEventListener("keydown", (event) => {
    if (event.key === "Escape" && nowPlayingOpen()) setNowPlaying(false);
  });

  // Boosted navigation brings new song rows: show which one is playing.
  document.addEventListener("htmx:afterSettle", markPlayingRows);

  window.musicPlayer = { state: state, next: next, previous: previous };
  restore();
  showModes();
})();

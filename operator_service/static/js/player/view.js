// What the listener sees of the player: the bar (the song playing, elapsed and total time, the shuffle
// and repeat modes, the play, mute and volume controls), which song row on the page is playing, the queue
// panel, and the phone's full-screen "Now playing" view. Built with DOM calls and textContent, never HTML
// from text.

function formatTime(seconds) {
  if (!isFinite(seconds) || seconds < 0) seconds = 0;
  const s = Math.floor(seconds % 60), m = Math.floor(seconds / 60) % 60, h = Math.floor(seconds / 3600);
  return (h ? h + ":" + String(m).padStart(2, "0") : m) + ":" + String(s).padStart(2, "0");
}

// The icons are <use href="...#name"> of one sprite; a button changes icon by changing the name.
function setIcon(button, name) {
  const use = button.querySelector("use");
  if (use) use.setAttribute("href", use.getAttribute("href").replace(/#.*$/, "#" + name));
}

// The bar itself, and the song rows of the page marked as playing.
export function createBar({ bar, audio, ui, queue }) {
  function show(song) {
    ui.title.textContent = song.title;
    ui.title.setAttribute("href", song.url);
    ui.artist.textContent = song.artist;
    ui.cover.src = song.cover || bar.dataset.defaultCover;
    ui.total.textContent = formatTime(song.duration);
    document.title = song.title + " · " + song.artist;
  }

  // What a screen reader says of the seek slider: "1:05 of 3:20", not a number of seconds.
  function describeSeek() {
    ui.seek.setAttribute("aria-valuetext", formatTime(Number(ui.seek.value)) + " of " + formatTime(audio.duration));
  }

  function markPlayingRows() {
    const song = queue.current();
    document.querySelectorAll(".song-row").forEach((row) => {
      const button = row.querySelector("button[data-song]");
      const id = button && JSON.parse(button.dataset.song).id;
      row.classList.toggle("playing", Boolean(song && id === song.id));
    });
  }

  function showModes() {
    ui.shuffle.setAttribute("aria-pressed", String(queue.shuffle));
    ui.shuffle.classList.toggle("active", queue.shuffle);
    ui.repeat.dataset.mode = queue.repeat;
    ui.repeat.setAttribute("aria-label", "Repeat: " + queue.repeat);
    ui.repeat.classList.toggle("active", queue.repeat !== "off");
    setIcon(ui.repeat, queue.repeat === "one" ? "repeat-one" : "repeat");
  }

  audio.addEventListener("play", () => {
    setIcon(ui.toggle, "pause");
    ui.toggle.setAttribute("aria-label", "Pause");
  });
  audio.addEventListener("pause", () => {
    setIcon(ui.toggle, "play");
    ui.toggle.setAttribute("aria-label", "Play");
  });
  audio.addEventListener("durationchange", () => {
    ui.seek.max = audio.duration || 0;
    ui.total.textContent = formatTime(audio.duration);
    describeSeek();
  });
  audio.addEventListener("timeupdate", () => {
    if (!ui.seek.matches(":active")) ui.seek.value = audio.currentTime;
    ui.elapsed.textContent = formatTime(audio.currentTime);
    describeSeek();
  });
  ui.seek.addEventListener("input", () => { audio.currentTime = Number(ui.seek.value); describeSeek(); });
  ui.volume.addEventListener("input", () => { audio.volume = Number(ui.volume.value); audio.muted = false; });
  ui.mute.addEventListener("click", () => { audio.muted = !audio.muted; });
  audio.addEventListener("volumechange", () => {
    ui.volume.setAttribute("aria-valuetext", Math.round(audio.volume * 100) + "%");
    setIcon(ui.mute, audio.muted || audio.volume === 0 ? "muted" : "volume");
    ui.mute.setAttribute("aria-label", audio.muted ? "Unmute" : "Mute");
  });
  // Boosted navigation brings new song rows: show which one is playing.
  document.addEventListener("htmx:afterSettle", markPlayingRows);

  return { show, showModes, markPlayingRows };
}

// The queue panel: the song playing and the songs still to come, each of these with Move up, Move down
// and Remove buttons.
export function createQueuePanel({ ui, queue }) {
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
    if (upcoming) item.append(...itemButtons(track));
    return item;
  }

  function itemButtons(track) {
    const actions = [["up", "Move up", "up"], ["down", "Move down", "down"], ["remove", "Remove", "close"]];
    return actions.map(([action, label, icon]) => {
      const button = document.createElement("button");
      button.type = "button";
      button.className = "icon-button";
      button.dataset.queueItemAction = action;
      button.setAttribute("aria-label", label + ": " + track.title);
      button.title = label;
      // Any icon of the bar will do as a template: setIcon points it at the one wanted.
      const svg = ui.toggle.querySelector("svg").cloneNode(true);
      button.append(svg);
      setIcon(button, icon);
      return button;
    });
  }

  function render() {
    const playing = queue.current();
    const upcoming = queue.tracks.slice(queue.position + 1);
    ui.queueNow.replaceChildren(...(playing ? [queueItem(playing, false)] : []));
    ui.queueNext.replaceChildren(...upcoming.map((track) => queueItem(track, true)));
    ui.queueEmpty.hidden = upcoming.length > 0;
  }

  ui.queueToggle.addEventListener("click", () => {
    ui.queuePanel.hidden = !ui.queuePanel.hidden;
    ui.queueToggle.setAttribute("aria-expanded", String(!ui.queuePanel.hidden));
  });

  return { render };
}

// The phone's full-screen "Now playing" view: the bar opened over the page, closed by its button, the
// song's title, Escape, or the window growing past a phone's width.
export function initNowPlaying({ ui }) {
  const phone = window.matchMedia("(max-width: 700px)");

  function isOpen() {
    return document.body.classList.contains("now-playing-open");
  }

  function setOpen(open) {
    if (open === isOpen()) return;
    document.body.classList.toggle("now-playing-open", open);
    ui.expand.setAttribute("aria-expanded", String(open));
    // Like a modal dialog: the page underneath can be neither read nor reached while the view covers it.
    const page = document.getElementById("page");
    if (page) page.inert = open;
    if (open) ui.collapse.focus(); else if (phone.matches) ui.expand.focus();
  }

  ui.expand.addEventListener("click", () => setOpen(true));
  ui.collapse.addEventListener("click", () => setOpen(false));
  ui.title.addEventListener("click", () => setOpen(false));
  phone.addEventListener("change", () => { if (!phone.matches) setOpen(false); });
  document.addEventListener("keydown", (event) => {
    if (event.key === "Escape" && isOpen()) setOpen(false);
  });
}

// The player bar: one <audio> element, a queue built from the list a song was played from,
// and the controls around it. Songs come from data-song attributes rendered by the server.
(function () {
  "use strict";

  const audio = document.getElementById("audio");
  if (!audio) return;

  const $ = (id) => document.getElementById(id);
  const ui = {
    cover: $("player-cover"), title: $("player-title"), artist: $("player-artist"),
    toggle: $("player-toggle"), prev: $("player-prev"), next: $("player-next"),
    seek: $("player-seek"), elapsed: $("player-elapsed"), total: $("player-total"),
    mute: $("player-mute"), volume: $("player-volume"),
  };
  const defaultCover = ui.cover.getAttribute("src");
  const player = { queue: [], index: -1 };
  window.musicPlayer = player;

  function formatTime(seconds) {
    if (!isFinite(seconds) || seconds < 0) seconds = 0;
    const s = Math.floor(seconds % 60), m = Math.floor(seconds / 60) % 60, h = Math.floor(seconds / 3600);
    return (h ? h + ":" + String(m).padStart(2, "0") : m) + ":" + String(s).padStart(2, "0");
  }

  function markPlayingRows() {
    const current = player.queue[player.index];
    document.querySelectorAll(".song-row").forEach((row) => {
      const button = row.querySelector("[data-song]");
      const song = button && JSON.parse(button.dataset.song);
      row.classList.toggle("playing", Boolean(current && song && song.id === current.id));
    });
  }

  function show(song) {
    ui.title.textContent = song.title;
    ui.artist.textContent = song.artist;
    ui.cover.src = song.cover || defaultCover;
    ui.total.textContent = formatTime(song.duration);
    document.title = song.title + " · " + song.artist;
    markPlayingRows();
  }

  function playAt(index) {
    if (index < 0 || index >= player.queue.length) return;
    player.index = index;
    const song = player.queue[index];
    audio.src = song.src;
    show(song);
    audio.play().catch(() => { /* autoplay refused: the play button still works */ });
  }

  function playFromList(button) {
    const list = button.closest("[data-song-list]");
    const buttons = list ? Array.from(list.querySelectorAll("[data-song]")) : [button];
    player.queue = buttons.map((b) => JSON.parse(b.dataset.song));
    playAt(buttons.indexOf(button));
  }

  document.addEventListener("click", (event) => {
    const button = event.target.closest("button[data-song]");
    if (button) playFromList(button);
  });

  ui.toggle.addEventListener("click", () => {
    if (!audio.src) return;
    if (audio.paused) audio.play(); else audio.pause();
  });
  ui.next.addEventListener("click", () => playAt(player.index + 1));
  ui.prev.addEventListener("click", () => {
    if (audio.currentTime > 3) audio.currentTime = 0; else playAt(player.index - 1);
  });
  audio.addEventListener("ended", () => playAt(player.index + 1));

  function setIcon(button, name) {
    const use = button.querySelector("use");
    use.setAttribute("href", use.getAttribute("href").replace(/#.*$/, "#" + name));
  }

  audio.addEventListener("play", () => { setIcon(ui.toggle, "pause"); ui.toggle.setAttribute("aria-label", "Pause"); });
  audio.addEventListener("pause", () => { setIcon(ui.toggle, "play"); ui.toggle.setAttribute("aria-label", "Play"); });
  audio.addEventListener("loadedmetadata", () => {
    ui.seek.max = audio.duration || 0;
    ui.total.textContent = formatTime(audio.duration);
  });
  audio.addEventListener("timeupdate", () => {
    if (!ui.seek.matches(":active")) ui.seek.value = audio.currentTime;
    ui.elapsed.textContent = formatTime(audio.currentTime);
  });
  ui.seek.addEventListener("input", () => { audio.currentTime = Number(ui.seek.value); });

  ui.volume.addEventListener("input", () => { audio.volume = Number(ui.volume.value); audio.muted = false; });
  ui.mute.addEventListener("click", () => { audio.muted = !audio.muted; });
  audio.addEventListener("volumechange", () => {
    setIcon(ui.mute, audio.muted || audio.volume === 0 ? "muted" : "volume");
    ui.mute.setAttribute("aria-label", audio.muted ? "Unmute" : "Mute");
  });
})();

// The player: one <audio> element in a bar that boosted navigation never replaces, a queue kept in
// localStorage, shuffle and repeat, keyboard shortcuts, the Media Session API, and play recording.
// Songs come from data-song attributes that the server renders; nothing here builds HTML from text.
//
// This entry module finds the bar, wires the modules of player/ together and takes the buttons' clicks.
// It is loaded with <script type="module"> and no build step: the browser fetches each import from
// /static/js/player/, and each import is one more request before the player works, so the modules are
// cut by concern and no finer.
import { createMediaSession } from "./player/media-session.js";
import { createPersistence } from "./player/persistence.js";
import { createPlayback } from "./player/playback.js";
import { Queue } from "./player/queue.js";
import { initShortcuts } from "./player/shortcuts.js";
import { createBar, createQueuePanel, initNowPlaying } from "./player/view.js";

function playerElements() {
  const $ = (id) => document.getElementById(id);
  return {
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
}

function startPlayer(audio, bar) {
  const ui = playerElements();
  const queue = new Queue();
  const view = createBar({ bar, audio, ui, queue });
  const panel = createQueuePanel({ ui, queue });
  const hooks = { onSong: showSong, onChange: changed };
  const playback = createPlayback({ audio, queue, recordUrl: bar.dataset.recordUrl, ...hooks });
  const mediaSession = createMediaSession({ audio, playback });
  const storage = createPersistence({
    audio, queue, storageKey: "music.player." + bar.dataset.user, volumeSlider: ui.volume,
    startListening: playback.startListening, ...hooks,
  });
  initControls({ ui, playback });
  initShortcuts({ ui, playback });
  initNowPlaying({ ui });

  function showSong(song) {
    view.show(song);
    mediaSession.showSong(song);
    view.markPlayingRows();
  }

  function changed() {
    view.showModes();
    panel.render();
    storage.save();
  }

  // Read by the browser tests (tests/browser/test_player.py) and handy in the console.
  window.musicPlayer = { state: queue, next: playback.next, previous: playback.previous };
  storage.restore();
  view.showModes();
}

function songOf(button) {
  return JSON.parse(button.dataset.song);
}

function songsOf(list) {
  return Array.from(list.querySelectorAll("button[data-song]")).map(songOf);
}

// What buttons ask of the player: the page's song buttons (play this song in its list, play or shuffle a
// list, play next, add to queue), the queue panel's Move up, Move down and Remove, and the bar's own
// transport buttons. Page buttons are delegated from the document, since boosted navigation replaces them.
function initControls({ ui, playback }) {
  document.addEventListener("click", (event) => {
    const playButton = event.target.closest("button[data-song]");
    if (playButton) {
      const list = playButton.closest("[data-song-list]");
      const buttons = list ? Array.from(list.querySelectorAll("button[data-song]")) : [playButton];
      playback.playList(buttons.map(songOf), buttons.indexOf(playButton));
      return;
    }
    const listButton = event.target.closest("button[data-play-list], button[data-shuffle-list]");
    if (listButton) {
      const shuffle = listButton.hasAttribute("data-shuffle-list");
      const list = document.querySelector(listButton.dataset.playList || listButton.dataset.shuffleList);
      // "Play" keeps the listener's shuffle setting; "Shuffle" switches it on.
      if (list) playback.playList(songsOf(list), 0, shuffle ? true : undefined);
      return;
    }
    const queueButton = event.target.closest("button[data-queue-action]");
    if (queueButton) {
      const row = queueButton.closest(".song-row");
      const songButton = row && row.querySelector("button[data-song]");
      if (!songButton) return;
      const song = songOf(songButton);
      if (queueButton.dataset.queueAction === "next") playback.playNext(song); else playback.addToQueue(song);
      queueButton.classList.add("done");
      const menu = queueButton.closest("[popover]");
      if (menu && menu.matches(":popover-open")) menu.hidePopover();
      return;
    }
    const itemButton = event.target.closest("button[data-queue-item-action]");
    if (itemButton) {
      const uid = itemButton.closest(".queue-item").dataset.uid;
      const action = itemButton.dataset.queueItemAction;
      if (action === "remove") playback.removeUpcoming(uid);
      else playback.moveUpcoming(uid, action === "up" ? -1 : 1);
    }
  });

  ui.toggle.addEventListener("click", playback.togglePlayback);
  ui.next.addEventListener("click", () => playback.next(false));
  ui.prev.addEventListener("click", playback.previous);
  ui.shuffle.addEventListener("click", playback.toggleShuffle);
  ui.repeat.addEventListener("click", playback.cycleRepeat);
}

// Only signed-in pages have the player bar.
const audio = document.getElementById("audio");
const bar = document.getElementById("player");
if (audio && bar) startPlayer(audio, bar);

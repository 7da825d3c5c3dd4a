// Keeping the queue across reloads: the queue, the position in the song playing, and the volume, in
// localStorage under the user's own key.

export function createPersistence({ audio, queue, storageKey, volumeSlider, startListening, onSong, onChange }) {
  // The position to seek to once the restored song's metadata has loaded.
  let restoredTime = 0;

  function save() {
    try {
      localStorage.setItem(storageKey, JSON.stringify(Object.assign(queue.toJSON(), {
        time: audio.currentTime || restoredTime, volume: audio.volume, muted: audio.muted,
      })));
    } catch (error) { /* storage full or disabled: the queue just won't survive a reload */ }
  }

  function restore() {
    let saved;
    try {
      saved = JSON.parse(localStorage.getItem(storageKey) || "null");
    } catch (error) {
      saved = null;
    }
    if (!queue.restore(saved)) return;
    if (typeof saved.volume === "number") audio.volume = volumeSlider.value = saved.volume;
    audio.muted = Boolean(saved.muted);
    const song = queue.current();
    if (song) {
      restoredTime = Number(saved.time) || 0;
      audio.src = song.src;
      onSong(song);
      startListening(true);
    }
    onChange();
  }

  audio.addEventListener("loadedmetadata", () => {
    if (restoredTime && restoredTime < audio.duration) audio.currentTime = restoredTime;
    restoredTime = 0;
  });
  audio.addEventListener("pause", save);
  audio.addEventListener("volumechange", save);
  // Once a second while playing, so that a reload resumes about where the song was.
  let lastSaved = 0;
  audio.addEventListener("timeupdate", () => {
    if (Date.now() - lastSaved > 1000) {
      lastSaved = Date.now();
      save();
    }
  });

  return { save, restore };
}

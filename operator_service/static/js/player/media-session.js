// The operating system's media controls (Media Session API): the song shown on the lock screen and in
// notifications, its position, and the play, pause, previous, next and seek keys.
import { SEEK_STEP } from "./playback.js";

const supported = "mediaSession" in navigator;

export function createMediaSession({ audio, playback }) {
  function showSong(song) {
    if (!supported) return;
    const artwork = song.cover ? [{ src: new URL(song.cover, location.href).href }] : [];
    navigator.mediaSession.metadata = new MediaMetadata({
      title: song.title, artist: song.artist, album: song.album, artwork: artwork,
    });
  }

  function updatePositionState() {
    if (!supported || !navigator.mediaSession.setPositionState) return;
    if (!isFinite(audio.duration) || audio.duration <= 0) return;
    try {
      navigator.mediaSession.setPositionState({
        duration: audio.duration, playbackRate: audio.playbackRate, position: Math.min(audio.currentTime, audio.duration),
      });
    } catch (error) { /* an inconsistent state is skipped, the next update corrects it */ }
  }

  if (supported) {
    const handlers = {
      play: () => audio.play(),
      pause: () => audio.pause(),
      previoustrack: playback.previous,
      nexttrack: () => playback.next(false),
      seekbackward: (details) => playback.seekBy(-(details.seekOffset || SEEK_STEP)),
      seekforward: (details) => playback.seekBy(details.seekOffset || SEEK_STEP),
      seekto: (details) => { audio.currentTime = details.seekTime; },
    };
    Object.entries(handlers).forEach(([action, handler]) => {
      try { navigator.mediaSession.setActionHandler(action, handler); } catch (error) { /* unsupported action */ }
    });
    audio.addEventListener("play", () => { navigator.mediaSession.playbackState = "playing"; });
    audio.addEventListener("pause", () => { navigator.mediaSession.playbackState = "paused"; });
  }

  audio.addEventListener("seeked", updatePositionState);
  // Once a second while playing is often enough for the system's own progress bar.
  let lastUpdate = 0;
  audio.addEventListener("timeupdate", () => {
    if (Date.now() - lastUpdate > 1000) {
      lastUpdate = Date.now();
      updatePositionState();
    }
  });

  return { showSong };
}

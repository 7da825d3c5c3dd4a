// Keyboard shortcuts, anywhere on the page but in a text field: Space plays or pauses, the arrows seek,
// Shift and the arrows change song, and "?" opens the list of them.
import { SEEK_STEP } from "./playback.js";

// Keys typed into a text field are text; keys on a button, checkbox or the like are the player's.
function isTyping(target) {
  if (!(target instanceof Element)) return false;
  if (target.isContentEditable || target.closest("textarea, select")) return true;
  const input = target.closest("input");
  return Boolean(input) && !["button", "checkbox", "radio", "submit", "reset", "file"].includes(input.type);
}

export function initShortcuts({ ui, playback }) {
  const dialog = ui.shortcuts;
  ui.shortcutsButton.addEventListener("click", () => dialog.showModal());

  document.addEventListener("keydown", (event) => {
    if (event.defaultPrevented || event.ctrlKey || event.metaKey || event.altKey || isTyping(event.target)) return;
    if (dialog.open && event.key !== "?") return;
    if (event.key === " " || event.code === "Space") {
      event.preventDefault();  // not a click on the focused button, and no page scroll
      playback.togglePlayback();
    } else if (event.key === "ArrowLeft" || event.key === "ArrowRight") {
      event.preventDefault();
      const forward = event.key === "ArrowRight";
      if (event.shiftKey) {
        if (forward) playback.next(false); else playback.previous();
      } else {
        playback.seekBy(forward ? SEEK_STEP : -SEEK_STEP);
      }
    } else if (event.key === "?") {
      event.preventDefault();
      if (dialog.open) dialog.close(); else dialog.showModal();
    }
  });
}

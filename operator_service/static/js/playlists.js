// The listener's library in the page: the heart on every song, the "Add to playlist" menu, and dragging
// a playlist's songs into a new order. The heart and the menu are ordinary forms that work without
// JavaScript, and dragging does what the Move up and Move down forms do; this file sends them in the
// background instead, so that the page (and the player) stays where it is. Listeners are delegated to
// the document, so content that htmx swaps in needs no setting up, except the drag lists (see below).
(function () {
  "use strict";

  function csrfToken() {
    const meta = document.querySelector('meta[name="csrf-token"]');
    return meta ? meta.content : "";
  }

  // POST form data and read the JSON answer; a refusal rejects with the server's message.
  function post(url, data) {
    return fetch(url, {
      method: "POST", body: data, credentials: "same-origin",
      headers: { "X-CSRFToken": csrfToken(), "Accept": "application/json" },
    }).then((response) => response.json().catch(() => ({})).then((body) => {
      if (!response.ok) throw new Error(body.error || "That did not work. Please try again.");
      return body;
    }));
  }

  // Reload the page's content in place, as a boosted navigation would, keeping the player.
  function refreshPage() {
    if (window.htmx) {
      window.htmx.ajax("GET", window.location.href, { target: "#page", select: "#page", swap: "outerHTML" });
    }
  }

  // ---- messages ---------------------------------------------------------------------------------

  let toastTimer = null;
  function toast(message, isError) {
    // The box is in the layout from the start, empty and so not shown: a live region that already
    // exists is announced when its text changes, one added with its text often is not.
    const box = document.getElementById("library-toast");
    if (!box) return;
    box.textContent = message;
    box.classList.toggle("toast-error", Boolean(isError));
    clearTimeout(toastTimer);
    toastTimer = setTimeout(() => { box.textContent = ""; }, 4000);
  }

  // ---- the heart --------------------------------------------------------------------------------

  function showLiked(songId, liked) {
    document.querySelectorAll("form[data-like-form]").forEach((form) => {
      if (form.dataset.songId !== songId) return;
      form.querySelector("button").setAttribute("aria-pressed", String(liked));
      form.elements.liked.value = liked ? "false" : "true";
    });
  }

  function toggleLike(form) {
    const songId = form.dataset.songId;
    const wanted = form.elements.liked.value === "true";
    const data = new FormData(form);
    showLiked(songId, wanted);
    post(form.action, data)
      .then((body) => showLiked(songId, body.liked))
      .catch((error) => { showLiked(songId, !wanted); toast(error.message, true); });
  }

  // ---- "Add to playlist" ------------------------------------------------------------------------

  function closeMenus(except) {
    document.querySelectorAll("details[data-add-menu][open]").forEach((menu) => {
      if (menu !== except) menu.open = false;
    });
  }

  function loadMenu(menu) {
    const panel = menu.querySelector("[data-menu-src]");
    if (!panel || panel.dataset.loaded) return;
    const url = new URL(panel.dataset.menuSrc, window.location.href);
    url.searchParams.set("menu", "1");
    fetch(url, { credentials: "same-origin", headers: { "Accept": "text/html" } })
      .then((response) => {
        if (!response.ok) throw new Error("menu unavailable");
        return response.text();
      })
      .then((html) => {
        panel.innerHTML = html;  // rendered and escaped by the server
        panel.dataset.loaded = "true";
        if (window.htmx) window.htmx.process(panel);  // boosts the "New playlist" form
        const first = panel.querySelector("button, input:not([type=hidden])");
        if (first && menu.open) first.focus();
      })
      .catch(() => { /* the "Choose a playlist…" link stays and still works */ });
  }

  function addToPlaylist(form) {
    const button = form.querySelector("button");
    button.disabled = true;
    post(form.action, new FormData(form))
      .then((body) => {
        toast(body.message);
        const menu = form.closest("details[data-add-menu]");
        closeMenus();
        if (menu) menu.querySelector("summary").focus();
      })
      .catch((error) => toast(error.message, true))
      .finally(() => { button.disabled = false; });
  }

  document.addEventListener("toggle", (event) => {
    const menu = event.target;
    if (!(menu instanceof HTMLDetailsElement) || !menu.matches("[data-add-menu]") || !menu.open) return;
    closeMenus(menu);
    loadMenu(menu);
  }, true);  // toggle does not bubble

  document.addEventListener("click", (event) => {
    if (!event.target.closest("details[data-add-menu]")) closeMenus();
  });

  document.addEventListener("keydown", (event) => {
    if (event.key !== "Escape") return;
    const open = document.querySelector("details[data-add-menu][open]");
    if (!open) return;
    open.open = false;
    open.querySelector("summary").focus();
  });

  document.addEventListener("submit", (event) => {
    const form = event.target;
    if (form.matches("form[data-like-form]")) {
      event.preventDefault();
      toggleLike(form);
    } else if (form.matches("form[data-add-to-playlist]")) {
      event.preventDefault();
      addToPlaylist(form);
    }
  });

  // ---- drag to reorder a playlist ---------------------------------------------------------------

  // SortableJS, because HTML5 drag and drop never starts from a finger. Each list is bound on its own
  // (Sortable cannot be delegated), so lists that htmx swaps in are bound as they load.
  const REORDERABLE = "[data-reorderable] .song-list";
  const bound = new Set();

  function entryId(row) {
    return row.querySelector("[data-entry-id]").dataset.entryId;
  }

  function putBack(row, list, oldIndex) {
    const others = Array.from(list.children).filter((child) => child !== row);
    list.insertBefore(row, others[oldIndex] || null);
  }

  function saveMove(event) {
    const row = event.item;
    const list = event.from;
    if (event.oldIndex === event.newIndex) return;
    // Named by its neighbour rather than by an offset: the controller takes offsets of one step only, and
    // "after that song" gives the same order when a retry sends it twice.
    const data = new FormData();
    if (row.previousElementSibling) data.append("after", entryId(row.previousElementSibling));
    else data.append("before", entryId(row.nextElementSibling));
    post(row.querySelector("[data-move-url]").dataset.moveUrl, data)
      .then(refreshPage)  // brings the Move up / Move down buttons and their positions up to date
      .catch((error) => {
        putBack(row, list, event.oldIndex);
        toast(error.message, true);
        refreshPage();  // someone else's change may be why it was refused
      });
  }

  function bindReorderableLists() {
    if (!window.Sortable) return;  // the Move up and Move down buttons still work
    bound.forEach((list) => {
      // A list that a swap took out of the page: Sortable keeps every instance in a global array.
      if (!list.isConnected) { window.Sortable.get(list)?.destroy(); bound.delete(list); }
    });
    document.querySelectorAll(REORDERABLE).forEach((list) => {
      if (bound.has(list) || !list.querySelector(".drag-handle")) return;
      bound.add(list);
      window.Sortable.create(list, {
        handle: ".drag-handle",
        draggable: ".song-row",
        animation: 150,
        // A finger rests on the handle briefly before the row lifts, so a swipe that starts there is
        // not taken for a drag; a mouse drags at once.
        delay: 150,
        delayOnTouchOnly: true,
        touchStartThreshold: 6,
        chosenClass: "song-row-chosen",
        ghostClass: "song-row-ghost",
        dragClass: "song-row-drag",
        onEnd: saveMove,
      });
    });
  }

  document.addEventListener("htmx:load", bindReorderableLists);
  bindReorderableLists();
})();

// The listener's library in the page: the heart on every song, the "Add to playlist" menu, and drag and
// drop in a playlist. Each of these is an ordinary form that works without JavaScript; this file sends
// them in the background instead, so that the page (and the player) stays where it is. Listeners are
// delegated to the document, so content that htmx swaps in needs no setting up.
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
    let box = document.getElementById("library-toast");
    if (!box) {
      // Outside #page, so that a boosted navigation does not cut a message short.
      box = document.createElement("div");
      box.id = "library-toast";
      box.className = "toast";
      box.setAttribute("role", "status");
      box.setAttribute("aria-live", "polite");
      document.body.appendChild(box);
    }
    box.textContent = message;
    box.classList.toggle("toast-error", Boolean(isError));
    box.hidden = false;
    clearTimeout(toastTimer);
    toastTimer = setTimeout(() => { box.hidden = true; }, 4000);
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

  // ---- drag and drop in a playlist --------------------------------------------------------------

  let dragged = null;

  function rowUnder(target) {
    const row = target instanceof Element ? target.closest(".song-row") : null;
    if (!row || !dragged || row === dragged || row.parentElement !== dragged.parentElement) return null;
    return row;
  }

  function dropsAfter(row, event) {
    const box = row.getBoundingClientRect();
    return event.clientY > box.top + box.height / 2;
  }

  function clearMarks() {
    document.querySelectorAll(".drop-before, .drop-after").forEach((row) => {
      row.classList.remove("drop-before", "drop-after");
    });
  }

  document.addEventListener("dragstart", (event) => {
    const handle = event.target instanceof Element ? event.target.closest("[data-move-url]") : null;
    if (!handle || !handle.closest("[data-reorderable]")) return;
    dragged = handle.closest(".song-row");
    dragged.classList.add("dragging");
    event.dataTransfer.effectAllowed = "move";
    event.dataTransfer.setData("text/plain", handle.dataset.entryId);
    event.dataTransfer.setDragImage(dragged, 24, 24);
  });

  document.addEventListener("dragover", (event) => {
    const row = rowUnder(event.target);
    if (!row) return;
    event.preventDefault();
    event.dataTransfer.dropEffect = "move";
    const after = dropsAfter(row, event);
    clearMarks();
    row.classList.add(after ? "drop-after" : "drop-before");
  });

  document.addEventListener("drop", (event) => {
    const row = rowUnder(event.target);
    if (!row) return;
    event.preventDefault();
    const moving = dragged;
    const after = dropsAfter(row, event);
    const neighbour = row.querySelector("[data-entry-id]").dataset.entryId;
    const handle = moving.querySelector("[data-move-url]");
    // Show the new order at once; the server's answer decides, and a refusal puts it back.
    row.parentElement.insertBefore(moving, after ? row.nextElementSibling : row);
    const data = new FormData();
    data.append(after ? "after" : "before", neighbour);
    post(handle.dataset.moveUrl, data)
      .then(refreshPage)  // brings the Move up / Move down buttons up to date
      .catch((error) => { toast(error.message, true); refreshPage(); });
  });

  document.addEventListener("dragend", () => {
    if (dragged) dragged.classList.remove("dragging");
    dragged = null;
    clearMarks();
  });
})();

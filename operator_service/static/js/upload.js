// The admin's upload page as a queue: files chosen, or dropped (folders too), go up one request per file,
// two at a time, each in its own row with a progress bar and then its result. Without this script the
// form posts its files at once and the page lists what was stored; here the same form is enhanced.
// htmx swaps this page in on boosted navigation and runs this file again each time, so the document-wide
// listeners are added once, and each upload form is set up once, when it appears (htmx:load).
(function () {
  "use strict";

  if (window.uploadQueueReady) return;
  window.uploadQueueReady = true;

  const CONCURRENT_UPLOADS = 2;
  const queues = new Map();  // upload form -> its queue

  function csrfToken(form) {
    const field = form.elements.namedItem("csrf_token");
    if (field && field.value) return field.value;
    const meta = document.querySelector('meta[name="csrf-token"]');
    return meta ? meta.content : "";
  }

  function megabytes(bytes) {
    return String(Math.round((bytes / 1048576) * 10) / 10);
  }

  // ---- one row per file -------------------------------------------------------------------------

  // Built with textContent only: file names, titles and messages are data, never markup.
  function makeRow(name) {
    const row = document.createElement("li");
    row.className = "upload-row";
    row.dataset.state = "waiting";
    row.dataset.progressEvents = "0";
    const label = document.createElement("span");
    label.className = "upload-name";
    label.textContent = name;
    const bar = document.createElement("progress");
    bar.max = 1;
    bar.value = 0;
    bar.setAttribute("aria-label", "Upload of " + name);
    // Each row announces its own changes of state; the bar's every step would be too many to hear.
    const status = document.createElement("p");
    status.className = "upload-status";
    status.setAttribute("role", "status");
    status.textContent = "Waiting";
    row.append(label, bar, status);
    return { element: row, bar, status };
  }

  function setStatus(row, state, ...parts) {
    row.element.dataset.state = state;
    row.status.replaceChildren(...parts);
  }

  function songLink(song) {
    const link = document.createElement("a");
    link.href = song.url;
    link.textContent = song.title;
    return link;
  }

  function showStored(row, song) {
    const parts = ["Stored as ", songLink(song), " — " + (song.artist || "Unknown artist") + "."];
    if (song.converting) parts.push(" Being converted for browsers: it plays in a minute or two.");
    if (song.tag_repairs && song.tag_repairs.length) parts.push(" Tags repaired: " + song.tag_repairs.join("; ") + ".");
    row.bar.value = row.bar.max;
    setStatus(row, "stored", ...parts);
  }

  function showRefused(row, reason) {
    setStatus(row, "refused", "Not stored: " + reason);
  }

  // ---- sending a file ---------------------------------------------------------------------------

  function refusalReason(xhr, queue) {
    const body = xhr.response;
    if (body && typeof body.error === "string") return body.error;
    const answeredBy = new URL(xhr.responseURL || queue.url, window.location.href).pathname;
    if (answeredBy !== new URL(queue.url, window.location.href).pathname) {
      return "you are no longer logged in. Log in again, then upload this file again.";
    }
    return "the server answered " + xhr.status + ". Please try again.";
  }

  function send(queue, item) {
    const { file, row } = item;
    const xhr = new XMLHttpRequest();
    item.xhr = xhr;
    xhr.open("POST", queue.url);
    xhr.responseType = "json";
    xhr.setRequestHeader("Accept", "application/json");
    xhr.setRequestHeader("X-CSRFToken", csrfToken(queue.form));
    xhr.upload.addEventListener("progress", (event) => {
      row.element.dataset.progressEvents = String(Number(row.element.dataset.progressEvents) + 1);
      row.element.dataset.bytesSent = String(event.loaded);
      if (event.lengthComputable) {
        row.bar.max = event.total;
        row.bar.value = event.loaded;
      }
    });
    xhr.upload.addEventListener("load", () => {
      // The body is there; media_service now decodes the file and stores it.
      row.bar.value = row.bar.max;
      setStatus(row, "checking", "Checking and storing…");
    });
    xhr.addEventListener("load", () => {
      if (xhr.status === 201 && xhr.response && xhr.response.song) {
        showStored(row, xhr.response.song);
        queue.stored += 1;
      } else {
        showRefused(row, refusalReason(xhr, queue));
        queue.refused += 1;
      }
    });
    xhr.addEventListener("error", () => {
      showRefused(row, "the connection was lost before the file was stored. Please try again.");
      queue.refused += 1;
    });
    xhr.addEventListener("abort", () => setStatus(row, "stopped", "Stopped: you left the page."));
    xhr.addEventListener("loadend", () => {
      queue.running.delete(item);
      pump(queue);
    });
    const body = new FormData();
    body.append("csrf_token", csrfToken(queue.form));
    body.append("audio_files", file, file.name);
    setStatus(row, "uploading", "Uploading…");
    xhr.send(body);
  }

  function pump(queue) {
    while (queue.running.size < CONCURRENT_UPLOADS && queue.waiting.length) {
      const item = queue.waiting.shift();
      queue.running.add(item);
      send(queue, item);
    }
    if (!queue.running.size && !queue.waiting.length && queue.stored + queue.refused) {
      queue.summary.textContent = "Done: " + queue.stored + " stored, " + queue.refused + " not stored.";
    }
  }

  function enqueue(queue, files) {
    queue.heading.hidden = false;
    queue.list.hidden = false;
    queue.summary.textContent = "";
    files.forEach(({ file, name }) => {
      const row = makeRow(name);
      queue.list.append(row.element);
      if (file.size > queue.maxBytes) {
        showRefused(row, "the file is larger than the " + megabytes(queue.maxBytes) + " MB upload limit.");
        queue.refused += 1;
      } else {
        queue.waiting.push({ file, row });
      }
    });
    pump(queue);
  }

  function busy() {
    for (const queue of queues.values()) {
      if (queue.running.size || queue.waiting.length) return queue;
    }
    return null;
  }

  function stopAll(queue) {
    queue.waiting.splice(0).forEach((item) => setStatus(item.row, "stopped", "Not sent: you left the page."));
    queue.running.forEach((item) => item.xhr.abort());
  }

  // ---- choosing, dropping and reading folders ---------------------------------------------------

  function isHidden(name) {
    return name.startsWith(".");
  }

  // What the file chooser offers, for the files of a folder: a folder of music also holds covers and notes.
  function looksLikeAudio(queue, file) {
    const extension = file.name.includes(".") ? file.name.slice(file.name.lastIndexOf(".")).toLowerCase() : "";
    return file.type.startsWith("audio/") || queue.extensions.has(extension);
  }

  function readAllEntries(directory) {
    const reader = directory.createReader();
    const entries = [];
    // readEntries gives a batch at a time (100 in Chromium) and an empty one at the end.
    return new Promise((resolve, reject) => {
      const readBatch = () => reader.readEntries((batch) => {
        if (!batch.length) { resolve(entries); return; }
        entries.push(...batch);
        readBatch();
      }, reject);
      readBatch();
    });
  }

  function fileOf(entry) {
    return new Promise((resolve, reject) => entry.file(resolve, reject));
  }

  async function filesInFolder(directory) {
    const found = [];
    for (const entry of await readAllEntries(directory)) {
      if (isHidden(entry.name)) continue;
      if (entry.isDirectory) {
        found.push(...await filesInFolder(entry));
      } else {
        found.push({ file: await fileOf(entry), name: entry.fullPath.replace(/^\//, ""), inFolder: true });
      }
    }
    return found;
  }

  // Entries must be taken while the drop event runs; the folders are read afterwards.
  async function droppedFiles(dataTransfer) {
    const files = [];
    const folders = [];
    Array.from(dataTransfer.items || []).forEach((item) => {
      if (item.kind !== "file") return;
      const entry = item.webkitGetAsEntry ? item.webkitGetAsEntry() : null;
      if (entry && entry.isDirectory) {
        folders.push(entry);
      } else {
        const file = item.getAsFile();
        if (file) files.push({ file, name: file.name, inFolder: false });
      }
    });
    for (const folder of folders) files.push(...await filesInFolder(folder));
    return files;
  }

  function addFiles(queue, found) {
    const wanted = found.filter(({ file, inFolder }) => !isHidden(file.name) && (!inFolder || looksLikeAudio(queue, file)));
    const leftOut = found.filter((item) => !wanted.includes(item));
    if (leftOut.length) {
      queue.note.textContent = "Left out " + leftOut.length + (leftOut.length === 1 ? " file" : " files")
        + ", hidden or not audio: " + leftOut.map((item) => item.name).join(", ") + ".";
    }
    if (wanted.length) enqueue(queue, wanted);
  }

  function chosenFiles(input) {
    return Array.from(input.files).map((file) => (
      { file, name: file.webkitRelativePath || file.name, inFolder: Boolean(file.webkitRelativePath) }
    ));
  }

  // ---- setting up a form ------------------------------------------------------------------------

  function enhance(form) {
    if (queues.has(form)) return;
    const section = form.closest("section") || document;
    const zone = form.querySelector("[data-drop-zone]");
    const queue = {
      form,
      url: form.dataset.uploadUrl,
      maxBytes: Number(form.dataset.maxBytes),
      extensions: new Set((form.dataset.accept || "").split(",").filter((value) => value.startsWith("."))),
      list: section.querySelector("[data-upload-list]"),
      heading: section.querySelector("[data-upload-heading]"),
      summary: section.querySelector("[data-upload-summary]"),
      note: document.createElement("p"),
      waiting: [],
      running: new Set(),
      stored: 0,
      refused: 0,
    };
    queue.note.className = "upload-note";
    queue.note.setAttribute("role", "status");
    zone.append(queue.note);
    queues.set(form, queue);

    form.querySelector("[data-folder-choice]").hidden = false;
    form.querySelector("[data-drop-hint]").hidden = false;
    form.querySelector("[data-max-files]").hidden = true;  // the form's limit; the queue has none
    form.querySelectorAll("[type=submit]").forEach((button) => { button.hidden = true; });

    form.querySelectorAll("input[type=file]").forEach((input) => {
      input.addEventListener("change", () => {
        addFiles(queue, chosenFiles(input));
        input.value = "";  // the same files can be chosen again
      });
    });

    zone.addEventListener("dragover", (event) => {
      event.preventDefault();
      event.dataTransfer.dropEffect = "copy";
      zone.classList.add("drop-target");
    });
    zone.addEventListener("dragleave", (event) => {
      if (!zone.contains(event.relatedTarget)) zone.classList.remove("drop-target");
    });
    zone.addEventListener("drop", (event) => {
      event.preventDefault();
      zone.classList.remove("drop-target");
      droppedFiles(event.dataTransfer)
        .then((found) => addFiles(queue, found))
        .catch(() => { queue.note.textContent = "That folder could not be read. Choose its files instead."; });
    });
  }

  function forget(form) {
    const queue = queues.get(form);
    if (!queue) return;
    stopAll(queue);
    queues.delete(form);
  }

  function enhanceWithin(root) {
    if (!(root instanceof Element) && root !== document) return;
    if (root instanceof Element && root.matches("form[data-upload-form]")) enhance(root);
    root.querySelectorAll("form[data-upload-form]").forEach(enhance);
  }

  // ---- document-wide ----------------------------------------------------------------------------

  // An enhanced form never posts itself: a submit (Enter in the chooser) queues what it holds. Caught
  // before htmx's own listener on the form, which would post it as a boosted form.
  document.addEventListener("submit", (event) => {
    const queue = queues.get(event.target);
    if (!queue) return;
    event.preventDefault();
    event.stopPropagation();
    event.target.querySelectorAll("input[type=file]").forEach((input) => {
      addFiles(queue, chosenFiles(input));
      input.value = "";
    });
  }, true);

  // A file dropped beside the zone would open in the tab and end the page; only the zone takes drops.
  document.addEventListener("dragover", (event) => { if (queues.size) event.preventDefault(); });
  document.addEventListener("drop", (event) => { if (queues.size) event.preventDefault(); });

  // Leaving stops what is not finished, as the page says. A full unload asks first through the browser's
  // own prompt. Boosted navigation keeps the document, so the requests would go on unseen: an htmx
  // request that would replace the form asks first, and a form swapped away all the same (the back
  // button) stops its uploads, so that what the page says stays true.
  window.addEventListener("beforeunload", (event) => {
    if (!busy()) return;
    event.preventDefault();
    event.returnValue = "";
  });

  document.addEventListener("htmx:confirm", (event) => {
    const queue = busy();
    if (!queue || !event.detail.target || !event.detail.target.contains(queue.form)) return;
    if (window.confirm("Uploads are still running. Leave this page and stop them?")) {
      stopAll(queue);
    } else {
      event.preventDefault();
    }
  });

  document.addEventListener("htmx:beforeCleanupElement", (event) => {
    if (queues.has(event.target)) forget(event.target);
  });

  document.addEventListener("htmx:load", (event) => enhanceWithin(event.detail.elt));
  enhanceWithin(document);
})();

// What a full page load gives for free and boosted navigation must give back: focus at the top of the
// new page and its title spoken, so a keyboard or screen-reader user knows the page changed. Also the
// header's theme switch, which changes the page at once and saves the choice in the background.
(function () {
  "use strict";

  // ---- boosted navigation ------------------------------------------------------------------------

  let addressBefore = null;

  document.addEventListener("htmx:beforeRequest", (event) => {
    if (event.detail.boosted) addressBefore = window.location.href;
  });

  document.addEventListener("htmx:afterSettle", (event) => {
    if (!event.detail.boosted || addressBefore === null) return;
    const moved = window.location.href !== addressBefore;
    addressBefore = null;
    // An action that stays on its page (like, move up) keeps its focus, which htmx gives back by id.
    if (!moved) return;
    const main = document.getElementById("content");
    const heading = main && main.querySelector("h1");
    const target = heading || main;
    if (target) {
      if (!target.hasAttribute("tabindex")) target.setAttribute("tabindex", "-1");
      target.focus({ preventScroll: true });
    }
    const announcer = document.getElementById("page-announcer");
    if (announcer) {
      // Cleared first, so the same title twice in a row (a page reloaded) is still spoken.
      announcer.textContent = "";
      window.setTimeout(() => { announcer.textContent = document.title; }, 50);
    }
  });

  // ---- search ------------------------------------------------------------------------------------

  // Enter sends the search form, a navigation to the results page that adds its history entry. The live
  // search of the same words, still waiting for its delay or on its way, would add a second entry for the
  // same page (and Back would seem to do nothing): it is dropped. Typing again makes it live again.
  let submittedSearch = null;

  document.addEventListener("submit", (event) => {
    const box = event.target.querySelector("#search-box");
    if (!box) return;
    submittedSearch = box.value;
    window.htmx.trigger(box, "htmx:abort");
  });

  document.addEventListener("input", (event) => {
    if (event.target.id === "search-box") submittedSearch = null;
  });

  document.addEventListener("htmx:beforeRequest", (event) => {
    const box = event.detail.elt;
    if (box.id === "search-box" && !event.detail.boosted && box.value === submittedSearch) event.preventDefault();
  });

  // ---- theme -------------------------------------------------------------------------------------

  const prefersLight = window.matchMedia("(prefers-color-scheme: light)");

  function shownTheme() {
    return document.documentElement.dataset.theme || (prefersLight.matches ? "light" : "dark");
  }

  // The switch offers the theme not shown; the server cannot know the device's theme, so it is set here.
  function labelSwitches() {
    const other = shownTheme() === "light" ? "dark" : "light";
    document.querySelectorAll("form[data-theme-switch]").forEach((form) => {
      form.elements.theme.value = other;
      form.querySelector("button").setAttribute("aria-label", "Switch to " + other + " theme");
    });
  }

  document.addEventListener("submit", (event) => {
    const form = event.target.closest("form[data-theme-switch]");
    if (!form) return;
    event.preventDefault();
    const chosen = new FormData(form);  // before the switch is relabelled to offer the other theme
    document.documentElement.dataset.theme = chosen.get("theme");
    labelSwitches();
    fetch(form.action, {
      method: "POST",
      credentials: "same-origin",
      headers: { Accept: "application/json" },
      body: chosen,
    }).catch(() => { /* shown now; it is just not remembered for the next visit */ });
  });

  prefersLight.addEventListener("change", labelSwitches);
  document.addEventListener("htmx:afterSettle", labelSwitches);
  labelSwitches();
})();

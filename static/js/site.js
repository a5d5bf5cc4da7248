/* The little the site does in the browser beyond htmx; everything works without it.
   A file, not inline: the Content-Security-Policy allows scripts from this site only. */
"use strict";

document.addEventListener("htmx:afterSwap", (event) => {
  const region = event.detail.target;
  if (event.target !== region) {
    return;
  }
  // A page link followed in place is gone with the content it was in: the focus goes
  // to the start of the new content, as a new page would put it at the top.
  const trigger = event.detail.requestConfig && event.detail.requestConfig.elt;
  if (trigger && trigger.tagName === "A" && !trigger.isConnected && region.tabIndex === -1) {
    region.focus();
  }
  // The search box says whether what was typed could be searched: the answer carries
  // the error (or none) and the box points to it.
  if (region.id === "entity-results") {
    const box = document.getElementById("search-q");
    const error = document.getElementById("search-q-error");
    box.classList.toggle("is-invalid", error !== null);
    if (error) {
      box.setAttribute("aria-invalid", "true");
      box.setAttribute("aria-describedby", error.id);
    } else {
      box.removeAttribute("aria-invalid");
      box.removeAttribute("aria-describedby");
    }
  }
});

// The comment form put in place of its link: the focus goes to the first field to
// correct, or the first field of a new form. Not the autofocus attribute: the browser
// and htmx would each focus it, the browser's a moment later, taking the focus back
// from a field the person had already moved on to.
document.addEventListener("htmx:load", (event) => {
  const form = event.detail.elt;
  if (form.id === "comment-form") {
    const fields = "input:not([type=hidden]):not([tabindex='-1']), textarea";
    (form.querySelector(".is-invalid") || form.querySelector(fields)).focus();
  }
});

// Times are printed in full ("March 5, 2024, 2:30 p.m."), which stays true however long
// a page is kept in a cache; here they say how long ago, in the page's language, and the
// full time stays in the title. Intl.RelativeTimeFormat is the browser's own: no
// library is needed for "3 days ago" / "3 дня назад".
const ago = new Intl.RelativeTimeFormat(document.documentElement.lang || undefined, {
  numeric: "auto",
});
const UNITS = [
  ["year", 365 * 24 * 3600],
  ["month", 30 * 24 * 3600],
  ["week", 7 * 24 * 3600],
  ["day", 24 * 3600],
  ["hour", 3600],
  ["minute", 60],
];

function sayHowLongAgo(root) {
  const now = Date.now();
  for (const time of root.querySelectorAll("time[data-ago]")) {
    const seconds = (Date.parse(time.dateTime) - now) / 1000;
    if (Number.isNaN(seconds)) {
      continue;
    }
    const [unit, size] = UNITS.find(([, size]) => Math.abs(seconds) >= size) || ["second", 1];
    // Under a minute is "now": counting seconds would change the text for nothing.
    time.textContent = ago.format(unit === "second" ? 0 : Math.round(seconds / size), unit);
  }
}

sayHowLongAgo(document);
document.addEventListener("htmx:load", (event) => sayHowLongAgo(event.detail.elt));
setInterval(() => sayHowLongAgo(document), 60 * 1000);

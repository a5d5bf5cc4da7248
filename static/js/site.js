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

// Small page behaviours, in a file rather than inline handlers, so the Content-Security-Policy
// can refuse every inline script. Loaded with defer: the document is parsed when this runs.
"use strict";

// <button data-print> prints the page (the monthly statement).
document.querySelectorAll("[data-print]").forEach(function (button) {
  button.addEventListener("click", function () {
    window.print();
  });
});

// <form data-confirm="question"> asks before it is sent (freezing the account, removing a card).
document.querySelectorAll("form[data-confirm]").forEach(function (form) {
  form.addEventListener("submit", function (event) {
    if (!window.confirm(form.dataset.confirm)) {
      event.preventDefault();
    }
  });
});

// --- Issue 12 item 10 (money helper): busy buttons, copying recovery codes, a spoken tracker ---

// A pressed submit button shows the form is on its way (aria-busy, .busy), and a second press
// while the next page loads is ignored: the idempotency key already makes a repeated payment one
// payment, this spares the user the doubt. A form that does not leave the page (a download, an
// htmx form) is usable again after a few seconds, and at once when the page comes back from the
// browser's back-forward cache.
var BUSY_MAX_MS = 8000;
function notBusy(form) {
  delete form.dataset.busy;
  form.querySelectorAll("[aria-busy]").forEach(function (button) {
    button.removeAttribute("aria-busy");
    button.classList.remove("busy");
  });
}
document.querySelectorAll("form").forEach(function (form) {
  form.addEventListener("submit", function (event) {
    if (event.defaultPrevented) {
      return;
    }
    if (form.dataset.busy === "true") {
      event.preventDefault();
      return;
    }
    form.dataset.busy = "true";
    if (event.submitter) {
      event.submitter.setAttribute("aria-busy", "true");
      event.submitter.classList.add("busy");
    }
    window.setTimeout(function () { notBusy(form); }, BUSY_MAX_MS);
  });
});
window.addEventListener("pageshow", function () {
  document.querySelectorAll("form[data-busy]").forEach(notBusy);
});

// <button data-copy="#list" data-copied="Copied"> copies the text of #list, one item a line.
document.querySelectorAll("[data-copy]").forEach(function (button) {
  button.addEventListener("click", function () {
    var source = document.querySelector(button.dataset.copy);
    if (!source || !navigator.clipboard) {
      return;
    }
    var items = source.querySelectorAll("li");
    var text = items.length === 0 ? source.textContent.trim()
      : Array.prototype.map.call(items, function (li) { return li.textContent.trim(); }).join("\n");
    navigator.clipboard.writeText(text).then(function () {
      button.textContent = button.dataset.copied || button.textContent;
    });
  });
});

// The tracker refreshes itself (htmx swaps the whole section); a screen reader hears the new
// state through a live region that stays on the page across swaps. It starts with the state
// shown, so only a change is spoken.
function trackerState() {
  var state = document.getElementById("tx-state");
  return state ? state.textContent.trim() : null;
}
if (document.getElementById("tracker")) {
  var speaker = document.createElement("p");
  speaker.id = "tracker-announcer";
  speaker.className = "visually-hidden";
  speaker.setAttribute("aria-live", "polite");
  speaker.dataset.state = trackerState() || "";
  document.body.appendChild(speaker);
  document.body.addEventListener("htmx:afterSwap", function () {
    var text = trackerState();
    if (text && speaker.dataset.state !== text) {
      speaker.dataset.state = text;
      speaker.textContent = text;
    }
  });
}
// The browser's time zone (issue 12, local times). A cookie lets pages for a signed-out visitor
// (the lock message on /login, the status page) write times in it; a signed-in user's own zone,
// chosen on the account page, wins over it. <input data-browser-zone> (registration) gets it
// too, so a new account starts in the zone of the device it was opened on.
(function () {
  var zone;
  try {
    zone = Intl.DateTimeFormat().resolvedOptions().timeZone;
  } catch (unsupported) {
    return;
  }
  if (!zone || zone.length > 64) {
    return;
  }
  var cookie = "okpay_tz=" + encodeURIComponent(zone) + "; path=/; max-age=31536000; SameSite=Lax";
  document.cookie = location.protocol === "https:" ? cookie + "; Secure" : cookie;
  document.querySelectorAll("input[data-browser-zone]").forEach(function (input) {
    if (!input.value) {
      input.value = zone;
    }
  });
})();

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

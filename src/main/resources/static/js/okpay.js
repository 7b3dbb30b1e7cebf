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

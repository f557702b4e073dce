// Tremplin's only script of its own (no inline script: the CSP forbids it).
// The pages work without it; it adds the CSRF header to htmx requests and
// fills a field with the suggestion a person picks.
(function () {
  "use strict";

  document.addEventListener("htmx:configRequest", function (event) {
    var meta = document.querySelector('meta[name="csrf-token"]');
    if (meta) {
      event.detail.headers["X-CSRF-Token"] = meta.content;
    }
  });

  function clearSuggestions(input) {
    var list = document.getElementById(input.id + "-suggestions");
    if (list) {
      list.innerHTML = "";
    }
  }

  document.addEventListener("click", function (event) {
    var choice = event.target.closest("button[data-fill]");
    if (!choice) {
      return;
    }
    var input = document.getElementById(choice.dataset.fill);
    input.value = choice.dataset.value;
    clearSuggestions(input);
    input.focus();
  });

  document.addEventListener("keydown", function (event) {
    if (event.key !== "Escape") {
      return;
    }
    var field = event.target.closest(".field");
    var input = field && field.querySelector("input[hx-get]");
    if (input) {
      clearSuggestions(input);
      input.focus();
    }
  });
})();

// The upload form asks each import kind's options (survey answers: survey and period) only
// when that kind is chosen: the other kinds' option fields are hidden. Without script every
// field shows, labelled with its kind, and the server ignores those of other kinds.
(function () {
  "use strict";
  var kind = document.querySelector("select[name=kind]");
  if (!kind) return;
  var options = document.querySelectorAll("[data-import-kind]");
  function show() {
    options.forEach(function (input) {
      var field = input.closest(".field");
      if (field) field.hidden = input.getAttribute("data-import-kind") !== kind.value;
    });
  }
  kind.addEventListener("change", show);
  show();
})();

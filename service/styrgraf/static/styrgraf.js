// styrgraf: a little script on top of pages that work without it.
(function () {
  "use strict";

  // Open every <details> before printing, so that a printed tree is the whole tree.
  window.addEventListener("beforeprint", function () {
    document.querySelectorAll("details").forEach(function (d) {
      if (!d.open) { d.dataset.printOpened = "1"; d.open = true; }
    });
  });
  window.addEventListener("afterprint", function () {
    document.querySelectorAll("details[data-print-opened]").forEach(function (d) {
      d.open = false; delete d.dataset.printOpened;
    });
  });

  document.addEventListener("DOMContentLoaded", function () {
    // Buttons that need the script are hidden until it runs.
    document.querySelectorAll("[data-needs-script]").forEach(function (el) {
      el.hidden = false;
    });
    document.querySelectorAll("[data-print]").forEach(function (button) {
      button.addEventListener("click", function () { window.print(); });
    });
  });
})();

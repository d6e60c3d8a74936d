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

// The goal tree: expand and collapse all, and filter as the form changes.
(function () {
  "use strict";

  function words(value) {
    return value ? value.split(" ").filter(Boolean) : [];
  }

  function setUp() {
    var tree = document.getElementById("goal-tree");
    var form = document.querySelector("form[data-tree-filters]");
    if (!tree || !form) { return; }
    var count = document.getElementById("tree-count");
    var none = document.getElementById("tree-none");
    var downloads = document.querySelectorAll("a[data-download]");
    var roots = Array.prototype.slice.call(tree.querySelectorAll(":scope > ul > li.node"));
    var total = tree.querySelectorAll("li.node").length;

    function children(li) {
      var details = li.querySelector(":scope > details");
      return details ? Array.prototype.slice.call(details.querySelectorAll(":scope > ul > li.node")) : [];
    }

    function chosen() {
      var data = new FormData(form);
      return {
        board: data.get("board") || "",
        unit: data.get("unit") || "",
        area: data.get("area") || "",
        focus: data.get("focus") || "",
        q: (data.get("q") || "").trim()
      };
    }

    function matches(li, f) {
      var d = li.dataset;
      var label = d.label || "";
      return (!f.board || d.board === f.board) &&
        (!f.unit || words(d.units).indexOf(f.unit) >= 0) &&
        (!f.area || d.area === f.area) &&
        (!f.focus || words(d.focus).indexOf(f.focus) >= 0) &&
        words(f.q.toLowerCase()).every(function (w) { return label.indexOf(w) >= 0; });
    }

    // The same rule as the server: a node is shown when it matches, lies beneath a match,
    // or leads to one; the branches that lead to a match are opened.
    function mark(li, f, filtered, above, tally) {
      var own = matches(li, f);
      var beneath = children(li).map(function (child) {
        return mark(child, f, filtered, above || own, tally);
      });
      var leads = beneath.some(Boolean);
      var shown = above || own || leads;
      li.hidden = !shown;
      li.classList.toggle("context", !own);
      if (own && shown) { tally.matched += 1; }
      var details = li.querySelector(":scope > details");
      if (details) {
        details.open = filtered ? leads : li.dataset.open === "open";
      }
      return shown;
    }

    function apply() {
      var f = chosen();
      var filtered = Boolean(f.board || f.unit || f.area || f.focus || f.q);
      tree.classList.toggle("filtered", filtered);
      var tally = { matched: 0 };
      roots.forEach(function (li) { mark(li, f, filtered, false, tally); });
      var template = filtered ? count.dataset.word : count.dataset.wordAll;
      var shown = filtered ? tally.matched : total;
      // The numbers as the page's language writes them, as the service wrote them.
      var lang = document.documentElement.lang;
      count.textContent = template.replace("{shown}", shown.toLocaleString(lang))
        .replace("{total}", total.toLocaleString(lang));
      none.hidden = tally.matched > 0;
      var query = new URLSearchParams();
      Object.keys(f).forEach(function (key) { if (f[key]) { query.set(key, f[key]); } });
      var search = query.toString();
      history.replaceState(null, "", form.getAttribute("action") + (search ? "?" + search : ""));
      // Each download (CSV, xlsx) follows the filters: its format is its data-download.
      downloads.forEach(function (link) {
        query.set("format", link.dataset.download);
        link.setAttribute("href", form.getAttribute("action") + "?" + query.toString());
      });
    }

    form.addEventListener("change", apply);
    form.addEventListener("input", function (event) {
      if (event.target.name === "q") { apply(); }
    });
    form.addEventListener("submit", function (event) { event.preventDefault(); apply(); });
    form.addEventListener("reset", function () { setTimeout(apply, 0); });

    function openAll(open) {
      tree.querySelectorAll("li.node:not([hidden]) > details").forEach(function (d) { d.open = open; });
    }
    var expand = document.querySelector("[data-expand]");
    var collapse = document.querySelector("[data-collapse]");
    if (expand) { expand.addEventListener("click", function () { openAll(true); }); }
    if (collapse) { collapse.addEventListener("click", function () { openAll(false); }); }
  }

  document.addEventListener("DOMContentLoaded", setUp);
})();

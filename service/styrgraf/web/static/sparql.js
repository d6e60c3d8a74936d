// styrgraf: the query page. Runs queries in place and shows the answer as a table; the page
// works without this script (the form asks the server, which answers with the same page).
(function () {
  "use strict";

  var form = document.getElementById("sparql-form");
  if (!form) { return; }
  var editor = document.getElementById("query");
  var gutter = form.querySelector(".gutter");
  var body = document.getElementById("results-body");
  // The downloads beneath a table: CSV and xlsx, each with its format in data-download.
  var downloads = Array.prototype.slice.call(document.querySelectorAll("a[data-download]"));
  var named = JSON.parse(document.getElementById("named-queries").textContent);
  var words = JSON.parse(document.getElementById("sparql-words").textContent);
  var root = form.dataset.root || "";
  var baseIri = form.dataset.baseIri || "";
  var lang = form.dataset.lang || "sv";
  var prefixes = JSON.parse(form.dataset.prefixes || "{}");
  var current = null;  // the named query in the editor, while its text is unchanged
  var namedField = document.getElementById("named-field");
  if (namedField) { current = namedField.value; }

  function numberLines() {
    var lines = editor.value.split("\n").length;
    var text = "";
    for (var i = 1; i <= lines; i++) { text += i + "\n"; }
    gutter.textContent = text;
    gutter.scrollTop = editor.scrollTop;
  }
  editor.addEventListener("input", function () {
    if (current && editor.value.trim() !== named[current].text.trim()) { choose(null); }
    numberLines();
  });
  editor.addEventListener("scroll", function () { gutter.scrollTop = editor.scrollTop; });
  editor.addEventListener("keydown", function (event) {
    if (event.key === "Enter" && (event.ctrlKey || event.metaKey)) {
      event.preventDefault();
      run();
    }
  });
  numberLines();

  function localUrl(iri) {
    if (baseIri && iri.indexOf(baseIri) === 0 && iri.length > baseIri.length) {
      return root + "/" + iri.slice(baseIri.length);
    }
    return root + "/resource?iri=" + encodeURIComponent(iri);
  }

  // An IRI as people read it in a table: sg:Board, or its path under the base.
  function shortIri(iri) {
    var names = Object.keys(prefixes);
    for (var i = 0; i < names.length; i++) {
      var namespace = prefixes[names[i]];
      if (iri.indexOf(namespace) === 0 && iri.length > namespace.length) {
        return names[i] + ":" + iri.slice(namespace.length);
      }
    }
    if (baseIri && iri.indexOf(baseIri) === 0 && iri.length > baseIri.length) {
      return iri.slice(baseIri.length);
    }
    return iri;
  }

  function fill(template, n) { return template.replace("{n}", String(n)); }

  function element(name, attributes, text) {
    var node = document.createElement(name);
    Object.keys(attributes || {}).forEach(function (key) { node.setAttribute(key, attributes[key]); });
    if (text !== undefined) { node.textContent = text; }
    return node;
  }

  // Which named query the form is about: its parameter fields shown, the others hidden.
  function choose(name) {
    current = name;
    form.querySelectorAll("fieldset.params").forEach(function (fieldset) {
      var mine = fieldset.dataset.paramsFor === name;
      fieldset.hidden = !mine;
      fieldset.disabled = !mine;
    });
    document.querySelectorAll("a.named-query").forEach(function (link) {
      if (link.dataset.named === name) { link.setAttribute("aria-current", "true"); }
      else { link.removeAttribute("aria-current"); }
    });
  }

  function parameters() {
    var values = [];
    if (!current) { return values; }
    var fieldset = form.querySelector('fieldset.params[data-params-for="' + current + '"]');
    if (!fieldset) { return values; }
    fieldset.querySelectorAll("input").forEach(function (input) {
      if (input.value.trim() !== "") { values.push([input.name, input.value.trim()]); }
    });
    return values;
  }

  function query(pairs) {
    return pairs.map(function (pair) {
      return encodeURIComponent(pair[0]) + "=" + encodeURIComponent(pair[1]);
    }).join("&");
  }

  function showError(status, message) {
    body.replaceChildren();
    var box = element("div", {"class": "result bad", "role": "alert"});
    var p = element("p");
    p.appendChild(element("strong", {}, words.error));
    p.appendChild(document.createTextNode(" (" + status + "): " + message));
    box.appendChild(p);
    body.appendChild(box);
    hideDownloads();
  }

  function hideDownloads() {
    downloads.forEach(function (link) { link.hidden = true; });
  }

  function showTable(document_, truncated) {
    body.replaceChildren();
    if (typeof document_.boolean === "boolean") {
      body.appendChild(element("p", {"class": "result " + (document_.boolean ? "good" : "warn")},
        document_.boolean ? words["true"] : words["false"]));
      return;
    }
    var variables = document_.head.vars || [];
    var rows = document_.results.bindings;
    var status = fill(words.count, rows.length);
    if (truncated) { status += " " + fill(words.truncated, truncated); }
    body.appendChild(element("p", {"id": "results-status"}, status));
    if (!rows.length) {
      body.appendChild(element("p", {"class": "muted"}, words.empty));
      return;
    }
    var scroll = element("div", {"class": "scroll"});
    var table = element("table", {"class": "results"});
    var head = element("thead");
    var headRow = element("tr");
    variables.forEach(function (v) { headRow.appendChild(element("th", {"scope": "col"}, v)); });
    head.appendChild(headRow);
    table.appendChild(head);
    var tbody = element("tbody");
    rows.forEach(function (row) {
      var tr = element("tr");
      variables.forEach(function (v) {
        var td = element("td");
        var term = row[v];
        if (term && term.type === "uri") {
          td.appendChild(element("a", {"href": localUrl(term.value), "title": term.value},
            shortIri(term.value)));
        } else if (term) {
          var span = element("span", term["xml:lang"] ? {"lang": term["xml:lang"]} : {}, term.value);
          td.appendChild(span);
        }
        tr.appendChild(td);
      });
      tbody.appendChild(tr);
    });
    table.appendChild(tbody);
    scroll.appendChild(table);
    body.appendChild(scroll);
  }

  function run() {
    var url, downloadUrl;
    var accept = "application/sparql-results+json, text/turtle;q=0.9";
    if (current && editor.value.trim() === named[current].text.trim()) {
      var fieldset = form.querySelector('fieldset.params[data-params-for="' + current + '"]');
      var missing = fieldset && fieldset.querySelector("input:invalid");
      if (missing) {
        missing.reportValidity();
        missing.focus();
        return;
      }
      var pairs = parameters().concat([["lang", lang]]);
      url = root + "/api/queries/" + encodeURIComponent(current) + "?" + query(pairs);
      downloadUrl = function (format) { return url + "&format=" + format; };
    } else {
      url = root + "/sparql?" + query([["query", editor.value]]);
      downloadUrl = function (format) {
        return root + "/sparql?" + query([["query", editor.value], ["format", format]]);
      };
    }
    body.replaceChildren(element("p", {"class": "muted"}, words.running));
    fetch(url, {headers: {"Accept": accept}}).then(function (response) {
      var type = response.headers.get("Content-Type") || "";
      var truncated = response.headers.get("Styrgraf-Results-Truncated");
      return response.text().then(function (text) {
        if (!response.ok) {
          var message = text;
          try { message = JSON.parse(text).error; } catch (ignored) { /* not JSON */ }
          showError(response.status, message);
          return;
        }
        if (type.indexOf("text/turtle") === 0) {
          body.replaceChildren(element("pre", {"class": "graph"}, text));
          hideDownloads();
          return;
        }
        var answer = JSON.parse(text);
        showTable(answer, truncated);
        downloads.forEach(function (link) {
          link.href = downloadUrl(link.dataset.download);
          link.hidden = typeof answer.boolean === "boolean";
        });
      });
    }).catch(function (problem) {
      showError(0, String(problem));
    });
    var address = root + "/sparql?" + query(
      current ? [["named", current]].concat(parameters()) : [["query", editor.value]]);
    history.replaceState(null, "", address + "#results");
  }

  form.addEventListener("submit", function (event) {
    event.preventDefault();
    run();
  });

  document.querySelectorAll("a.named-query").forEach(function (link) {
    link.addEventListener("click", function (event) {
      event.preventDefault();
      var name = link.dataset.named;
      editor.value = named[name].text;
      numberLines();
      choose(name);
      if (named[name].required.length) {
        var first = form.querySelector('fieldset.params[data-params-for="' + name + '"] input');
        if (first) { first.focus(); }
        body.replaceChildren();
        hideDownloads();
        return;
      }
      run();
    });
  });
})();

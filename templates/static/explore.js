// The explorer (explore/): filters explore/index.json (see coprod/explore.py) in the browser.
// Values of one facet OR, facets AND; an optional title query; a month range. The whole
// state lives in the query string (country=cz&country=pl&from=2022-01&q=...), so a view
// can be bookmarked, shared and reloaded. Downloads are made here from the same rows.
(function () {
  "use strict";
  var root = document.querySelector("[data-explore]");
  if (!root) return;
  var KINDS = ["countries", "partners", "categories", "activities"];
  var PARAM = {countries: "country", partners: "partner", categories: "category", activities: "activity"};
  var MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August",
                "September", "October", "November", "December"];
  var SLUG_LENGTH = 80;
  var PAGE = 100;  // results drawn at once; "Show more" draws the next ones
  var MONTH = /^\d{4}-(0[1-9]|1[0-2])$/;
  var form = root.querySelector("[data-explore-form]");
  var countLine = root.querySelector("[data-explore-count]");
  var list = root.querySelector("[data-explore-results]");
  var more = root.querySelector("[data-explore-more]");
  var index = null, titles = [], shown = [], drawn = 0;

  function fold(text) {
    return text.normalize("NFD").replace(/[\u0300-\u036f]/g, "").toLowerCase();
  }

  function words(text) {
    return fold(text).split(/[^\p{L}\p{N}]+/u).filter(Boolean);
  }

  function readState() {
    var params = new URLSearchParams(location.search);
    var state = {q: (params.get("q") || "").slice(0, 200), from: params.get("from") || "",
                 to: params.get("to") || "", sort: params.get("sort") === "relevance" ? "relevance" : "date",
                 terms: {}};
    if (!MONTH.test(state.from)) state.from = "";
    if (!MONTH.test(state.to)) state.to = "";
    KINDS.forEach(function (kind) { state.terms[kind] = params.getAll(PARAM[kind]); });
    return state;
  }

  function formState() {
    var state = {q: form.elements.q.value.trim(), from: form.elements.from.value, to: form.elements.to.value,
                 sort: form.elements.sort.value, terms: {}};
    if (!MONTH.test(state.from)) state.from = "";
    if (!MONTH.test(state.to)) state.to = "";
    KINDS.forEach(function (kind) {
      state.terms[kind] = Array.prototype.map.call(
        root.querySelectorAll('[data-facet="' + kind + '"] input[type=checkbox]:checked'),
        function (box) { return box.value; });
    });
    return state;
  }

  function writeState(state) {
    var params = new URLSearchParams();
    if (state.q) params.set("q", state.q);
    KINDS.forEach(function (kind) {
      state.terms[kind].forEach(function (slug) { params.append(PARAM[kind], slug); });
    });
    if (state.from) params.set("from", state.from);
    if (state.to) params.set("to", state.to);
    if (state.sort === "relevance") params.set("sort", "relevance");
    var query = params.toString();
    history.replaceState(null, "", location.pathname + (query ? "?" + query : "") + location.hash);
  }

  function fillForm(state) {
    form.elements.q.value = state.q;
    form.elements.from.value = state.from;
    form.elements.to.value = state.to;
    form.elements.sort.value = state.sort;
    KINDS.forEach(function (kind) {
      var wanted = new Set(state.terms[kind]);
      root.querySelectorAll('[data-facet="' + kind + '"] input[type=checkbox]').forEach(function (box) {
        box.checked = wanted.has(box.value);
      });
    });
  }

  function buildFacets() {
    var counts = {};
    KINDS.forEach(function (kind, k) {
      counts[kind] = index.terms[kind].map(function () { return 0; });
      index.entries.forEach(function (row) {
        row[3 + k].forEach(function (id) { counts[kind][id] += 1; });
      });
    });
    KINDS.forEach(function (kind) {
      var box = root.querySelector('[data-facet="' + kind + '"] [data-options]');
      var fragment = document.createDocumentFragment();
      index.terms[kind].forEach(function (term, id) {
        var label = document.createElement("label");
        label.className = "explore-option";
        label.dataset.name = fold(term[1]);
        var input = document.createElement("input");
        input.type = "checkbox";
        input.name = PARAM[kind];
        input.value = term[0];
        label.appendChild(input);
        label.appendChild(document.createTextNode(" " + term[1] + " "));
        var count = document.createElement("span");
        count.className = "explore-option-count";
        count.textContent = "(" + counts[kind][id] + ")";
        label.appendChild(count);
        fragment.appendChild(label);
      });
      box.appendChild(fragment);
    });
  }

  function filterPartners() {
    var wanted = fold(root.querySelector("[data-facet-filter]").value.trim());
    root.querySelectorAll('[data-facet="partners"] .explore-option').forEach(function (label) {
      label.hidden = wanted !== "" && label.dataset.name.indexOf(wanted) < 0 && !label.firstChild.checked;
    });
  }

  // An entry's months: one month, or the twelve of its year for a year-precision date.
  function span(date) {
    if (date.length === 4) return [date + "-01", date + "-12"];
    return [date.slice(0, 7), date.slice(0, 7)];
  }

  function select(state) {
    var wanted = KINDS.map(function (kind, k) {
      if (!state.terms[kind].length) return null;
      var ids = new Set();
      state.terms[kind].forEach(function (slug) {
        index.terms[kind].forEach(function (term, id) { if (term[0] === slug) ids.add(id); });
      });
      return ids;
    });
    var query = words(state.q);
    var found = [];
    index.entries.forEach(function (row, position) {
      for (var k = 0; k < KINDS.length; k += 1) {
        if (wanted[k] && !row[3 + k].some(function (id) { return wanted[k].has(id); })) return;
      }
      if (state.from || state.to) {
        if (!row[2]) return;
        var months = span(row[2]);
        if (state.from && months[1] < state.from) return;
        if (state.to && months[0] > state.to) return;
      }
      var score = 0;
      if (query.length) {
        var title = titles[position];
        for (var i = 0; i < query.length; i += 1) {
          var at = title.text.indexOf(query[i]);
          if (at < 0) return;
          score += title.words.has(query[i]) ? 2 : 1;  // a whole word counts more than part of one
        }
        if (query.length > 1 && title.text.indexOf(query.join(" ")) >= 0) score += query.length;
      }
      found.push({row: row, position: position, score: score});
    });
    if (state.sort === "relevance" && query.length) {
      found.sort(function (a, b) { return b.score - a.score || a.position - b.position; });
    }
    return found;
  }

  function dateLabel(date) {
    if (!date) return "Date unknown";
    if (date.length === 4) return date;
    var month = MONTHS[Number(date.slice(5, 7)) - 1] + " " + date.slice(0, 4);
    return date.length === 7 ? month : Number(date.slice(8, 10)) + " " + month;
  }

  function names(row, k) {
    return row[3 + k].map(function (id) { return index.terms[KINDS[k]][id][1]; });
  }

  function entryUrl(row) {
    return new URL(root.dataset.entries + row[0] + "/", location.href).href;
  }

  function draw(upTo) {
    var fragment = document.createDocumentFragment();
    for (; drawn < Math.min(upTo, shown.length); drawn += 1) {
      var row = shown[drawn].row;
      var item = document.createElement("li");
      item.className = "explore-result";
      var link = document.createElement("a");
      link.href = root.dataset.entries + row[0] + "/";
      link.textContent = row[1];
      var heading = document.createElement("h2");
      heading.appendChild(link);
      item.appendChild(heading);
      var meta = document.createElement("p");
      meta.className = "explore-meta";
      if (row[2]) {
        var time = document.createElement("time");
        time.dateTime = row[2];
        time.textContent = dateLabel(row[2]);
        meta.appendChild(time);
      } else {
        meta.appendChild(document.createTextNode(dateLabel("")));
      }
      var countries = names(row, 0), partners = names(row, 1);
      var rest = countries.concat(partners).join(", ");
      if (rest) meta.appendChild(document.createTextNode(" · " + rest));
      item.appendChild(meta);
      fragment.appendChild(item);
    }
    list.appendChild(fragment);
    more.hidden = drawn >= shown.length;
  }

  function update(fromForm) {
    if (!fromForm) fillForm(readState());
    var state = formState();  // values the index does not know (an old link) are dropped here
    form.elements.sort.querySelector('[value="relevance"]').disabled = !state.q;
    if (!state.q && state.sort === "relevance") {
      state.sort = "date";
      form.elements.sort.value = "date";
    }
    writeState(state);
    shown = select(state);
    list.textContent = "";
    drawn = 0;
    draw(PAGE);
    var total = index.entries.length;
    countLine.textContent = shown.length === total ? "All " + total + " entries"
      : shown.length + (shown.length === 1 ? " entry" : " entries") + " of " + total;
    filterPartners();
  }

  function csvCell(value) {
    var text = String(value);
    if (/^[=+\-@\t\r]/.test(text)) text = "'" + text;  // shown as text, never run as a formula
    return /[",\r\n]/.test(text) ? '"' + text.replace(/"/g, '""') + '"' : text;
  }

  function records() {
    return shown.map(function (hit) {
      var row = hit.row;
      return {title: row[1], date: row[2] || null, url: entryUrl(row), countries: names(row, 0),
              partners: names(row, 1), categories: names(row, 2), activities: names(row, 3)};
    });
  }

  function download(kind) {
    var rows = records(), body, type;
    if (kind === "csv") {
      var columns = ["title", "date", "url", "countries", "partners", "categories", "activities"];
      body = "\ufeff" + [columns.join(",")].concat(rows.map(function (record) {
        return columns.map(function (column) {
          var value = record[column];
          return csvCell(Array.isArray(value) ? value.join(";") : value === null ? "" : value);
        }).join(",");
      })).join("\r\n") + "\r\n";
      type = "text/csv;charset=utf-8";
    } else {
      body = JSON.stringify(rows, null, 2) + "\n";
      type = "application/json";
    }
    var link = document.createElement("a");
    link.href = URL.createObjectURL(new Blob([body], {type: type}));
    link.download = "entries-explored." + kind;
    document.body.appendChild(link);
    link.click();
    link.remove();
    setTimeout(function () { URL.revokeObjectURL(link.href); }, 1000);
  }

  // The same rule as plain_slug in coprod/explore.py: the slug most titles get.
  function plainSlug(title) {
    var slug = title.normalize("NFD").replace(/[\u0300-\u036f]/g, "").replace(/[^A-Za-z0-9]+/g, "-")
      .replace(/^-+|-+$/g, "").toLowerCase();
    if (slug.length < SLUG_LENGTH || slug.indexOf("-") < 0) return slug.slice(0, SLUG_LENGTH);
    var cut = "", parts = slug.split("-");
    for (var i = 0; i < parts.length; i += 1) {
      if (cut.length + parts[i].length < SLUG_LENGTH) {
        cut += parts[i] + "-";
      } else {
        if (cut.length + parts[i].length === SLUG_LENGTH) cut += parts[i];
        break;
      }
    }
    return cut.replace(/^-+|-+$/g, "") || slug.slice(0, SLUG_LENGTH);
  }

  // The index's columns (see coprod/explore.py) as one row per entry:
  // [slug, title, date, country ids, partner ids, category ids, activity ids].
  function rowsOf(columns) {
    return columns.title.map(function (title, i) {
      var stored = columns.slug[i];
      var slug = stored === "" ? plainSlug(title) : stored.charAt(0) === "-" ? plainSlug(title) + stored : stored;
      return [slug, title, columns.date[i]].concat(KINDS.map(function (kind) { return columns[kind][i]; }));
    });
  }

  function start(data) {
    index = {terms: data.terms, entries: rowsOf(data.entries)};
    titles = index.entries.map(function (row) {
      return {text: words(row[1]).join(" "), words: new Set(words(row[1]))};
    });
    buildFacets();
    root.querySelector("[data-explore-fallback]").hidden = true;
    form.hidden = false;
    form.addEventListener("submit", function (event) { event.preventDefault(); update(true); });
    form.addEventListener("change", function (event) {
      if (!event.target.hasAttribute("data-facet-filter")) update(true);
    });
    var typing = null;
    form.elements.q.addEventListener("input", function () {
      clearTimeout(typing);
      typing = setTimeout(function () { update(true); }, 150);
    });
    root.querySelector("[data-facet-filter]").addEventListener("input", filterPartners);
    root.querySelector("[data-explore-clear]").addEventListener("click", function () {
      history.replaceState(null, "", location.pathname + location.hash);
      update(false);
    });
    root.querySelector("[data-explore-show-more]").addEventListener("click", function () { draw(drawn + PAGE); });
    root.querySelectorAll("[data-download]").forEach(function (button) {
      button.addEventListener("click", function () { download(button.dataset.download); });
    });
    update(false);
  }

  fetch(root.dataset.index)
    .then(function (response) {
      if (!response.ok) throw new Error("HTTP " + response.status);
      return response.json();
    })
    .then(start)
    .catch(function () {
      countLine.textContent = "The explorer's index could not be loaded; the term pages below still lead to every entry.";
    });
})();

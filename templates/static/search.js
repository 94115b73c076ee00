/* Coprod search, loaded on every page of a site built with its search index.

   Everywhere: the header's "Search" link (what readers without JavaScript get; the
   search page then links the indexes) becomes a search box that opens search/?q=….
   On search/: Pagefind's UI (pagefind-ui.js, loaded before this file) searches the
   index with facets for country, partner, category, activity and year, starts from
   ?q= and keeps ?q= up to date, so a search can be bookmarked and shared.
   Pagefind finds its files next to pagefind-ui.js, so the site works under any path. */
(function () {
  "use strict";

  var box = document.querySelector("[data-site-search]");
  if (box) {
    var form = box.querySelector("form");
    var link = box.querySelector("a");
    if (form && link) {
      form.hidden = false;
      link.hidden = true;
    }
  }

  var target = document.querySelector("[data-search-ui]");
  if (!target || typeof window.PagefindUI !== "function") {
    return;
  }
  var params = new URLSearchParams(window.location.search);
  var ui = new window.PagefindUI({
    element: "#" + target.id,
    showSubResults: false,
    showImages: false,
    excerptLength: 30,
    pageSize: 10,
    autofocus: !params.get("q"),
    openFilters: ["country", "category", "year"],
    showEmptyFilters: false,
    translations: {
      placeholder: "Search the entries",
      zero_results: "No entry matches [SEARCH_TERM]",
      filters_label: "Narrow down"
    },
    processResult: function (result) {
      // beside the title: the date first, then the countries
      var meta = result.meta || {};
      result.meta = { title: meta.title, date: meta.date, countries: meta.countries };
      Object.keys(result.meta).forEach(function (key) {
        if (result.meta[key] === undefined) {
          delete result.meta[key];
        }
      });
      return result;
    },
    processTerm: function (term) {
      var url = new URL(window.location.href);
      if (term) {
        url.searchParams.set("q", term);
      } else {
        url.searchParams.delete("q");
      }
      window.history.replaceState(null, "", url);
      return term;
    }
  });
  // Pagefind's box is labelled only by its placeholder: give it a name of its own
  var input = target.querySelector("input.pagefind-ui__search-input");
  if (input) {
    input.setAttribute("aria-label", "Search the entries");
  }
  var fallback = document.querySelector("[data-search-fallback]");
  if (fallback) {
    fallback.hidden = true;
  }
  if (params.get("q")) {
    ui.triggerSearch(params.get("q"));
  }
})();

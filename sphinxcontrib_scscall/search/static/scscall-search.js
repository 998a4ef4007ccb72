/*
 * Report-level search for the SCS call archive (sphinxcontrib-scscall).
 *
 * Over http(s) the query, and the team/year/kind filters of the URL, go to the
 * Pagefind index of team reports (_pagefind/): the script inlined at the top of
 * the page (start.js of the package) has started that search before this one
 * runs and hands it over as window.scscallSearch; the results replace Sphinx's
 * page-level ones in #search-results. Opened from disk (file:), where the
 * index's WebAssembly cannot be fetched, Sphinx's own search answers as usual:
 * the page holds its scripts back (inert <script data-scscall-sphinx-search>
 * elements) and this script loads them there, or when the report index fails.
 * Every text shown that came from the URL or the index is set as text, never
 * as HTML, except Pagefind's excerpts, whose only markup is <mark>.
 */
"use strict";

(() => {
  // the team names, from this script element's data-labels (read now: currentScript is
  // only set while the script first runs)
  const LABELS = JSON.parse((document.currentScript && document.currentScript.dataset.labels) ||
                           '{"team": {}}');
  const FILTERS = ["team", "year", "kind"];
  const FILTER_LABELS = { team: "All teams", year: "All years", kind: "All kinds" };
  const KIND_NAMES = { report: "Team reports", topic: "Topics", action: "Actions",
                       decision: "Decisions", event: "Events" };
  const SUB_RESULTS = 3;

  const contentRoot = () =>
    new URL(document.documentElement.dataset.content_root || "./", window.location.href);

  const element = (tag, attributes = {}, text = null) => {
    const node = document.createElement(tag);
    for (const [name, value] of Object.entries(attributes)) node.setAttribute(name, value);
    if (text !== null) node.textContent = text;
    return node;
  };

  /* Pagefind's excerpt is the record's (escaped) text with <mark> around the matches. */
  const excerptNode = (excerpt) => {
    const paragraph = element("p", { class: "context" });
    const parser = new DOMParser().parseFromString(`<body>${excerpt}</body>`, "text/html");
    for (const child of parser.body.childNodes) {
      if (child.nodeType === Node.TEXT_NODE) paragraph.append(child.textContent);
      else if (child.nodeName === "MARK") paragraph.append(element("mark", {}, child.textContent));
      else paragraph.append(child.textContent);
    }
    return paragraph;
  };

  const optionLabel = (name, value) => {
    if (name === "team") return LABELS.team[value] || value;
    if (name === "kind") return KIND_NAMES[value] || value;
    return value;
  };

  /* One select per filter in the search form: the values that occur, with their counts. */
  const showFilters = (form, counts, wanted) => {
    const holder = form.querySelector(".scscall-search-filters") ||
      form.appendChild(element("span", { class: "scscall-search-filters" }));
    holder.replaceChildren();
    for (const name of FILTERS) {
      const values = Object.entries(counts[name] || {}).filter(([, count]) => count > 0);
      if (!values.length && !wanted[name]) continue;
      values.sort(([a], [b]) => (name === "year" ? b.localeCompare(a) : a.localeCompare(b)));
      const select = element("select", { name, "aria-label": FILTER_LABELS[name] });
      select.append(element("option", { value: "" }, FILTER_LABELS[name]));
      for (const [value, count] of values) {
        select.append(element("option", { value }, `${optionLabel(name, value)} (${count})`));
      }
      if (wanted[name] && !values.some(([value]) => value === wanted[name])) {
        select.append(element("option", { value: wanted[name] }, `${wanted[name]} (0)`));
      }
      select.value = wanted[name] || "";
      select.addEventListener("change", () => form.requestSubmit());
      holder.append(select);
    }
    // an unset filter stays out of the URL, so shared links read as what they mean
    form.addEventListener("submit", () => {
      for (const select of holder.querySelectorAll("select")) select.disabled = !select.value;
    });
  };

  const resultItem = (data, root) => {
    const item = element("li", { class: `scscall-search-result scscall-kind-${data.meta.kind}` });
    const href = new URL(data.meta.url, root).href;
    const heading = item.appendChild(element("a", { href, class: "scscall-search-title" }));
    heading.textContent = data.meta.title;
    item.append(element("span", { class: "scscall-search-call" },
      ` · ${data.meta.call}${data.meta.call.includes(data.meta.date) ? "" : ` (${data.meta.date})`}`));
    item.append(excerptNode(data.excerpt));
    const page = href.split("#")[0];
    const ownAnchor = href.split("#")[1];
    const topics = data.sub_results.filter((sub) => sub.anchor && sub.anchor.id !== ownAnchor);
    if (topics.length) {
      const list = item.appendChild(element("ul", { class: "scscall-search-topics" }));
      for (const sub of topics.slice(0, SUB_RESULTS)) {
        const entry = list.appendChild(element("li"));
        entry.append(element("a", { href: `${page}#${sub.anchor.id}` }, sub.title));
        entry.append(excerptNode(sub.excerpt));
      }
    }
    return item;
  };

  const summaryText = (count, query) => {
    const shown = query ? `“${query}”` : "your filters";
    if (!count) return `No team reports match ${shown}.`;
    return `Found ${count} result${count === 1 ? "" : "s"} for ${shown}.`;
  };

  const showResults = async (out, search, query, pageSize) => {
    const root = contentRoot();
    out.append(element("h2", {}, "Search Results"));
    const summary = out.appendChild(element("p", { class: "search-summary" }));
    const list = out.appendChild(element("ul", { class: "search scscall-search-results", role: "list" }));
    summary.textContent = summaryText(search.results.length, query);
    let shown = 0;
    const more = element("button", { type: "button", class: "scscall-search-more" }, "More results");
    const showMore = async () => {
      const page = search.results.slice(shown, shown + pageSize);
      shown += page.length;
      const data = await Promise.all(page.map((result) => result.data()));
      list.append(...data.map((entry) => resultItem(entry, root)));
      if (shown >= search.results.length) more.remove();
    };
    more.addEventListener("click", showMore);
    if (search.results.length > pageSize) out.append(more);
    await showMore();
    out.dataset.scscallSearch = "done";
  };

  /* The results of the search start.js began: the URL's words and filters. */
  const reportSearch = async (started, rawQuery) => {
    const { query, wanted, pageSize } = started;
    const out = document.getElementById("search-results");
    const form = document.querySelector('form input[name="q"]')?.closest("form");
    const loaded = await started.engine;
    const search = await started.results;
    // the first page's records before any change to the page: filters and results then go in
    // at once, and the browser lays the page out once rather than for each part
    await Promise.all((search?.results ?? []).slice(0, pageSize).map((result) => result.data()));
    out.replaceChildren();
    const progress = document.getElementById("search-progress");
    if (progress) progress.textContent = "";
    const typed = (rawQuery || "").trim();
    if (!search) {
      // only stop words: Sphinx's search ignores them too
      if (form) showFilters(form, loaded.everyFilter, wanted);
      out.append(element("h2", {}, "Search Results"));
      out.append(element("p", { class: "search-summary" },
        "No results: the search ignores common words such as “the” and “and”."));
      out.append(element("ul", { class: "search scscall-search-results", role: "list" }));
      out.dataset.scscallSearch = "done";
      return;
    }
    if (form) showFilters(form, query ? search.totalFilters : loaded.everyFilter, wanted);
    await showResults(out, search, typed, pageSize);
  };

  const whenParsed = (then) => {
    if (document.readyState === "loading") {
      document.addEventListener("readystatechange", then, { once: true });
    } else {
      then();
    }
  };

  /* Sphinx's search scripts the page held back (some follow this script), in their order;
     once loaded, its search answers the URL's query. */
  const loadSphinxSearch = () => whenParsed(() => {
    for (const held of document.querySelectorAll("script[data-scscall-sphinx-search]")) {
      const script = element("script", { src: held.dataset.scscallSphinxSearch });
      script.async = false; // run in the order they were listed
      held.replaceWith(script);
    }
  });

  if (window.location.protocol === "file:") {
    // Sphinx's search answers; the page summaries it would fetch are refused from disk
    if (typeof DOCUMENTATION_OPTIONS !== "undefined") DOCUMENTATION_OPTIONS.SHOW_SEARCH_SUMMARY = false;
    loadSphinxSearch();
    return;
  }
  const started = window.scscallSearch;
  if (!started) {
    loadSphinxSearch(); // the page has no report index: Sphinx's search answers
    return;
  }
  let sphinxSearch = null;
  let running = null;
  const fallBack = (query, error) => {
    console.warn("report search unavailable, using Sphinx's search:", error);
    document.getElementById("search-results").replaceChildren();
    if (query && sphinxSearch) sphinxSearch(query);
    else loadSphinxSearch();
  };
  // Sphinx's search would also answer the query (at DOMContentLoaded): one search runs
  const start = (query) => {
    running ??= reportSearch(started, query).catch((error) => fallBack(query, error));
    return running;
  };
  const begin = () => {
    // a theme's search page whose scripts were not held back: searchtools.js (after this
    // script) has run once the page is parsed, and would answer too
    if (typeof Search !== "undefined") {
      sphinxSearch = Search.performSearch;
      Search.performSearch = start;
    }
    const params = new URLSearchParams(window.location.search);
    // the search boxes show the words searched, as Sphinx's search page does
    if (params.has("q")) {
      for (const input of document.querySelectorAll('input[name="q"]')) input.value = params.get("q");
    }
    // a team page's "search this team's reports" may send filters without words
    if (params.get("q") || Object.keys(started.wanted).length) start(params.get("q") || "");
  };
  whenParsed(begin);
})();

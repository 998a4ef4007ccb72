/*
 * Starts the report search of the URL as the search page's HTML arrives
 * (sphinxcontrib-scscall inlines this script at the top of the search page's
 * <head>, after a <meta name="scscall-search"> that describes the index).
 *
 * Loaded one after another, as Pagefind itself would (its script, then its
 * entry file, then its metadata and WebAssembly, then the index chunks of the
 * words, then the results' fragments), with the page's own styles and scripts
 * ahead of it, the search would wait for six or more round trips. Here
 * everything a search needs is requested at once, the index chunks of the
 * query's words included, and the search runs, and the first page's fragments
 * load, while the browser still fetches the page's styles and scripts.
 * scscall-search.js (after them) shows what window.scscallSearch holds.
 * Opened from disk (file:), Sphinx's own search answers and nothing starts.
 */
"use strict";

(() => {
  if (window.location.protocol === "file:") return;
  const described = JSON.parse(document.currentScript.previousElementSibling.content);
  const FILTERS = ["team", "year", "kind"];
  const MAX_QUERY_LENGTH = 200;
  const PAGE_SIZE = 10;
  // at most the results whose words are compared with the query's as typed (fragments load)
  const MOST_CHECKED_EXACTLY = 50;
  const index = new URL(described.index, window.location.href);
  const params = new URLSearchParams(window.location.search);

  // the query's words without Sphinx's stop words, as typed otherwise
  const stopwords = new Set(described.stopwords);
  const typed = (params.get("q") || "").slice(0, MAX_QUERY_LENGTH).split(/\s+/).filter(Boolean);
  const query = typed
    .filter((word) => !stopwords.has(word.toLowerCase().replace(/^"|"$/g, "")))
    .join(" ");
  const wanted = {};
  for (const name of FILTERS) {
    if (params.get(name)) wanted[name] = params.get(name);
  }

  const preload = (path) => {
    const link = document.createElement("link");
    Object.assign(link, { rel: "preload", as: "fetch", crossOrigin: "anonymous" });
    link.href = new URL(path, index).href;
    document.head.append(link);
  };

  /* The index chunks Pagefind will ask for a word (its request_indexes): those whose word
     range holds it, else those whose range holds it cut to the length of their bounds. */
  const chunksOf = (word) => {
    const within = described.chunks.filter(([from, to]) => from <= word && word <= to);
    if (within.length) return within;
    const cut = (text, bound) => [...text].slice(0, [...bound].length).join("");
    return described.chunks.filter(
      ([from, to]) => cut(word, from) >= cut(from, word) && cut(word, to) <= cut(to, word),
    );
  };

  /* The words of the query as Pagefind normalises them: lower case, no punctuation, no
     diacritics. */
  const wordsOf = (text) =>
    text
      .toLowerCase()
      .replace(/[\p{Pd}\p{Pe}\p{Pf}\p{Pi}\p{Po}\p{Ps}]/gu, "")
      .normalize("NFD")
      .replace(/\p{M}/gu, "")
      .split(/\s+/)
      .filter(Boolean);

  const fetchJSON = async (url) => {
    const response = await fetch(url);
    if (!response.ok) throw new Error(`${url}: HTTP ${response.status}`);
    return response.json();
  };

  /* Pagefind with its filters, the index chunks of the words and the records' order by date. */
  const loadEngine = async (script, order) => {
    const pagefind = await script;
    // each search is a page load of its own, so a worker would add its start-up (one more
    // script to fetch and compile before the index loads) to every search and save nothing
    await pagefind.options({ excerptLength: 24, noWorker: true, metaCacheTag: described.tag });
    // filters loaded before a search make it count its results per filter value
    const [everyFilter, pageIds] = await Promise.all([
      pagefind.filters(),
      order,
      query ? pagefind.preload(query, {}) : null,
    ]);
    const newestFirst = new Map(pageIds.map((id, position) => [id, position]));
    performance.mark("scscall-search:engine-ready");
    return { pagefind, everyFilter, newestFirst };
  };

  /* Pagefind indexes word stems, so "validator" finds "validation" as well, with the same
     score: among the first results, those holding more of the query's words as typed go
     first, in their order otherwise. The results' fragments are read a page at a time (the
     listing loads the first page's anyway), and no further once all read hold every word. */
  const exactFirst = async (results, words) => {
    const heldWords = async (result) => {
      const held = new Set(wordsOf((await result.data()).content));
      return words.filter((word) => held.has(word)).length;
    };
    const checked = [];
    const most = Math.min(results.length, MOST_CHECKED_EXACTLY);
    while (checked.length < most) {
      const page = results.slice(checked.length, checked.length + PAGE_SIZE);
      const counts = await Promise.all(page.map(heldWords));
      checked.push(...page.map((result, index) => ({ result, exact: counts[index] })));
      if (checked.every(({ exact }) => exact === words.length)) return results;
    }
    const order = checked.map((entry, index) => ({ ...entry, index }));
    order.sort((a, b) => b.exact - a.exact || a.index - b.index);
    return [...order.map(({ result }) => result), ...results.slice(checked.length)];
  };

  /* Pagefind's relevance order, newer call first among equal scores, the words as typed
     before other words of their stem; without words, newest first. Starts loading the first
     page's fragments. */
  const rankedSearch = async (engine) => {
    const { pagefind, newestFirst } = await engine;
    let search;
    if (!query) {
      search = await pagefind.search(null, { filters: wanted, sort: { date: "desc" } });
    } else {
      search = await pagefind.search(query, { filters: wanted });
      // Pagefind lists equal scores in no set order; rounding keeps float noise from splitting ties
      const score = (result) => Math.round(result.score * 1e4);
      search.results.sort(
        (a, b) => score(b) - score(a) || newestFirst.get(a.id) - newestFirst.get(b.id),
      );
      search.results = await exactFirst(search.results, wordsOf(query));
    }
    performance.mark("scscall-search:searched");
    for (const result of search.results.slice(0, PAGE_SIZE)) result.data().catch(() => {});
    return search;
  };

  // in the order they are needed: over HTTP/1 the requests queue behind the page's own
  // styles and scripts, six at a time
  const script = import(new URL("pagefind.js", index).href);
  for (const path of described.files) preload(path);
  const chunks = wordsOf(query).flatMap((word) => chunksOf(word).map(([, , hash]) => hash));
  for (const hash of new Set(chunks)) preload(`index/${hash}.pf_index`);
  const order = fetchJSON(new URL(described.newest_first, index));
  const engine = loadEngine(script, order);
  // Pagefind's first Intl.Segmenter loads ICU's rules (30 to 100 ms): here, while the
  // browser waits for the network, rather than in the search
  const language = document.documentElement.lang || "en";
  setTimeout(() => new Intl.Segmenter(language, { granularity: "grapheme" }), 0);
  // words that are all stop words find nothing (Sphinx's search ignores them too); no words
  // at all list what the filters match (a team page's "search this team's reports")
  const asked = params.has("q") || Object.keys(wanted).length > 0;
  const searching = query || (!typed.length && asked);
  const results = searching ? rankedSearch(engine) : null;
  // failures are handled where these are awaited
  script.catch(() => {});
  order.catch(() => {});
  engine.catch(() => {});
  results?.catch(() => {});
  window.scscallSearch = { query, wanted, engine, results, pageSize: PAGE_SIZE };
})();

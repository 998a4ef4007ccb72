/* Filter a call archive by team and year in the browser: no server, works from file://.
 * Entries carry their year and the teams that reported as classes
 * (scscall-year-2024, scscall-reported-iaas); team labels come from the team links. */
(function () {
  "use strict";
  const TEAM = "scscall-reported-";
  const YEAR = "scscall-year-";

  function marked(element, prefix) {
    return Array.from(element.classList).filter((name) => name.startsWith(prefix));
  }

  function select(label, allLabel, choices) {
    const wrapper = document.createElement("label");
    wrapper.append(label + " ");
    const element = document.createElement("select");
    element.add(new Option(allLabel, ""));
    for (const [value, text] of choices) {
      element.add(new Option(text, value));
    }
    wrapper.append(element);
    return { wrapper, element };
  }

  function setUp(archive) {
    const entries = Array.from(archive.querySelectorAll("li.scscall-archive-entry"));
    if (entries.length === 0) {
      return;
    }
    const teams = new Map();
    for (const link of archive.querySelectorAll("a.scscall-team-link")) {
      for (const name of marked(link, TEAM)) {
        if (!teams.has(name)) {
          teams.set(name, link.textContent);
        }
      }
    }
    const years = new Set(entries.flatMap((entry) => marked(entry, YEAR)));
    const team = select("Team", "All teams", [...teams].sort((a, b) => a[1].localeCompare(b[1])));
    const year = select("Year", "All years", [...years].map((name) => [name, name.slice(YEAR.length)]));
    const count = document.createElement("output");

    const form = document.createElement("form");
    form.className = "scscall-archive-filter";
    form.addEventListener("submit", (event) => event.preventDefault());
    form.append(team.wrapper, " ", year.wrapper, " ", count);

    function apply() {
      let shown = 0;
      for (const entry of entries) {
        const visible =
          (!team.element.value || entry.classList.contains(team.element.value)) &&
          (!year.element.value || entry.classList.contains(year.element.value));
        entry.hidden = !visible;
        shown += visible ? 1 : 0;
      }
      for (const heading of archive.querySelectorAll(".scscall-archive-year")) {
        const list = heading.nextElementSibling;
        heading.hidden = !list || !list.querySelector("li.scscall-archive-entry:not([hidden])");
      }
      count.textContent = `${shown} of ${entries.length} calls`;
    }

    team.element.addEventListener("change", apply);
    year.element.addEventListener("change", apply);
    const first = archive.querySelector(".scscall-archive-year, .scscall-archive-calls");
    archive.insertBefore(form, first);
    apply();
  }

  document.querySelectorAll(".scscall-call-archive").forEach(setUp);
})();

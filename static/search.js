// The search page: reads ?q=, asks Pagefind (the index `accord build` writes into
// pagefind/, one per language, fetched in fragments) and lists the results with their
// article number, chapter and an excerpt with the matched words highlighted.
// Every string shown comes from the page's data-* attributes, so it is in the reader's
// language; layout follows the page's dir. Nothing is loaded from another site.
const PAGE_SIZE = 10;

const root = typeof document !== "undefined" && document.getElementById?.("search");
if (root) {
  run(root).catch(() => fail(root));
}

// Searches with `pagefind` (the module pagefind.js) and loads the first `count` results,
// ordered as the page shows them. Exported for the tests, which run it under Node.
export async function find(pagefind, query, count) {
  const search = await pagefind.search(query);
  const results = search ? search.results : [];
  const first = await Promise.all(results.slice(0, count).map((r) => r.data()));
  // Pagefind scores every title that holds all the query's words alike, however much
  // else it says ("Scope of application" and "Scope of application of procedural
  // measures"): the page whose title is the query itself comes first.
  const key = words(query);
  const exact = first.filter((d) => words(d.meta?.title || "") === key);
  return { results, first: [...exact, ...first.filter((d) => !exact.includes(d))] };
}

function words(text) {
  return (text.normalize("NFKC").toLocaleLowerCase().match(/[\p{L}\p{M}\p{N}]+/gu) || []).join(" ");
}

async function run(root) {
  const ui = root.dataset;
  const input = root.querySelector("input[name=q]");
  const status = root.querySelector(".search-status");
  const list = root.querySelector(".search-results");
  const more = root.querySelector(".search-more");
  root.hidden = false;

  const query = (new URLSearchParams(location.search).get("q") || "").trim();
  input.value = query;
  const top = document.getElementById("q-top");
  if (top) top.value = query;
  if (!query) return;

  status.textContent = ui.loading;
  const pagefind = await import(ui.bundle + "pagefind.js");
  await pagefind.options({ basePath: ui.bundle });
  const { results, first } = await find(pagefind, query, PAGE_SIZE);
  const count = new Intl.NumberFormat(document.documentElement.lang).format(results.length);
  // The query is isolated so that, say, Latin words keep their order in an Arabic sentence.
  const name = "\u2068" + query + "\u2069";
  status.textContent = fill(results.length ? ui.results : ui.noResults, { name, n: count });

  const show = (items) => {
    for (const item of items) list.append(render(item, ui));
    more.hidden = list.children.length >= results.length;
  };
  show(first);
  more.addEventListener("click", async () => {
    const shown = list.children.length;
    show(await Promise.all(results.slice(shown, shown + PAGE_SIZE).map((r) => r.data())));
    list.children[shown]?.querySelector("a")?.focus();
  });
}

// One result: chapter above, then number and title (a link), then the excerpt.
function render(item, ui) {
  const meta = item.meta || {};
  const li = document.createElement("li");
  li.className = "search-result";
  if (meta.chapter) {
    const chapter = document.createElement("p");
    chapter.className = "eyebrow";
    chapter.textContent = meta.chapter;
    li.append(chapter);
  }
  const heading = document.createElement("h2");
  if (meta.number) {
    const number = document.createElement("span");
    number.className = "num";
    number.textContent = meta.number;
    heading.append(number, " ");
  }
  const link = document.createElement("a");
  link.href = item.url;
  link.textContent = meta.title || item.url;
  heading.append(link);
  if (meta.fallback) {
    const mark = document.createElement("small");
    mark.className = "search-fallback";
    mark.textContent = ui.fallback;
    heading.append(" ", mark);
  }
  li.append(heading);
  const excerpt = document.createElement("p");
  excerpt.className = "excerpt";
  // Pagefind escapes the page text and adds only <mark> around the matched words.
  excerpt.innerHTML = item.excerpt;
  li.append(excerpt);
  return li;
}

function fill(text, values) {
  return text.replace(/\{(\w+)\}/g, (whole, key) => (key in values ? values[key] : whole));
}

function fail(root) {
  root.querySelector(".search-status").textContent = "";
  root.querySelector(".search-failed").hidden = false;
}

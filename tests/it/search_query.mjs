// Runs queries through the site's own search.js and pagefind.js, under Node, against a
// built site on disk: what a reader's browser does on the search page, without a browser.
//
// usage: node search_query.mjs <site folder> <queries.json>
// queries.json: [{"lang": "fr", "query": "..."}, ...]
// Prints JSON: one answer per query, in order: {lang, query, bytes, results: [{url,
// title, number, chapter, fallback, excerpt}]}, where `bytes` is what the query fetched
// (entry file, metadata, wasm, index chunks, fragments of the first results) when it is
// the first query in its language, and 0 after that; results in the order the page shows.
import { readFile } from "node:fs/promises";
import path from "node:path";

const [site, queriesFile] = process.argv.slice(2);
const queries = JSON.parse(await readFile(queriesFile, "utf8"));
const FIRST_RESULTS = 10;

// The browser fetches the bundle over HTTP; here every URL is a file below the site.
let fetched = 0;
globalThis.fetch = async (url) => {
  const file = path.join(site, decodeURIComponent(String(url).split("?")[0]));
  const bytes = await readFile(file);
  fetched += bytes.length;
  return new Response(bytes, { status: 200 });
};

// pagefind.js is an ES module for the browser; import it as one. Each language gets a
// module of its own, as each page does in a browser: the module keeps the first wasm it
// loads (the stemmer of one language) for good.
const module = (text) => import("data:text/javascript;base64," + Buffer.from(text).toString("base64"));
const source = await readFile(path.join(site, "pagefind/pagefind.js"), "utf8");
const load = (lang) => module(`${source}\n// ${lang}`);
const page = await module(await readFile(path.join(site, "search.js"), "utf8"));

const answers = [];
let current = null;
let pagefind = null;
for (const { lang, query } of queries) {
  if (lang !== current) {
    // Pagefind picks the index by <html lang>, as on a page of that language.
    globalThis.document = { currentScript: null, querySelector: () => ({ getAttribute: () => lang }) };
    pagefind = await load(lang);
    await pagefind.options({ basePath: "/pagefind/" });
    current = lang;
    fetched = 0;
  }
  const before = fetched;
  const { results, first: data } = await page.find(pagefind, query, FIRST_RESULTS);
  const first = before === 0;
  answers.push({
    lang,
    query,
    bytes: first ? fetched : 0,
    count: results.length,
    results: data.map((d) => ({
      url: d.url,
      title: d.meta.title ?? "",
      number: d.meta.number ?? "",
      chapter: d.meta.chapter ?? "",
      fallback: d.meta.fallback ?? "",
      excerpt: d.excerpt,
    })),
  });
}
process.stdout.write(JSON.stringify(answers));

// Accessibility audit of the built site, run by CI after `cargo test`.
//
// Builds the site (or takes a built folder), serves it on 127.0.0.1, opens a representative
// set of pages in every language in Debian's chromium (driven by playwright-core) and:
//   - runs axe-core with the WCAG 2.1 A/AA tags plus best-practice, at 1280 and 320 px in the
//     light colour scheme and at 1280 px in the dark one (prefers-color-scheme: dark);
//   - checks the keyboard path: the first Tab stop is a skip link that shows itself, has a
//     focus outline and moves focus into <main> (or the first Tab stop is already in <main>);
//   - checks that a 320 px wide viewport needs no horizontal scrolling (WCAG 1.4.10 reflow),
//     and that no element is wider than it, except inside a keyboard-scrollable region;
//   - checks the header leaves the page room on a 390 × 844 phone;
//   - on status pages, in both schemes and both widths: the chart's threshold line is drawn
//     (dashed, across the plot, inside the viewport), its legend shows, and its words are
//     at least 12 px.
// Any finding is printed (rule, impact, page, target) and makes the exit code non-zero.
// It does not judge content (plain language, translations) nor replace a screen-reader test.
//
// Usage: node audit.mjs [--site DIR | --accord BIN] [--screenshots DIR]
//   --site DIR         audit an already built site folder
//   --accord BIN       build with this accord binary (default: `cargo run --release`)
//   --screenshots DIR  also save keyboard-focus and 320 px screenshots of a few pages
//   --review           also list what axe could not decide (to check by hand)
import { spawnSync } from "node:child_process";
import { mkdtempSync, mkdirSync, readFileSync, rmSync, existsSync } from "node:fs";
import { createRequire } from "node:module";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { chromium } from "playwright-core";
import { serve } from "./serve.mjs";

const require = createRequire(import.meta.url);
const AXE_SOURCE = readFileSync(require.resolve("axe-core/axe.min.js"), "utf8");
const AXE_VERSION = require("axe-core/package.json").version;
const TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice"];
const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
const CHROMIUM = process.env.CHROMIUM ?? "/usr/bin/chromium";
// The machine's network is closed: without these flags chromium keeps trying to reach
// Google's services at start-up.
const CHROMIUM_ARGS = [
  "--headless",
  "--no-sandbox",
  "--disable-gpu",
  "--disable-quic",
  "--no-first-run",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
];
const DESKTOP = { width: 1280, height: 900 };
const NARROW = { width: 320, height: 640 };
const PHONE = { width: 390, height: 844 };
/** The most of a 390 × 844 phone's screen the site's header may take. */
const HEADER_MAX = 160;

function parseArgs(argv) {
  const args = { site: null, accord: null, screenshots: null, review: false };
  for (let i = 0; i < argv.length; i++) {
    const key = argv[i].replace(/^--/, "");
    if (key === "review") {
      args.review = true;
      continue;
    }
    if (!(key in args) || i + 1 >= argv.length) {
      throw new Error(`unknown or incomplete argument: ${argv[i]}\nusage: node audit.mjs [--site DIR | --accord BIN] [--screenshots DIR] [--review]`);
    }
    args[key] = argv[++i];
  }
  return args;
}

/** Builds the site into a fresh temporary folder; returns { dir, cleanup }. */
function buildSite(accord) {
  const tmp = mkdtempSync(path.join(os.tmpdir(), "accord-a11y-"));
  const out = path.join(tmp, "site");
  const [cmd, ...pre] = accord ? [path.resolve(accord)] : ["cargo", "run", "--release", "--locked", "--"];
  const run = spawnSync(cmd, [...pre, "build", "--quiet", "--out", out], { cwd: REPO, stdio: "inherit" });
  if (run.status !== 0) throw new Error(`building the site failed (${cmd} exited ${run.status ?? run.signal})`);
  return { dir: out, cleanup: () => rmSync(tmp, { recursive: true, force: true }) };
}

/** Languages in the order the root chooser lists them, from its hreflang alternates. */
async function discover(page, origin) {
  await page.goto(origin + "/");
  const langs = await page.$$eval('link[rel="alternate"][hreflang]', (links) =>
    links.map((l) => l.getAttribute("hreflang")).filter((h) => h !== "x-default"),
  );
  if (langs.length === 0) throw new Error("the root page lists no languages");
  // Page identity is the path below the language folder, so one participant and one news
  // item found in the default language exist in every language.
  const first = async (url, selector) => {
    await page.goto(origin + url);
    const href = await page.$eval(selector, (a) => a.getAttribute("href")).catch(() => null);
    if (!href) throw new Error(`no link matching ${selector} on ${url}`);
    return href.replace(`/${langs[0]}/`, "");
  };
  const participant = await first(`/${langs[0]}/status/`, "#participants-table tbody a");
  const news = await first(`/${langs[0]}/news/`, "main a[href*='/news/']");
  // A search for each language's title of article 2, so that the results list is audited too.
  const queries = {};
  for (const lang of langs) {
    await page.goto(`${origin}/${lang}/convention/article-02/`);
    queries[lang] = await page.$eval("h1", (h) => [...h.childNodes].filter((n) => !n.classList?.contains("num")).map((n) => n.textContent).join("").trim());
  }
  return { langs, participant, news, queries };
}

function pageList({ langs, participant, news, queries }) {
  const perLang = [
    ["home", ""],
    ["overview", "convention/"],
    ["chapter", "convention/chapter-02/"],
    ["article", "convention/article-02/"],
    ["article-fallback", "convention/article-30/"],
    ["status", "status/"],
    ["participant", participant],
    ["glossary", "glossary/"],
    ["news-item", news],
    ["full-text", "convention/full/"],
    ["translations", "about/translations/"],
    ["search", "search/"],
  ];
  const pages = [{ kind: "chooser", url: "/", status: 200 }];
  for (const lang of langs) {
    for (const [kind, rel] of perLang) pages.push({ kind, url: `/${lang}/${rel}`, status: 200 });
    const q = encodeURIComponent(queries[lang]);
    pages.push({ kind: "search-results", url: `/${lang}/search/?q=${q}`, status: 200, ready: ".search-results li" });
  }
  pages.push({ kind: "404", url: "/no-such-page/", status: 404 });
  return pages;
}

async function runAxe(page) {
  // Collapsed <details> (the language list) would hide their content from axe.
  await page.evaluate(() => document.querySelectorAll("details").forEach((d) => (d.open = true)));
  if (!(await page.evaluate(() => "axe" in window))) await page.addScriptTag({ content: AXE_SOURCE });
  const result = await page.evaluate(
    (tags) => window.axe.run(document, { runOnly: { type: "tag", values: tags }, resultTypes: ["violations"] }),
    TAGS,
  );
  const violations = result.violations.map((v) => ({
    rule: v.id,
    impact: v.impact,
    help: v.help,
    helpUrl: v.helpUrl,
    targets: v.nodes.map((n) => n.target.join(" ")),
  }));
  const review = result.incomplete.map((v) => ({
    rule: v.id,
    nodes: v.nodes.map((n) => `${n.target.join(" ")}: ${n.any.concat(n.all).map((c) => c.message).join("; ")}`),
  }));
  return { violations, review };
}

/** One list of violations from two runs; a target only found in the second says where (`suffix`). */
function mergeViolations(wide, narrow, suffix = `at ${NARROW.width} px`) {
  const merged = new Map(wide.map((v) => [v.rule, { ...v, targets: [...v.targets] }]));
  for (const v of narrow) {
    const into = merged.get(v.rule) ?? { ...v, targets: [] };
    for (const t of v.targets) if (!into.targets.includes(t)) into.targets.push(`${t} (${suffix})`);
    merged.set(v.rule, into);
  }
  return [...merged.values()];
}

/**
 * What the focused element looks like: where it is, and whether it shows a focus outline
 * of at least 2 px that contrasts 3:1 with the background it is drawn on (WCAG 2.4.7, 1.4.11).
 * Runs in the page.
 */
function focusState() {
  const el = document.activeElement;
  const main = document.querySelector("main");
  const r = el.getBoundingClientRect();
  const cs = getComputedStyle(el);
  const rgba = (css) => {
    const n = (css.match(/[\d.]+/g) ?? []).map(Number);
    return n.length >= 3 ? [n[0], n[1], n[2], n.length > 3 ? n[3] : 1] : [0, 0, 0, 0];
  };
  const luminance = ([r, g, b]) => {
    const lin = (v) => ((v /= 255) <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4);
    return 0.2126 * lin(r) + 0.7152 * lin(g) + 0.0722 * lin(b);
  };
  // The outline sits outside the element, on the nearest painted background around it.
  let behind = [255, 255, 255, 1];
  for (let a = el.parentElement; a; a = a.parentElement) {
    const c = rgba(getComputedStyle(a).backgroundColor);
    if (c[3] > 0) {
      behind = c;
      break;
    }
  }
  const [l1, l2] = [luminance(rgba(cs.outlineColor)), luminance(behind)].sort((a, b) => b - a);
  const contrast = (l1 + 0.05) / (l2 + 0.05);
  const label = el.tagName.toLowerCase() + (el.id ? "#" + el.id : "") + (el.className ? "." + String(el.className).split(" ").join(".") : "");
  return {
    label,
    isBody: el === document.body,
    inMain: main !== null && main.contains(el),
    href: el.getAttribute("href"),
    inView: r.width > 0 && r.height > 0 && r.top >= 0 && r.left >= 0 && r.bottom <= innerHeight && r.right <= innerWidth,
    outlined: cs.outlineStyle !== "none" && parseFloat(cs.outlineWidth) >= 2 && contrast >= 3,
    outline: `${cs.outlineStyle} ${cs.outlineWidth} ${cs.outlineColor}, contrast ${contrast.toFixed(2)}:1`,
  };
}

async function checkKeyboard(page) {
  const problems = [];
  await page.keyboard.press("Tab");
  const first = await page.evaluate(focusState);
  if (first.isBody) return ["keyboard: nothing takes focus on Tab"];
  if (!first.outlined) problems.push(`keyboard: first Tab stop ${first.label} has no clear focus outline (${first.outline})`);
  if (!first.inView) problems.push(`keyboard: first Tab stop ${first.label} is not visible when focused`);
  if (first.inMain) return problems;
  if (!first.href || !first.href.startsWith("#")) {
    problems.push(`keyboard: first Tab stop ${first.label} is outside <main> and is not a skip link`);
    return problems;
  }
  await page.keyboard.press("Enter");
  const landed = await page
    .waitForFunction(() => document.querySelector("main")?.contains(document.activeElement), null, { timeout: 2000 })
    .then(() => true, () => false);
  if (!landed) problems.push(`keyboard: skip link ${first.href} does not move focus into <main>`);
  await page.keyboard.press("Tab");
  const next = await page.evaluate(focusState);
  if (!next.isBody && !next.outlined) problems.push(`keyboard: ${next.label} has no clear focus outline (${next.outline})`);
  return problems;
}

/** WCAG 1.4.10: at 320 CSS px nothing may need horizontal scrolling. */
async function checkReflow(page) {
  await page.setViewportSize(NARROW);
  const { width, wide } = await page.evaluate((limit) => {
    // Name the culprits: boxes past the edge that no scrolling ancestor clips (an
    // absolutely positioned box escapes an ancestor that is not its containing block).
    const clipped = (el) => {
      const escapes = ["absolute", "fixed"].includes(getComputedStyle(el).position);
      for (let a = el.parentElement; a && !escapes; a = a.parentElement) {
        if (getComputedStyle(a).overflowX !== "visible") return true;
      }
      return false;
    };
    const wide = [];
    for (const el of document.body.querySelectorAll("*")) {
      const r = el.getBoundingClientRect();
      if (wide.length < 5 && r.width > 0 && (r.right > limit + 0.5 || r.left < -0.5) && !clipped(el)) {
        wide.push(el.tagName.toLowerCase() + (el.className ? "." + String(el.className).split(" ").join(".") : ""));
      }
    }
    return { width: document.documentElement.scrollWidth, wide };
  }, NARROW.width);
  const problems = [];
  if (width > NARROW.width) {
    const culprits = wide.length > 0 ? wide.join(", ") : "no element box: a list marker or other pseudo-element?";
    problems.push(`reflow: scrollWidth ${width} > ${NARROW.width} at 320 px (widest: ${culprits})`);
  }
  // Stricter than 1.4.10: no box wider than the screen at all, even one a scrolling ancestor
  // clips (the chart once sat half-hidden in one), except inside a region made to scroll
  // with the keyboard (role=region, tabindex=0: the translation matrix).
  const overwide = await page.evaluate((limit) => {
    const found = [];
    for (const el of document.body.querySelectorAll("*")) {
      if (el.closest('[role="region"][tabindex="0"], pre')) continue;
      const r = el.getBoundingClientRect();
      if (r.width > limit + 0.5 && found.length < 5) {
        found.push(`${el.tagName.toLowerCase()}${el.className ? "." + String(el.className).split(" ").join(".") : ""} ${Math.round(r.width)} px`);
      }
    }
    return found;
  }, NARROW.width);
  if (overwide.length > 0) problems.push(`reflow: wider than the 320 px screen: ${overwide.join(", ")}`);
  return problems;
}

/** The header on a 390 × 844 phone: at most HEADER_MAX px, so the page starts on the first screen. */
async function checkHeader(page) {
  await page.setViewportSize(PHONE);
  const height = await page.evaluate(() => document.querySelector(".site-header")?.getBoundingClientRect().height ?? 0);
  return height > HEADER_MAX ? [`header: ${Math.round(height)} px of a ${PHONE.width} × ${PHONE.height} screen (at most ${HEADER_MAX})`] : [];
}

/** The status chart as a reader sees it: the threshold drawn, the legend shown, words readable. */
async function checkChart(page, where) {
  const found = await page.evaluate(() => {
    const problems = [];
    const vw = document.documentElement.clientWidth;
    const inView = (r) => r.width > 0 && r.height >= 0 && r.left >= -0.5 && r.right <= vw + 0.5;
    const chart = document.querySelector(".chart-cumulative");
    if (!chart) return ["no .chart-cumulative"];
    const plot = chart.querySelector(".chart-plot").getBoundingClientRect();
    const line = chart.querySelector(".chart-required");
    if (!line) return ["no threshold line"];
    const cs = getComputedStyle(line);
    const r = line.getBoundingClientRect();
    if (cs.borderTopStyle !== "dashed" || parseFloat(cs.borderTopWidth) < 1) problems.push(`threshold not drawn (${cs.borderTopStyle} ${cs.borderTopWidth})`);
    if (!inView(r) || r.width < plot.width - 1) problems.push(`threshold line ${Math.round(r.width)} px of a ${Math.round(plot.width)} px plot, or off screen`);
    if (r.top < plot.top - 1 || r.top > plot.bottom + 1) problems.push("threshold line outside the plot");
    const legend = [...chart.querySelectorAll(".chart-legend li")];
    if (legend.length < 2) problems.push(`legend has ${legend.length} item(s)`);
    for (const li of legend) {
      const lr = li.getBoundingClientRect();
      if (!inView(lr) || getComputedStyle(li).visibility === "hidden") problems.push(`legend item "${li.textContent.trim()}" not in view`);
    }
    for (const el of chart.querySelectorAll("li, p, span")) {
      if (!el.textContent.trim()) continue;
      const size = parseFloat(getComputedStyle(el).fontSize);
      if (size < 12) problems.push(`"${el.textContent.trim().slice(0, 30)}" at ${size} px`);
    }
    return problems;
  });
  return found.map((p) => `chart (${where}): ${p}`);
}

async function auditPage(context, origin, spec) {
  const page = await context.newPage();
  try {
    const response = await page.goto(origin + spec.url, { waitUntil: "load" });
    const problems = [];
    if (response.status() !== spec.status) problems.push(`http: status ${response.status()}, expected ${spec.status}`);
    if (spec.ready) {
      await page
        .waitForSelector(spec.ready, { timeout: 15000 })
        .catch(() => problems.push(`script: nothing matched ${spec.ready} after 15 s`));
    }
    const wide = await runAxe(page);
    problems.push(...(await checkKeyboard(page)));
    if (spec.kind === "status") problems.push(...(await checkChart(page, `light, ${DESKTOP.width} px`)));
    problems.push(...(await checkReflow(page)));
    if (spec.kind === "status") problems.push(...(await checkChart(page, `light, ${NARROW.width} px`)));
    // The narrow layout is another page as far as axe is concerned: a table that fits at
    // 1280 px becomes a scroll box at 320 px, for one.
    const narrow = await runAxe(page);
    problems.push(...(await checkHeader(page)));
    // The dark scheme: every colour again.
    await page.emulateMedia({ colorScheme: "dark" });
    if (spec.kind === "status") problems.push(...(await checkChart(page, `dark, ${PHONE.width} px`)));
    await page.setViewportSize(DESKTOP);
    const dark = await runAxe(page);
    if (spec.kind === "status") problems.push(...(await checkChart(page, `dark, ${DESKTOP.width} px`)));
    const violations = mergeViolations(mergeViolations(wide.violations, narrow.violations), dark.violations, "dark scheme");
    return { ...spec, violations, review: wide.review, problems };
  } finally {
    await page.close();
  }
}

async function screenshots(context, origin, dir, langs) {
  mkdirSync(dir, { recursive: true });
  const page = await context.newPage();
  for (const lang of [langs[0], langs.find((l) => l === "ar") ?? langs[1]]) {
    await page.setViewportSize(DESKTOP);
    await page.goto(`${origin}/${lang}/convention/article-02/`);
    await page.keyboard.press("Tab");
    await page.screenshot({ path: path.join(dir, `${lang}-skip-link.png`) });
    await page.keyboard.press("Tab");
    await page.screenshot({ path: path.join(dir, `${lang}-focus.png`) });
    await page.setViewportSize(NARROW);
    for (const [name, rel] of [["home", ""], ["status", "status/"], ["article", "convention/article-02/"]]) {
      await page.goto(`${origin}/${lang}/${rel}`);
      await page.screenshot({ path: path.join(dir, `${lang}-320-${name}.png`) });
    }
  }
  await page.close();
}

function report(results, listReview) {
  const byRule = new Map();
  for (const r of results) {
    for (const v of r.violations) {
      for (const target of v.targets) console.log(`  ${v.rule} [${v.impact}] ${r.url}  ${target}`);
      const agg = byRule.get(v.rule) ?? { impact: v.impact, help: v.help, helpUrl: v.helpUrl, pages: 0, nodes: 0 };
      agg.pages += 1;
      agg.nodes += v.targets.length;
      byRule.set(v.rule, agg);
    }
    for (const p of r.problems) console.log(`  ${p}  ${r.url}`);
  }
  if (byRule.size > 0) {
    console.log("\naxe violations by rule:");
    for (const [rule, a] of [...byRule].sort()) {
      console.log(`  ${rule} [${a.impact}]: ${a.nodes} element(s) on ${a.pages} page(s): ${a.help} (${a.helpUrl})`);
    }
  }
  const review = new Map();
  for (const r of results) {
    for (const v of r.review) {
      review.set(v.rule, (review.get(v.rule) ?? 0) + v.nodes.length);
      if (listReview) for (const n of v.nodes) console.log(`  review ${v.rule} ${r.url}  ${n}`);
    }
  }
  if (review.size > 0) {
    const list = [...review].sort().map(([rule, n]) => `${rule} ${n}`).join(", ");
    console.log(`axe could not decide (review by hand, not a failure): ${list}`);
  }
  const nodes = [...byRule.values()].reduce((n, a) => n + a.nodes, 0);
  const other = results.reduce((n, r) => n + r.problems.length, 0);
  const failed = results.filter((r) => r.violations.length > 0 || r.problems.length > 0).length;
  console.log(`a11y: ${results.length} pages, ${nodes} axe violation(s) in ${byRule.size} rule(s), ${other} keyboard/reflow/http problem(s)`);
  console.log(`a11y: ${results.length - failed} passed, ${failed} failed`);
  return failed;
}

async function main() {
  const args = parseArgs(process.argv.slice(2));
  if (!existsSync(CHROMIUM)) throw new Error(`no chromium at ${CHROMIUM} (apt-get install chromium, or set CHROMIUM)`);
  const built = args.site ? { dir: path.resolve(args.site), cleanup: () => {} } : buildSite(args.accord);
  const server = await serve(built.dir);
  const browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
  try {
    const context = await browser.newContext({ viewport: DESKTOP });
    const found = await discover(await context.newPage(), server.origin);
    const pages = pageList(found);
    console.log(
      `a11y: auditing ${pages.length} pages in ${found.langs.length} languages (${found.langs.join(" ")}) ` +
        `with axe-core ${AXE_VERSION} in chromium ${browser.version()}, tags ${TAGS.join(",")}`,
    );
    // Two pages at a time: one per core of the CI machine; the report keeps page order.
    const results = new Array(pages.length);
    let next = 0;
    const worker = async () => {
      while (next < pages.length) {
        const i = next++;
        results[i] = await auditPage(context, server.origin, pages[i]);
      }
    };
    await Promise.all([worker(), worker()]);
    if (args.screenshots) await screenshots(context, server.origin, args.screenshots, found.langs);
    return report(results, args.review) > 0 ? 1 : 0;
  } finally {
    await browser.close();
    await server.close();
    built.cleanup();
  }
}

main().then(
  (code) => process.exit(code),
  (err) => {
    console.error(`a11y: ${err.stack ?? err}`);
    process.exit(2);
  },
);

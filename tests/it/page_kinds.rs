//! One insta snapshot of the rendered output for each kind of page, on a small fixture
//! site (`tests/fixtures/snapshots/site/`: English and Arabic, RTL, with one article
//! left untranslated) built in memory once. A page's snapshot is its `<html>` tag, its
//! `<title>` and its `<main>`, exactly as written; small files (the chooser, the 404 page,
//! sitemap, feed, robots.txt, the data downloads) are snapshotted whole, and so is one
//! article, for the page chrome every template shares.
//!
//! They pin the output byte for byte, so a change to rendering shows here as a readable
//! diff: if it is on purpose, review it with `cargo insta review` (or rerun with
//! `INSTA_UPDATE=always`) and commit the `.snap` files; CI never writes them.

use std::sync::OnceLock;

use accord::build::build_in_memory;
use accord::output::SiteOutput;

use crate::harness::fixtures;

fn site() -> &'static SiteOutput {
    static BUILT: OnceLock<SiteOutput> = OnceLock::new();
    BUILT.get_or_init(|| {
        let root = fixtures().join("snapshots/site");
        match build_in_memory(&root, None) {
            Ok((output, _)) => output,
            Err(failure) => panic!("the snapshot fixture does not build: {failure:?}"),
        }
    })
}

/// The file at `path` of the built fixture, as text.
#[track_caller]
fn file(path: &str) -> String {
    let bytes = site().get(path).unwrap_or_else(|| panic!("{path} was not built"));
    String::from_utf8(bytes.to_vec()).unwrap_or_else(|e| panic!("{path}: {e}"))
}

/// The text of `path` from the first `start` to the end of the first `end` after it.
#[track_caller]
fn slice<'a>(path: &str, text: &'a str, start: &str, end: &str) -> &'a str {
    let from = text.find(start).unwrap_or_else(|| panic!("{path} has no {start}"));
    let to = text[from..].find(end).unwrap_or_else(|| panic!("{path} has no {end} after {start}")) + from + end.len();
    &text[from..to]
}

/// A page's `<html>` tag, `<title>` and `<main>` element, as written.
#[track_caller]
fn page(path: &str) -> String {
    let text = file(path);
    let html = slice(path, &text, "<html", ">");
    let title = slice(path, &text, "<title>", "</title>");
    let main = slice(path, &text, "<main", "</main>");
    format!("{html}\n{title}\n{main}\n")
}

macro_rules! page_snapshot {
    ($($test:ident: $path:literal,)*) => {$(
        #[test]
        fn $test() {
            insta::assert_snapshot!(page($path));
        }
    )*};
}

macro_rules! whole_file_snapshot {
    ($($test:ident: $path:literal,)*) => {$(
        #[test]
        fn $test() {
            insta::assert_snapshot!(file($path));
        }
    )*};
}

page_snapshot! {
    home: "en/index.html",
    home_rtl: "ar/index.html",
    overview: "en/convention/index.html",
    chapter: "en/convention/chapter-01/index.html",
    article: "en/convention/article-01/index.html",
    article_translated_rtl: "ar/convention/article-01/index.html",
    full_text: "en/convention/full/index.html",
    status: "en/status/index.html",
    participant: "en/status/fr/index.html",
    news_list: "en/news/index.html",
    news_item: "en/news/2025-10-25-opening/index.html",
    search: "en/search/index.html",
    translations: "en/about/translations/index.html",
    glossary: "en/glossary/index.html",
    glossary_rtl: "ar/glossary/index.html",
    content_page: "en/about/index.html",
}

whole_file_snapshot! {
    fallback_article_whole_page: "ar/convention/article-02/index.html",
    not_found: "404.html",
    chooser: "index.html",
    sitemap: "sitemap.xml",
    status_feed: "en/status/feed.xml",
    robots: "robots.txt",
    signatories_csv: "data/signatories.csv",
    signatories_json: "data/signatories.json",
}

/// Every file the build wrote, so that a page appearing or vanishing shows too.
#[test]
fn file_list() {
    let paths: Vec<&str> = site().files.keys().map(String::as_str).filter(|p| !p.starts_with("pagefind/")).collect();
    insta::assert_snapshot!(paths.join("\n"));
}

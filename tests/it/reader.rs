//! What a reader sees to find their way and read in their language, on a fixture site: the
//! chapter's articles beside every article, previous/next chapters, the contents before the
//! overview's text, every language named in the header, the status chart's words and its
//! table in the reader's formats, the number–title separator of each language, and the
//! site's name and the page's address for print.

use crate::harness::{Site, attr_of, collapse, sel, text_of};
use scraper::Html;

fn texts(html: &Html, selector: &str) -> Vec<String> {
    html.select(&sel(selector)).map(|e| collapse(&e.text().collect::<String>())).collect()
}

fn minimal() -> (Site, crate::harness::Run) {
    let site = Site::fixture("base/minimal");
    let run = site.build();
    run.assert_success();
    (site, run)
}

#[test]
fn every_article_lists_its_chapters_articles_and_marks_itself() {
    let (_site, run) = minimal();
    let html = run.html("en/convention/article-02/index.html");
    let nav = "nav.chapter-nav";
    assert_eq!(attr_of(&html, &format!("{nav} h2 a"), "href").as_deref(), Some("/en/convention/chapter-01/"));
    let links: Vec<String> =
        html.select(&sel(&format!("{nav} li a"))).filter_map(|a| a.value().attr("href").map(str::to_owned)).collect();
    assert_eq!(links, ["/en/convention/article-01/", "/en/convention/article-02/"]);
    assert_eq!(
        attr_of(&html, &format!("{nav} a[aria-current=page]"), "href").as_deref(),
        Some("/en/convention/article-02/")
    );
    // Article 3 is alone in chapter 2: its list holds only itself.
    let html = run.html("en/convention/article-03/index.html");
    assert_eq!(texts(&html, "nav.chapter-nav li").len(), 1);
}

#[test]
fn chapter_pages_link_the_previous_and_next_chapter() {
    let (_site, run) = minimal();
    let first = run.html("en/convention/chapter-01/index.html");
    assert_eq!(attr_of(&first, ".pager a[rel=next]", "href").as_deref(), Some("/en/convention/chapter-02/"));
    assert!(first.select(&sel(".pager a[rel=prev]")).next().is_none());
    let last = run.html("en/convention/chapter-02/index.html");
    assert_eq!(attr_of(&last, ".pager a[rel=prev]", "href").as_deref(), Some("/en/convention/chapter-01/"));
    assert!(last.select(&sel(".pager a[rel=next]")).next().is_none());
    assert!(text_of(&last, ".pager a[rel=prev]").contains("First things"));
}

#[test]
fn the_contents_come_before_the_overviews_text() {
    let (_site, run) = minimal();
    let html = run.html("en/convention/index.html");
    let first = html.select(&sel("main nav.toc-top, main .prose")).next().unwrap();
    assert!(first.value().classes().any(|c| c == "toc-top"), "the contents are the first thing after the title");
    let chapters = texts(&html, "nav.toc-top .chapter-list > li");
    assert_eq!(chapters.len(), 2, "{chapters:?}");
}

#[test]
fn the_language_switcher_names_every_language_without_opening_anything() {
    let (_site, run) = minimal();
    let html = run.html("en/convention/article-01/index.html");
    assert!(html.select(&sel(".languages details, .languages summary")).next().is_none());
    assert_eq!(texts(&html, ".languages li > [lang]"), ["English", "Français"]);
    assert_eq!(attr_of(&html, ".languages a[hreflang=fr]", "href").as_deref(), Some("/fr/convention/article-01/"));
}

#[test]
fn the_status_chart_is_words_over_lines_with_a_table_in_the_readers_formats() {
    let (_site, run) = minimal();
    let html = run.html("fr/status/index.html");
    let figure = html.select(&sel("figure.chart")).next().unwrap();
    let first = figure.children().filter_map(scraper::ElementRef::wrap).next().unwrap();
    assert_eq!(first.value().name(), "figcaption", "the caption heads its own figure");
    assert!(html.select(&sel("figure.chart .chart-cumulative[role=img][aria-label]")).next().is_some());
    // France's ratification counts (the EU's approval does not, under this rule): the
    // deposits line is drawn, and the threshold of 3.
    assert!(html.select(&sel("figure.chart path.chart-deposits")).next().is_some());
    assert!(text_of(&html, ".chart-required").contains('3'));
    // Ticks in the medium format, the table in the long one, both French.
    let ticks = texts(&html, ".chart-x-ticks span");
    assert_eq!(ticks.first().map(String::as_str), Some("25 oct. 2025"), "{ticks:?}");
    let dates = texts(&html, ".chart-table tbody th");
    assert_eq!(dates.first().map(String::as_str), Some("25 octobre 2025"), "{dates:?}");
    assert_eq!(dates.last().map(String::as_str), Some("19 novembre 2025"), "up to the data's date");
    // The map's title is its own caption, not the chart's.
    assert!(!text_of(&html, "figure.map > figcaption").is_empty());
}

#[test]
fn the_pager_separates_number_and_title_in_each_languages_way() {
    let site = Site::fixture("base/minimal");
    site.write(
        "site.yaml",
        "base_url: https://example.org/\ndefault_language: en\nlanguages:\n  - {code: en, name: English}\n  - {code: zh, name: 中文}\ntitle: {en: Mini treaty, zh: 小条约}\n",
    );
    let _ = std::fs::remove_dir_all(site.path().join("content/fr"));
    let run = site.build();
    run.assert_success();
    let zh = run.html("zh/convention/article-01/index.html");
    // Raw text: collapsing whitespace would turn the full-width space into a plain one.
    let next: String = zh.select(&sel(".pager a[rel=next]")).next().unwrap().text().collect();
    assert!(next.contains("第2条\u{3000}Terms"), "{next:?}");
    assert!(!next.contains("条."), "no Latin full stop in Chinese: {next:?}");
    let en = run.html("en/convention/article-01/index.html");
    assert!(text_of(&en, ".pager a[rel=next]").contains("Article 2. "));
}

#[test]
fn a_printed_page_carries_the_sites_name_and_its_address() {
    let (_site, run) = minimal();
    let html = run.html("en/convention/article-01/index.html");
    let source = text_of(&html, ".print-source");
    assert!(source.contains("Mini treaty"), "{source}");
    assert!(source.contains("https://example.org/en/convention/article-01/"), "{source}");
}

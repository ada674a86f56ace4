//! The convention's pages in every language, on the multilingual fixture: glossary and
//! cross-references that resolve and stay in the page's language, the whole convention on
//! one page, paragraph anchors and the official text, and no request leaving the site.

use std::collections::BTreeMap;

use crate::harness::{attr_of, collapse, convention, html_pages, languages, multilingual, sel, snapshot, text_of};

fn sorted(mut list: Vec<String>) -> Vec<String> {
    list.sort();
    list
}

#[test]
fn the_glossary_links_each_term_to_articles() {
    let (_, run) = multilingual();
    let html = run.html("en/glossary/index.html");
    let terms: Vec<_> = html.select(&sel(".prose h2")).collect();
    assert_eq!(terms.len(), 2, "the fixture's glossary has two terms");
    let xrefs = html.select(&sel(".prose a.xref")).count();
    assert!(xrefs >= terms.len(), "{xrefs} article links for {} terms", terms.len());
}

#[test]
fn every_cross_reference_in_every_language_leads_to_an_article_page() {
    let (_, run) = multilingual();
    let mut links: BTreeMap<String, usize> = BTreeMap::new();
    for (path, html) in html_pages(&run.out) {
        for a in html.select(&sel("a.xref")) {
            let href = a.value().attr("href").unwrap();
            let target = run.out.join(href.trim_start_matches('/')).join("index.html");
            assert!(target.is_file(), "{path}: {href} leads nowhere");
            assert!(href.contains("/convention/article-"), "{path}: {href}");
            // A link stays in the page's language.
            assert_eq!(href.split('/').nth(1), path.split('/').next(), "{path}: {href}");
            *links.entry(path.split('/').next().unwrap().to_owned()).or_default() += 1;
        }
    }
    // Every language's mentions of articles are links (through its own xref pattern).
    assert_eq!(links.keys().cloned().collect::<Vec<_>>(), sorted(languages()), "{links:?}");
}

#[test]
fn the_full_text_page_holds_every_article_in_order() {
    let (_, run) = multilingual();
    for lang in ["en", "ar"] {
        let html = run.html(&format!("{lang}/convention/full/index.html"));
        let ids: Vec<String> =
            html.select(&sel("article.full-article")).map(|a| a.value().attr("id").unwrap().to_owned()).collect();
        let expected: Vec<String> = convention().articles().map(|(_, a)| format!("article-{}", a.number)).collect();
        assert_eq!(ids, expected, "{lang}");
        assert_eq!(html.select(&sel("section.full-chapter")).count(), convention().chapters.len());
        // Paragraph anchors stay unique on the combined page.
        let mut pids: Vec<&str> = html.select(&sel(".prose p[id]")).filter_map(|p| p.value().attr("id")).collect();
        let n = pids.len();
        pids.sort_unstable();
        pids.dedup();
        assert_eq!(n, pids.len(), "{lang}: duplicate paragraph ids");
    }
}

#[test]
fn articles_have_paragraph_anchors_and_link_the_official_text() {
    let (_, run) = multilingual();
    let html = run.html("en/convention/article-04/index.html");
    let first = html.select(&sel(".prose p[id]")).next().expect("numbered paragraphs");
    assert_eq!(first.value().attr("id"), Some("p1"));
    assert_eq!(attr_of(&html, ".prose a.para", "href").as_deref(), Some("#p1"));
    let official = html.select(&sel(".notice-summary a")).next().unwrap();
    assert!(official.value().attr("href").unwrap().contains("A/RES/1/1"));
    assert!(collapse(&official.text().collect::<String>()).contains("A/RES/1/1"));
    assert!(text_of(&html, ".notice-inferred").contains("partial sources"), "article 4's title is inferred");
}

#[test]
fn no_page_requests_anything_outside_the_site() {
    let (_, run) = multilingual();
    for (path, bytes) in snapshot(&run.out) {
        let text = String::from_utf8_lossy(&bytes);
        if path.ends_with(".css") {
            assert!(!text.contains("url(http") && !text.contains("@import"), "{path}");
        }
        if !path.ends_with(".html") {
            continue;
        }
        let html = scraper::Html::parse_document(&text);
        let fetched = "link[rel=stylesheet], link[rel=icon], link[rel=preload], script[src], img, iframe, video, audio, source, object, embed";
        for element in html.select(&sel(fetched)) {
            let v = element.value();
            let url = v.attr("href").or(v.attr("src")).or(v.attr("data")).unwrap_or("");
            assert!(url.starts_with('/') && !url.starts_with("//"), "{path}: <{}> loads {url}", v.name());
        }
    }
}

//! Markdown as a site author writes it: tables, footnotes, strikethrough, heading ids
//! and anchors, smart punctuation, and code highlighted by syntect with its stylesheet
//! written only when a page has code.

use crate::harness::{Site, attr_of, sel, text_of};

#[test]
fn markdown_features_render_and_code_gets_a_generated_stylesheet() {
    let site = Site::fixture("base/minimal").overlay("markdown/features");
    let run = site.build();
    run.assert_success();
    let html = run.html("en/about/index.html");
    assert_eq!(attr_of(&html, ".prose h2", "id").as_deref(), Some("custom-id"));
    assert_eq!(attr_of(&html, ".prose h2 a.anchor", "href").as_deref(), Some("#custom-id"));
    assert_eq!(text_of(&html, ".prose table td"), "1");
    assert_eq!(text_of(&html, ".prose del"), "struck");
    // A footnote reference links to its definition on the page (the old selector matched
    // any <sup>, so it could not fail).
    let reference = attr_of(&html, ".prose sup.footnote-reference a", "href").expect("no footnote reference");
    let target = reference.strip_prefix('#').expect("an in-page link");
    let definitions: Vec<_> = html.select(&sel(".prose .footnote-definition")).collect();
    assert!(definitions.iter().any(|d| d.value().id() == Some(target)), "{reference} leads to no definition");
    let paragraph = text_of(&html, ".prose p");
    assert!(paragraph.contains('\u{201c}') && paragraph.contains('\u{2013}'), "smart punctuation: {paragraph}");
    assert!(html.select(&sel("pre.code span[class^=hl-]")).count() > 2, "highlighted spans");
    assert_eq!(attr_of(&html, "link[href$='syntax.css']", "rel").as_deref(), Some("stylesheet"));
    let css = std::fs::read_to_string(run.out.join("syntax.css")).unwrap();
    assert!(css.contains(".hl-"), "generated from syntect's theme");
    // Pages without code do not link it.
    let home = run.html("en/index.html");
    assert!(home.select(&sel("link[href$='syntax.css']")).next().is_none());
}

#[test]
fn a_site_without_code_writes_no_syntax_stylesheet() {
    let run = Site::fixture("base/minimal").build();
    run.assert_success();
    assert!(!run.out.join("syntax.css").exists());
}

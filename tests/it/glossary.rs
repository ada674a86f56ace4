//! The glossary in each language's alphabetical order, with a letter index: on a fixture
//! site whose glossaries are written out of order in English, Spanish (ñ a letter after n)
//! and Chinese (pinyin), and a French page that falls back to the English text.

use std::collections::BTreeSet;

use crate::harness::{Run, Site, collapse, sel};
use scraper::Html;

fn build() -> (Site, Run) {
    let site = Site::fixture("base/minimal").overlay("glossary/site");
    let run = site.build();
    run.assert_success();
    (site, run)
}

/// The terms (`<h2>` in the text) as the page shows them, without their permalinks.
fn terms(html: &Html) -> Vec<String> {
    html.select(&sel(".prose h2"))
        .map(|h| collapse(&h.text().collect::<String>()).trim_end_matches('#').trim().to_owned())
        .collect()
}

/// The index as (letter, target id), after checking that every target is a term on the page.
fn index(html: &Html) -> Vec<(String, String)> {
    let ids: BTreeSet<&str> = html.select(&sel("[id]")).filter_map(|e| e.value().id()).collect();
    let terms: BTreeSet<&str> = html.select(&sel(".prose h2[id]")).filter_map(|e| e.value().id()).collect();
    html.select(&sel("nav.letter-index a"))
        .map(|a| {
            let href = a.value().attr("href").unwrap_or_default();
            let id = href.strip_prefix('#').unwrap_or_else(|| panic!("{href} is not a link on the page"));
            assert!(ids.contains(id) && terms.contains(id), "{href} leads to no term on the page");
            (collapse(&a.text().collect::<String>()), id.to_owned())
        })
        .collect()
}

fn pairs(items: &[(&str, &str)]) -> Vec<(String, String)> {
    items.iter().map(|(a, b)| ((*a).to_owned(), (*b).to_owned())).collect()
}

#[test]
fn english_terms_are_in_alphabetical_order_whatever_their_case() {
    let (_site, run) = build();
    let html = run.html("en/glossary/index.html");
    // Code point order would put "encryption" last; collation puts it with the other e.
    assert_eq!(terms(&html), ["Access", "Content data", "Electronic data", "encryption", "Traffic data"]);
    // The intro stays first and a term's subsection stays with it.
    let blocks: Vec<String> = html
        .select(&sel(".prose > p, .prose > h2, .prose > h3"))
        .map(|e| collapse(&e.text().collect::<String>()))
        .collect();
    assert!(blocks[0].starts_with("Short explanations"), "{blocks:?}");
    assert!(blocks[1].starts_with("Access") && blocks[3].starts_with("Access without right"), "{blocks:?}");
    assert_eq!(
        index(&html),
        pairs(&[("A", "access"), ("C", "content-data"), ("E", "electronic-data"), ("T", "traffic-data")])
    );
    let nav = html.select(&sel("nav.letter-index")).next().unwrap();
    assert_eq!(nav.value().attr("aria-label"), Some("Terms by first letter"));
}

#[test]
fn spanish_terms_put_n_tilde_after_n() {
    let (_site, run) = build();
    let html = run.html("es/glossary/index.html");
    // English collation would give "Ñame" before "Nube".
    assert_eq!(terms(&html), ["Cifrado", "Datos", "Nube", "Ñame"]);
    assert_eq!(index(&html), pairs(&[("C", "cifrado"), ("D", "datos"), ("N", "nube"), ("Ñ", "ñame")]));
}

#[test]
fn chinese_terms_are_in_pinyin_order_under_their_pinyin_initials() {
    let (_site, run) = build();
    let html = run.html("zh/glossary/index.html");
    // dianzi, fuwu, liuliang, neirong, xintong (code point order: 信 内 服 流 电).
    assert_eq!(terms(&html), ["电子数据", "服务提供商", "流量数据", "内容数据", "信通技术系统"]);
    assert_eq!(
        index(&html),
        pairs(&[("D", "电子数据"), ("F", "服务提供商"), ("L", "流量数据"), ("N", "内容数据"), ("X", "信通技术系统")])
    );
}

#[test]
fn an_untranslated_glossary_keeps_the_source_languages_order_and_marks_its_letters() {
    let (_site, run) = build();
    let html = run.html("fr/glossary/index.html");
    assert_eq!(terms(&html), ["Access", "Content data", "Electronic data", "encryption", "Traffic data"]);
    let langs: Vec<Option<&str>> = html.select(&sel("nav.letter-index a")).map(|a| a.value().attr("lang")).collect();
    assert_eq!(langs.len(), 4);
    assert!(langs.iter().all(|l| *l == Some("en")), "{langs:?}");
}

#[test]
fn other_pages_have_no_letter_index_and_keep_the_writers_order() {
    let (site, _) = build();
    site.write("content/en/about.md", "---\ntitle: About\n---\nIntro.\n\n## Zeta\n\nZ.\n\n## Alpha\n\nA.\n");
    let run = site.build();
    run.assert_success();
    let html = run.html("en/about/index.html");
    assert_eq!(terms(&html), ["Zeta", "Alpha"]);
    assert!(html.select(&sel("nav.letter-index")).next().is_none());
}

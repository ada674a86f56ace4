//! What readers and search engines get beyond a page's own text: the full text on one
//! page with unique ids, meta descriptions everywhere, untranslated pages kept out of
//! search engines' indexes, the search form in the HTML, feed summaries, and the EPUB of
//! each language. On `tests/fixtures/reader` (over `base/minimal`): en, fr and ar, two
//! articles with a "Key terms" section, article 2 translated in no language but English.

use std::collections::BTreeMap;

use crate::harness::{Run, Site, sel};

fn built() -> (Site, Run) {
    let site = Site::fixture("base/minimal").overlay("reader/site");
    let run = site.build_with(&["--quiet"]);
    run.assert_success();
    (site, run)
}

#[test]
fn the_full_text_page_has_no_duplicate_id_and_its_headings_descend_in_order() {
    let (_site, run) = built();
    let html = run.html("en/convention/full/index.html");
    let mut ids: BTreeMap<String, usize> = BTreeMap::new();
    for element in html.select(&sel("[id]")) {
        *ids.entry(element.value().attr("id").unwrap().to_owned()).or_default() += 1;
    }
    let duplicates: Vec<_> = ids.iter().filter(|(_, n)| **n > 1).collect();
    assert!(duplicates.is_empty(), "duplicate ids: {duplicates:?}");
    assert!(ids.contains_key("a1-key-terms") && ids.contains_key("a2-key-terms"), "{ids:?}");
    // Every in-page link leads to an id of the page.
    for link in html.select(&sel("a[href^='#']")) {
        let target = &link.value().attr("href").unwrap()[1..];
        assert!(ids.contains_key(target), "#{target} leads nowhere");
    }
    // Headings never skip a level going down: each article's "Key terms" sits under its <h3>.
    let levels: Vec<u8> = html
        .select(&sel("main h1, main h2, main h3, main h4, main h5, main h6"))
        .map(|h| h.value().name()[1..].parse().unwrap())
        .collect();
    for pair in levels.windows(2) {
        assert!(pair[1] <= pair[0] + 1, "heading levels {levels:?}");
    }
    assert_eq!(html.select(&sel("article#article-1 h4#a1-key-terms")).count(), 1);
}

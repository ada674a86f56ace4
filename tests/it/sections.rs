//! Section listings: a generic page lists the pages of its folder as `section_pages`.

use crate::harness::{Site, sel};

fn listed(run: &crate::harness::Run, page: &str) -> Vec<(String, String)> {
    run.html(page)
        .select(&sel("ul.section a"))
        .map(|a| (a.text().collect::<String>(), a.value().attr("href").unwrap_or_default().to_owned()))
        .collect()
}

#[test]
fn a_page_and_its_section_index_list_the_section_pages_in_their_language() {
    let site = Site::fixture("base/minimal").overlay("sections/guides");
    let run = site.build();
    run.assert_success();
    let en = vec![
        ("Deploy".to_owned(), "/en/guides/deploy/".to_owned()),
        ("Install".to_owned(), "/en/guides/install/".to_owned()),
    ];
    assert_eq!(listed(&run, "en/guides/install/index.html"), en);
    assert_eq!(listed(&run, "en/guides/index.html"), en);
    // French: its own translation, and the English page it falls back to.
    assert_eq!(
        listed(&run, "fr/guides/deploy/index.html"),
        vec![
            ("Deploy".to_owned(), "/fr/guides/deploy/".to_owned()),
            ("Installer".to_owned(), "/fr/guides/install/".to_owned()),
        ]
    );
}

#[test]
fn a_top_level_page_lists_the_other_top_level_pages() {
    let site = Site::fixture("base/minimal").overlay("sections/guides");
    let run = site.build();
    run.assert_success();
    let about = listed(&run, "en/about/index.html");
    assert!(about.iter().any(|(_, url)| url == "/en/about/"), "{about:?}");
    assert!(about.iter().all(|(_, url)| !url.contains("guides")), "{about:?}");
}

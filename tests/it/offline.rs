//! What readers and search engines get beyond a page's own text: the full text on one
//! page with unique ids, meta descriptions everywhere, untranslated pages kept out of
//! search engines' indexes, the search form in the HTML, feed summaries, and the EPUB of
//! each language. On `tests/fixtures/reader` (over `base/minimal`): en, fr and ar, two
//! articles with a "Key terms" section, article 2 translated in no language but English.

use std::collections::BTreeMap;

use crate::harness::{Run, Site, attr_of, html_pages, sel};

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

/// Every file of an EPUB, by name, in the archive's order.
fn epub_files(bytes: &[u8]) -> Vec<(String, Vec<u8>)> {
    use std::io::Read;
    let mut archive = zip::ZipArchive::new(std::io::Cursor::new(bytes)).unwrap();
    (0..archive.len())
        .map(|i| {
            let mut file = archive.by_index(i).unwrap();
            let mut data = Vec::new();
            file.read_to_end(&mut data).unwrap();
            (file.name().to_owned(), data)
        })
        .collect()
}

/// An XML document; XHTML documents start with `<!DOCTYPE html>`.
fn xml(text: &str) -> roxmltree::Document<'_> {
    let options = roxmltree::ParsingOptions { allow_dtd: true, ..roxmltree::ParsingOptions::default() };
    roxmltree::Document::parse_with_options(text, options).unwrap_or_else(|e| panic!("{e}:\n{text}"))
}

const OPF: &str = "http://www.idpf.org/2007/opf";
const XHTML: &str = "http://www.w3.org/1999/xhtml";
const XML: &str = "http://www.w3.org/XML/1998/namespace";

#[test]
fn each_language_has_an_epub_of_the_whole_guide_in_order_with_its_language_and_direction() {
    let (_site, run) = built();
    for (lang, dir) in [("en", "ltr"), ("fr", "ltr"), ("ar", "rtl")] {
        let bytes = std::fs::read(run.out.join(format!("{lang}/convention/guide.epub"))).unwrap();
        let files: BTreeMap<String, Vec<u8>> = epub_files(&bytes).into_iter().collect();
        assert_eq!(epub_files(&bytes)[0].0, "mimetype", "{lang}: the mimetype comes first");
        assert_eq!(files["mimetype"], b"application/epub+zip");
        let text = |name: &str| String::from_utf8(files[name].clone()).unwrap();

        let opf = text("OEBPS/content.opf");
        let opf = xml(&opf);
        let language = opf.descendants().find(|n| n.has_tag_name(("http://purl.org/dc/elements/1.1/", "language")));
        assert_eq!(language.and_then(|n| n.text()), Some(lang));
        let spine = opf.descendants().find(|n| n.has_tag_name((OPF, "spine"))).unwrap();
        assert_eq!(spine.attribute("page-progression-direction"), Some(dir), "{lang}");
        let hrefs: BTreeMap<&str, &str> = opf
            .descendants()
            .filter(|n| n.has_tag_name((OPF, "item")))
            .map(|n| (n.attribute("id").unwrap(), n.attribute("href").unwrap()))
            .collect();
        let order: Vec<&str> = spine
            .children()
            .filter(|n| n.has_tag_name((OPF, "itemref")))
            .map(|n| hrefs[n.attribute("idref").unwrap()])
            .collect();
        assert_eq!(
            order,
            [
                "index.xhtml",
                "chapter-01.xhtml",
                "article-01.xhtml",
                "article-02.xhtml",
                "chapter-02.xhtml",
                "article-03.xhtml",
                "glossary.xhtml"
            ],
            "{lang}: the spine"
        );

        // Every document is XHTML in the book's language and direction.
        for href in &order {
            let doc = text(&format!("OEBPS/{href}"));
            let doc = xml(&doc);
            let root = doc.root_element();
            assert!(root.has_tag_name((XHTML, "html")), "{lang}/{href}");
            assert_eq!(root.attribute((XML, "lang")), Some(lang), "{lang}/{href}");
            assert_eq!(root.attribute("dir"), Some(dir), "{lang}/{href}");
        }
        let nav = text("OEBPS/nav.xhtml");
        let nav = xml(&nav);
        assert_eq!(nav.root_element().attribute("dir"), Some(dir), "{lang}: the navigation document");

        // Article 2 is in English alone: its text is marked as English in the other books.
        let article = text("OEBPS/article-02.xhtml");
        let article = xml(&article);
        let h1 = article.descendants().find(|n| n.has_tag_name((XHTML, "h1"))).unwrap();
        assert_eq!(h1.text(), Some("Terms"));
        let marked =
            article.descendants().find(|n| n.has_tag_name((XHTML, "div")) && n.attribute((XML, "lang")).is_some());
        match lang {
            "en" => assert!(marked.is_none()),
            _ => {
                let marked = marked.unwrap_or_else(|| panic!("{lang}: the fallback text is marked"));
                assert_eq!((marked.attribute((XML, "lang")), marked.attribute("dir")), (Some("en"), Some("ltr")));
            }
        }
        // Mentions of articles lead inside the book, the glossary link too.
        let first = text("OEBPS/article-01.xhtml");
        let first = xml(&first);
        let links: Vec<&str> = first.descendants().filter_map(|n| n.attribute("href")).collect();
        if lang == "en" {
            assert!(links.contains(&"article-03.xhtml") && links.contains(&"glossary.xhtml"), "{lang}: {links:?}");
        }
        // The convention page links the book.
        let overview = run.html(&format!("{lang}/convention/index.html"));
        let href = overview.select(&sel("a[type='application/epub+zip']")).next().and_then(|a| a.value().attr("href"));
        assert_eq!(href.map(str::to_owned), Some(format!("/{lang}/convention/guide.epub")));
    }
}

#[test]
fn two_builds_make_byte_identical_epubs() {
    let (site, first) = built();
    let before = std::fs::read(first.out.join("ar/convention/guide.epub")).unwrap();
    // A zip entry's time has a resolution of two seconds: a clock-dated one would differ.
    std::thread::sleep(std::time::Duration::from_millis(2100));
    std::fs::remove_dir_all(site.out()).unwrap();
    let second = site.build_with(&["--quiet"]);
    second.assert_success();
    let after = std::fs::read(second.out.join("ar/convention/guide.epub")).unwrap();
    assert!(before == after, "the EPUB differs between two builds of the same sources");
}

#[test]
fn every_page_has_a_meta_description() {
    let (_site, run) = built();
    let mut pages = 0;
    for (path, html) in html_pages(&run.out) {
        let description = attr_of(&html, "head meta[name=description]", "content").unwrap_or_default();
        assert!(!description.trim().is_empty(), "{path} has no description");
        pages += 1;
    }
    assert!(pages > 20, "{pages} pages");
    // Made from the text where the page has no description: the participant's status,
    // the chapter's first paragraph, the article's first paragraph.
    let chapter = run.html("en/convention/chapter-02/index.html");
    assert!(attr_of(&chapter, "meta[name=description]", "content").unwrap().starts_with("Chapter 2"));
    let article = run.html("en/convention/article-03/index.html");
    assert_eq!(
        attr_of(&article, "meta[name=description]", "content").as_deref(),
        Some("Article 3 says when the convention enters into force.")
    );
}

/// The `hreflang` alternates of a page, by language (`x-default` too).
fn alternates(html: &scraper::Html) -> BTreeMap<String, String> {
    html.select(&sel("link[rel=alternate][hreflang]"))
        .map(|l| (l.value().attr("hreflang").unwrap().to_owned(), l.value().attr("href").unwrap().to_owned()))
        .collect()
}

#[test]
fn an_untranslated_page_is_noindex_canonical_to_its_source_and_out_of_the_sitemap() {
    let (_site, run) = built();
    // Article 2 exists only in English; French and Arabic show the English text.
    for lang in ["fr", "ar"] {
        let html = run.html(&format!("{lang}/convention/article-02/index.html"));
        assert_eq!(attr_of(&html, "meta[name=robots]", "content").as_deref(), Some("noindex"), "{lang}");
        assert_eq!(
            attr_of(&html, "link[rel=canonical]", "href").as_deref(),
            Some("https://example.org/en/convention/article-02/"),
            "{lang}"
        );
        assert!(alternates(&html).is_empty(), "{lang}: {:?}", alternates(&html));
    }
    let english = run.html("en/convention/article-02/index.html");
    assert!(attr_of(&english, "meta[name=robots]", "content").is_none());
    assert_eq!(alternates(&english).keys().collect::<Vec<_>>(), ["en", "x-default"]);
    let translated = run.html("ar/convention/article-01/index.html");
    assert_eq!(
        attr_of(&translated, "link[rel=canonical]", "href").as_deref(),
        Some("https://example.org/ar/convention/article-01/")
    );

    let sitemap = std::fs::read_to_string(run.out.join("sitemap.xml")).unwrap();
    let sitemap = roxmltree::Document::parse(&sitemap).unwrap();
    let locs: Vec<&str> = sitemap
        .descendants()
        .filter(|n| n.has_tag_name(("http://www.sitemaps.org/schemas/sitemap/0.9", "loc")))
        .filter_map(|n| n.text())
        .collect();
    assert!(locs.contains(&"https://example.org/en/convention/article-02/"), "{locs:?}");
    assert!(locs.contains(&"https://example.org/ar/convention/article-01/"), "{locs:?}");
    for lang in ["fr", "ar"] {
        let page = format!("https://example.org/{lang}/convention/article-02/");
        assert!(!locs.contains(&page.as_str()), "{page} is in the sitemap");
    }
}

#[test]
fn alternates_are_reciprocal_on_every_page() {
    let (_site, run) = built();
    let pages: BTreeMap<String, scraper::Html> = html_pages(&run.out).into_iter().collect();
    let mut checked = 0;
    for (path, html) in &pages {
        let Some(own) = attr_of(html, "link[rel=canonical]", "href") else { continue };
        for (lang, href) in alternates(html) {
            // The language chooser at the root is every home page's `x-default`.
            let rel = href.trim_start_matches("https://example.org/");
            let other = &pages[&format!("{rel}index.html")];
            assert!(
                alternates(other).values().any(|h| *h == own),
                "{path} lists {lang} {href}, which does not list it back"
            );
            checked += 1;
        }
    }
    assert!(checked > 20, "{checked} alternates");
}

#[test]
fn the_search_form_is_shown_without_waiting_for_the_script() {
    // The bug: the form sat in a `hidden` block that the script revealed, and the page
    // shifted under the reader when it did.
    let (_site, run) = built();
    for lang in ["en", "ar"] {
        let html = run.html(&format!("{lang}/search/index.html"));
        let form = html.select(&sel("main form.search-form")).next().expect("the search form");
        let hidden: Vec<&str> = form
            .ancestors()
            .chain(std::iter::once(*form))
            .filter_map(scraper::ElementRef::wrap)
            .filter(|e| e.value().attr("hidden").is_some())
            .map(|e| e.value().name())
            .collect();
        assert!(hidden.is_empty(), "{lang}: the form is inside hidden {hidden:?}");
        assert!(html.select(&sel("main form.search-form input[name=q]")).next().is_some());
    }
}

#[test]
fn every_feed_entry_carries_a_summary_of_the_participants_status() {
    let (_site, run) = built();
    const ATOM: &str = "http://www.w3.org/2005/Atom";
    for lang in ["en", "ar"] {
        let text = std::fs::read_to_string(run.out.join(format!("{lang}/status/feed.xml"))).unwrap();
        let feed = roxmltree::Document::parse(&text).unwrap();
        assert!(feed.root_element().has_tag_name((ATOM, "feed")));
        let entries: Vec<_> = feed.descendants().filter(|n| n.has_tag_name((ATOM, "entry"))).collect();
        // France and the EU signed and deposited, Viet Nam signed: five events.
        assert_eq!(entries.len(), 5, "{lang}");
        for entry in &entries {
            let summary = entry.children().find(|n| n.has_tag_name((ATOM, "summary")));
            let summary = summary.and_then(|n| n.text()).unwrap_or_default();
            assert!(!summary.trim().is_empty(), "{lang}: an entry without a summary");
        }
    }
    let text = std::fs::read_to_string(run.out.join("en/status/feed.xml")).unwrap();
    let feed = roxmltree::Document::parse(&text).unwrap();
    let france = feed
        .descendants()
        .filter(|n| n.has_tag_name((ATOM, "summary")))
        .filter_map(|n| n.text())
        .find(|t| t.starts_with("France"))
        .expect("France's summary");
    assert!(france.contains("25 October 2025") && france.contains("Hanoi"), "{france}");
}

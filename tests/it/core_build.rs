//! The core build: pages, links and counts on fixtures, determinism, embedded
//! defaults, sub-path deployment, and the output-folder guard.

use std::path::Path;

use accord::content::data;

use crate::harness::{
    FALLBACK_ARTICLE, MULTILINGUAL, Site, attr_of, convention, html_pages, languages, multilingual, sel, signatories,
    snapshot, text_of, xml_text,
};

#[test]
fn every_language_has_a_page_for_each_article_of_the_data() {
    let (_, run) = multilingual();
    let expected: Vec<String> =
        convention().articles().map(|(_, article)| format!("article-{:02}", article.number)).collect();
    assert_eq!(expected.len(), 5, "the fixture's articles");
    for lang in languages() {
        let dir = run.out.join(&lang).join("convention");
        let mut articles: Vec<String> = std::fs::read_dir(&dir)
            .unwrap()
            .filter_map(Result::ok)
            .filter(|e| e.path().join("index.html").is_file())
            .map(|e| e.file_name().to_string_lossy().into_owned())
            .filter(|name| name.starts_with("article-"))
            .collect();
        articles.sort();
        // The untranslated article included: it is built from English.
        assert_eq!(articles, expected, "{lang}");
    }
}

#[test]
fn each_article_h1_holds_its_title_from_the_data() {
    let (_, run) = multilingual();
    for (_, article) in convention().articles() {
        let html = run.html(&format!("en/convention/article-{:02}/index.html", article.number));
        let h1: Vec<_> = html.select(&sel("h1")).collect();
        assert_eq!(h1.len(), 1, "one h1 on article {}", article.number);
        assert_eq!(text_of(&html, "h1 .num"), format!("Article {}", article.number));
        let title = text_of(&html, "h1").replacen(&format!("Article {}", article.number), "", 1);
        assert_eq!(title.trim(), article.title, "article {}", article.number);
    }
}

#[test]
fn previous_next_chain_visits_every_article_in_order() {
    let (_, run) = multilingual();
    let numbers: Vec<u32> = convention().articles().map(|(_, a)| a.number).collect();
    let mut visited = Vec::new();
    let mut path = Some("/en/convention/article-01/".to_owned());
    while let Some(current) = path {
        let number: u32 = current.trim_end_matches('/').rsplit('-').next().unwrap().parse().unwrap();
        visited.push(number);
        let html = run.html(&format!("{}index.html", current.trim_start_matches('/')));
        if let Some(prev) = attr_of(&html, "a[rel=prev]", "href") {
            assert_eq!(prev, format!("/en/convention/article-{:02}/", number - 1));
        } else {
            assert_eq!(number, 1, "only the first article has no previous");
        }
        path = attr_of(&html, "a[rel=next]", "href");
        assert!(visited.len() <= numbers.len(), "the chain loops");
    }
    assert_eq!(visited, numbers);
}

#[test]
fn status_counts_are_computed_from_the_data() {
    let (_, run) = multilingual();
    let convention = convention();
    let data = signatories(&convention);
    // The headline's first figure is the confirmed signatures (an inferred one is reported).
    let signed = data
        .participants
        .iter()
        .filter(|p| p.signature.as_ref().is_some_and(|s| s.confidence == data::Confidence::Verified))
        .count();
    let deposited = data.participants.iter().filter(|p| p.deposit.is_some()).count();
    let counted =
        data.participants.iter().filter(|p| p.deposit.is_some() && p.kind == data::ParticipantKind::State).count();
    let required = convention.entry_into_force.instruments_required as usize;
    assert_eq!((signed, deposited, counted, required), (9, 2, 1, 5), "the fixture's data");

    let html = run.html("en/status/index.html");
    let figures: Vec<String> = html.select(&sel(".figures .figure")).map(|e| e.text().collect()).collect();
    assert_eq!(figures, vec![signed.to_string(), deposited.to_string()]);
    assert_eq!(attr_of(&html, "progress", "value"), Some(counted.to_string()));
    assert_eq!(attr_of(&html, "progress", "max"), Some(required.to_string()));
    let remaining = required - counted;
    assert!(text_of(&html, ".status-summary").contains(&format!("{remaining} more instruments are needed")));
    assert!(text_of(&html, ".as-of").contains("19 November 2025"), "{}", text_of(&html, ".as-of"));
    assert_eq!(html.select(&sel("table.participants tbody tr")).count(), data.participants.len());
}

#[test]
fn two_builds_are_byte_identical() {
    let site = Site::fixture(MULTILINGUAL);
    site.build_with(&["--quiet", "--out", site.path().join("one").to_str().unwrap()]).assert_success();
    site.build_with(&["--quiet", "--out", site.path().join("two").to_str().unwrap()]).assert_success();
    let one = snapshot(&site.path().join("one"));
    let two = snapshot(&site.path().join("two"));
    // Pages in six languages, data files, the search index of each.
    assert!(one.len() > 300, "{} files", one.len());
    assert_eq!(one.keys().collect::<Vec<_>>(), two.keys().collect::<Vec<_>>());
    for (path, bytes) in &one {
        assert!(two[path] == *bytes, "{path} differs between builds");
    }
}

#[test]
fn a_site_without_templates_builds_from_the_embedded_defaults() {
    let site = Site::fixture("base/minimal");
    assert!(!site.path().join("templates").exists());
    let run = site.build();
    run.assert_success();
    assert!(run.stdout().contains("pages in 2 languages"), "{}", run.stdout());
    let html = run.html("en/convention/article-02/index.html");
    assert_eq!(text_of(&html, "h1"), "Article 2 Terms");
    assert!(run.out.join("style.css").is_file());
    // French has no article 2: it is built from English and says so.
    let fr = run.html("fr/convention/article-02/index.html");
    assert_eq!(attr_of(&fr, "html", "lang").as_deref(), Some("fr"));
    assert_eq!(attr_of(&fr, ".prose", "lang").as_deref(), Some("en"));
    assert!(fr.select(&sel(".notice-fallback")).next().is_some());
}

#[test]
fn a_site_template_replaces_the_built_in_one() {
    let site = Site::fixture("base/minimal");
    site.write("templates/partials/footer.html", "<footer class=\"custom\">Our own footer</footer>\n");
    let run = site.build();
    run.assert_success();
    let html = run.html("en/index.html");
    assert_eq!(text_of(&html, "footer.custom"), "Our own footer");
    assert!(html.select(&sel("footer.site-footer")).next().is_none());
}

#[test]
fn every_internal_link_honours_a_sub_path_base_url() {
    let site = Site::fixture("base/minimal");
    let run = site.build_with(&["--base-url", "https://example.org/sub/"]);
    run.assert_success();
    let mut checked = 0;
    for (path, html) in html_pages(&run.out) {
        for element in html.select(&sel("a[href], link[href], script[src], img[src], form[action]")) {
            let v = element.value();
            let url = v.attr("href").or(v.attr("src")).or(v.attr("action")).unwrap();
            if url.starts_with('#') {
                checked += 1;
                continue;
            }
            // A permalink under the sub-path must lead to a page that was built.
            if let Some(rest) = url.strip_prefix("https://example.org/sub/") {
                let rest = rest.split(['#', '?']).next().unwrap_or_default();
                let page = run.out.join(rest);
                let built = page.join("index.html").is_file() || (!rest.is_empty() && page.is_file());
                assert!(built, "{path}: permalink {url} leads to no page of the site");
                checked += 1;
                continue;
            }
            // A permalink to a page of the site must be under the sub-path too (the old test
            // skipped every absolute URL, the permalinks it exists to check included). Other
            // addresses on the same host (the fixture's sources) are outside links.
            if let Some(rest) = url.strip_prefix("https://example.org/") {
                let rest = rest.split(['#', '?']).next().unwrap_or_default();
                let page = run.out.join(rest);
                assert!(
                    !(page.join("index.html").is_file() || (!rest.is_empty() && page.is_file())),
                    "{path}: permalink {url} is not under /sub/"
                );
            }
            if url.starts_with("http") {
                continue;
            }
            assert!(url.starts_with("/sub/"), "{path}: link {url} does not start with /sub/");
            checked += 1;
        }
    }
    assert!(checked > 100, "only {checked} links checked");
    let sitemap = std::fs::read_to_string(run.out.join("sitemap.xml")).unwrap();
    let doc = roxmltree::Document::parse(&sitemap).unwrap();
    let locs: Vec<&str> = doc.descendants().filter(|n| n.has_tag_name("loc")).filter_map(|n| n.text()).collect();
    assert!(!locs.is_empty());
    for loc in locs {
        assert!(loc.starts_with("https://example.org/sub/"), "sitemap: {loc}");
    }
}

#[test]
fn permalinks_links_and_the_search_index_carry_a_sub_path() {
    let site = Site::fixture("base/minimal");
    let run = site.build_with(&["--base-url", "https://example.org/sub/"]);
    run.assert_success();
    // A site address resolves to a file of the output once its `/sub/` is taken away.
    let resolves = |path: &str| {
        let path = path.split(['#', '?']).next().unwrap_or_default();
        let file = run.out.join(path);
        (path.is_empty() || path.ends_with('/')) && file.join("index.html").is_file() || file.is_file()
    };
    let mut permalinks = 0;
    for (path, html) in html_pages(&run.out) {
        let absolute = "link[rel=canonical], link[rel=alternate][hreflang], meta[property='og:url']";
        for element in html.select(&sel(absolute)) {
            let v = element.value();
            let url = v.attr("href").or(v.attr("content")).unwrap();
            let rest = url.strip_prefix("https://example.org/sub/");
            assert!(rest.is_some_and(resolves), "{path}: permalink {url} is not a page under /sub/");
            permalinks += 1;
        }
        for element in html.select(&sel("nav a[href], .breadcrumbs a[href], .languages a[href]")) {
            let url = element.value().attr("href").unwrap();
            if url.starts_with('#') {
                continue;
            }
            let rest = url.strip_prefix("/sub/");
            assert!(rest.is_some_and(resolves), "{path}: link {url} is not a page under /sub/");
        }
    }
    assert!(permalinks > 20, "only {permalinks} permalinks checked");
    // The search index's results link to the pages under the sub-path too.
    let fragments = run.out.join("pagefind/fragment");
    let mut urls = Vec::new();
    for entry in std::fs::read_dir(&fragments).unwrap() {
        let bytes = std::fs::read(entry.unwrap().path()).unwrap();
        let mut text = String::new();
        std::io::Read::read_to_string(&mut flate2::read::GzDecoder::new(bytes.as_slice()), &mut text).unwrap();
        let fragment: serde_json::Value = serde_json::from_str(&text[text.find('{').unwrap()..]).unwrap();
        urls.push(fragment["url"].as_str().unwrap().to_owned());
    }
    assert!(!urls.is_empty());
    for url in &urls {
        let rest = url.strip_prefix("/sub/");
        assert!(rest.is_some_and(resolves), "search index: {url} is not a page under /sub/");
    }
}

#[test]
fn sitemap_robots_and_404_are_written() {
    let (_, run) = multilingual();
    let sitemap = xml_text(run, "sitemap.xml");
    let doc = roxmltree::Document::parse(&sitemap).expect("the sitemap is XML");
    const SITEMAP: &str = "http://www.sitemaps.org/schemas/sitemap/0.9";
    assert!(doc.root_element().has_tag_name((SITEMAP, "urlset")));
    let mut locs: Vec<String> = doc
        .descendants()
        .filter(|n| n.has_tag_name((SITEMAP, "loc")))
        .filter_map(|n| n.text())
        .map(|loc| loc.strip_prefix("https://example.org/").unwrap_or_else(|| panic!("{loc}")).to_owned())
        .collect();
    locs.sort();
    // Untranslated pages (noindex, canonical to their source) are left out.
    let mut pages: Vec<String> = html_pages(&run.out)
        .into_iter()
        .filter(|(p, html)| p.ends_with("/index.html") && attr_of(html, "meta[name=robots]", "content").is_none())
        .map(|(p, _)| p.trim_end_matches("index.html").to_owned())
        .collect();
    pages.sort();
    assert_eq!(locs, pages, "one <loc> per indexable language page");
    assert!(!locs.contains(&format!("fr/convention/article-{FALLBACK_ARTICLE:02}/")), "a fallback page is listed");
    let robots = std::fs::read_to_string(run.out.join("robots.txt")).unwrap();
    assert!(robots.lines().any(|l| l == "Sitemap: https://example.org/sitemap.xml"), "{robots}");
    assert!(run.out.join("404.html").is_file());
    let chooser = run.html("index.html");
    let hreflangs: Vec<_> =
        chooser.select(&sel("link[rel=alternate][hreflang]")).filter_map(|e| e.value().attr("hreflang")).collect();
    assert!(hreflangs.contains(&"x-default"));
    assert_eq!(hreflangs.len(), languages().len() + 1);
}

#[test]
fn output_folder_that_would_overwrite_the_sources_is_refused() {
    let site = Site::fixture("base/minimal");
    let root = site.path().to_str().unwrap().to_owned();
    for out in
        [root.clone(), Path::new(&root).parent().unwrap().to_str().unwrap().to_owned(), format!("{root}/content")]
    {
        let run = site.build_with(&["--out", &out]);
        run.assert_failure().stderr_contains("refusing to write the site into");
    }
    assert!(site.path().join("content/en/_index.md").is_file(), "sources untouched");
}

/// A site with only some of the optional pages (no glossary, chapter 2 without an
/// introduction) still links only to pages it built: the navigation leaves out what does
/// not exist, and a chapter without `_index.md` gets a page built from the data.
#[test]
fn a_site_without_optional_pages_links_only_to_pages_it_built() {
    let site = Site::fixture("base/minimal");
    assert!(!site.path().join("content/en/glossary.md").exists());
    assert!(!site.path().join("content/en/convention/chapter-02/_index.md").exists());
    let run = site.build();
    run.assert_success();
    let mut checked = 0;
    for (path, html) in html_pages(&run.out) {
        for element in html.select(&sel("a[href]")) {
            let href = element.value().attr("href").unwrap();
            let Some(local) = href.strip_prefix('/') else { continue };
            let local = local.split(['#', '?']).next().unwrap();
            let target =
                if local.is_empty() || local.ends_with('/') { format!("{local}index.html") } else { local.to_owned() };
            assert!(run.out.join(&target).is_file(), "{path} links to {href}, which was not built");
            checked += 1;
        }
    }
    assert!(checked > 100, "only {checked} links checked");
    let nav: Vec<String> = run
        .html("en/index.html")
        .select(&sel("nav.site-nav a"))
        .map(|a| a.value().attr("href").unwrap().to_owned())
        .collect();
    assert!(nav.iter().any(|h| h.ends_with("/en/about/")), "{nav:?}");
    assert!(nav.iter().any(|h| h.ends_with("/en/news/")), "{nav:?}");
    assert!(!nav.iter().any(|h| h.contains("glossary")), "{nav:?}");
    let chapter = run.html("en/convention/chapter-02/index.html");
    assert_eq!(text_of(&chapter, "h1"), "Last things");
    assert_eq!(text_of(&chapter, ".article-list li a .num"), "Article 3");
}

#[test]
fn a_site_without_markdown_is_warned_about_by_build_and_check() {
    let site = Site::fixture("base/minimal");
    for lang in ["en", "fr"] {
        std::fs::remove_dir_all(site.path().join("content").join(lang)).unwrap();
    }
    let run = site.build();
    run.assert_success();
    let warnings = run.build_warnings();
    assert!(warnings.iter().any(|w| w.contains("no Markdown pages")), "{}", run.stderr());

    let check = site.check_with(&["--format", "json"]);
    let found = check.check_diagnostics();
    assert!(
        found.contains(&("warning".to_owned(), "content".to_owned(), "content".to_owned())),
        "{found:?}\n{}",
        check.stdout()
    );

    // One page is enough to silence it.
    site.write("content/en/_index.md", "---\ndescription: Home.\n---\nHello.\n");
    let run = site.build();
    run.assert_success();
    assert!(!run.stderr().contains("no Markdown pages"), "{}", run.stderr());
}

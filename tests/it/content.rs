//! The convention's content and reading features: every summary present and long
//! enough, cross-references that resolve, the whole convention on one page, page weight,
//! and no request leaving the site.

use std::path::Path;

use crate::harness::{attr_of, collapse, convention, html_pages, real_site, repo_root, sel, snapshot, text_of};

/// A Markdown body's words, front matter removed (the same count a reader sees).
fn body_words(path: &Path) -> usize {
    let text = std::fs::read_to_string(path).unwrap();
    let body = text.strip_prefix("---\n").and_then(|r| r.split_once("\n---\n")).map_or(text.as_str(), |(_, b)| b);
    body.split_whitespace().count()
}

#[test]
fn every_article_has_an_english_summary_of_120_to_400_words() {
    let convention = convention();
    let mut counts = Vec::new();
    for (chapter, article) in convention.articles() {
        let path = repo_root()
            .join(format!("content/en/convention/chapter-{:02}/article-{:02}.md", chapter.number, article.number));
        assert!(path.is_file(), "no summary for article {}", article.number);
        let text = std::fs::read_to_string(&path).unwrap().to_lowercase();
        for placeholder in ["todo", "lorem", "placeholder", "tbd", "xxx"] {
            assert!(!text.contains(placeholder), "article {} contains {placeholder:?}", article.number);
        }
        let words = body_words(&path);
        assert!((120..=400).contains(&words), "article {}: {words} words", article.number);
        counts.push(words);
    }
    assert_eq!(counts.len(), 68);
    println!(
        "summaries: 68, shortest {} words, longest {}",
        counts.iter().min().unwrap(),
        counts.iter().max().unwrap()
    );
}

#[test]
fn every_chapter_has_an_introduction_of_80_to_200_words() {
    for chapter in convention().chapters {
        let path = repo_root().join(format!("content/en/convention/chapter-{:02}/_index.md", chapter.number));
        let words = body_words(&path);
        assert!((80..=200).contains(&words), "chapter {}: {words} words", chapter.number);
    }
}

#[test]
fn the_glossary_links_each_term_to_articles() {
    let (_, run) = real_site();
    let html = run.html("en/glossary/index.html");
    let terms: Vec<_> = html.select(&sel(".prose h2")).collect();
    assert!(terms.len() >= 14, "{} terms", terms.len());
    let xrefs = html.select(&sel(".prose a.xref")).count();
    assert!(xrefs >= terms.len(), "{xrefs} article links for {} terms", terms.len());
}

#[test]
fn every_cross_reference_in_every_language_leads_to_an_article_page() {
    let (_, run) = real_site();
    let mut links = 0;
    for (path, html) in html_pages(&run.out) {
        for a in html.select(&sel("a.xref")) {
            let href = a.value().attr("href").unwrap();
            let target = run.out.join(href.trim_start_matches('/')).join("index.html");
            assert!(target.is_file(), "{path}: {href} leads nowhere");
            assert!(href.contains("/convention/article-"), "{path}: {href}");
            // A link stays in the page's language.
            assert_eq!(href.split('/').nth(1), path.split('/').next(), "{path}: {href}");
            links += 1;
        }
    }
    assert!(links > 2000, "only {links} cross-references");
}

#[test]
fn the_full_text_page_holds_all_68_articles_in_order() {
    let (_, run) = real_site();
    for lang in ["en", "ar"] {
        let html = run.html(&format!("{lang}/convention/full/index.html"));
        let ids: Vec<String> =
            html.select(&sel("article.full-article")).map(|a| a.value().attr("id").unwrap().to_owned()).collect();
        let expected: Vec<String> = (1..=68).map(|n| format!("article-{n}")).collect();
        assert_eq!(ids, expected, "{lang}");
        assert_eq!(html.select(&sel("section.full-chapter")).count(), 9);
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
    let (_, run) = real_site();
    let html = run.html("en/convention/article-24/index.html");
    let first = html.select(&sel(".prose p[id]")).next().expect("numbered paragraphs");
    assert_eq!(first.value().attr("id"), Some("p1"));
    assert_eq!(attr_of(&html, ".prose a.para", "href").as_deref(), Some("#p1"));
    let official = html.select(&sel(".notice-summary a")).next().unwrap();
    assert!(official.value().attr("href").unwrap().contains("A/RES/79/243"));
    assert!(collapse(&official.text().collect::<String>()).contains("A/RES/79/243"));
    assert!(text_of(&html, ".notice-inferred").contains("partial sources"), "article 24's title is inferred");
}

/// What a reader downloads: the largest article page and the stylesheet, compressed as
/// every static host serves them, fit in the first round trip of a new connection
/// (about 14 KB, TCP's initial window of ten segments), so a page shows after one.
#[test]
fn the_largest_article_page_with_its_css_fits_in_one_round_trip_compressed() {
    let (_, run) = real_site();
    let gzipped = |bytes: &[u8]| {
        let mut encoder = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
        std::io::Write::write_all(&mut encoder, bytes).unwrap();
        encoder.finish().unwrap().len()
    };
    let css = gzipped(&std::fs::read(run.out.join("style.css")).unwrap());
    let mut largest = (0, String::new());
    for (path, bytes) in snapshot(&run.out) {
        if path.contains("/convention/article-") && gzipped(&bytes) > largest.0 {
            largest = (gzipped(&bytes), path);
        }
    }
    println!("largest article page, compressed: {} ({} bytes) + style.css ({css} bytes)", largest.1, largest.0);
    assert!(largest.0 + css < 14 * 1024, "{} + {css} bytes compressed", largest.0);
}

#[test]
fn no_page_requests_anything_outside_the_site() {
    let (_, run) = real_site();
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

//! The one test of the repository's own content (the Hanoi Convention site), kept apart
//! from the code tests, which use fixtures: `accord check --strict` passes on it, and the
//! rules `check` does not know hold (its data files and front matter meet the published
//! schemas, summaries of 120 to 400 words and introductions of
//! 80 to 200, no placeholder text, the largest article page within one round trip). A
//! translator or editor who breaks one sees every problem at once, here and only here.

use accord::content::data;

use crate::harness::{Site, repo_root, snapshot};

/// A Markdown body's words, front matter removed (the same count a reader sees).
fn body_words(text: &str) -> usize {
    let body = text.strip_prefix("---\n").and_then(|r| r.split_once("\n---\n")).map_or(text, |(_, b)| b);
    body.split_whitespace().count()
}

#[test]
fn the_sites_own_content_passes_check_strict_and_the_editorial_rules() {
    let site = Site::real();
    let check = site.check_with(&["--strict"]);
    assert_eq!(check.code(), Some(0), "accord check --strict on the site:\n{}{}", check.stdout(), check.stderr());
    let summary = check.stdout().lines().find(|l| l.starts_with("check passed")).unwrap_or_default().to_owned();
    println!("{summary}");

    // The published schemas (docs/schema/) accept what the site's editors wrote.
    let mut files = crate::schema::site_files(&repo_root(), "content");
    files.push(("site.yaml".into(), std::fs::read_to_string(repo_root().join("site.yaml")).unwrap()));
    let mut problems = crate::schema::violations(&files);

    let path = repo_root().join("content/data/convention.yaml");
    let convention = data::parse_convention(&path, &std::fs::read_to_string(&path).unwrap()).unwrap();
    let mut words = |rel: &str, range: std::ops::RangeInclusive<usize>, what: &str| {
        let Ok(text) = std::fs::read_to_string(repo_root().join(rel)) else {
            problems.push(format!("{rel}: no {what}"));
            return;
        };
        let lower = text.to_lowercase();
        for placeholder in ["todo", "lorem", "placeholder", "tbd", "xxx"] {
            if lower.contains(placeholder) {
                problems.push(format!("{rel}: contains {placeholder:?}"));
            }
        }
        let n = body_words(&text);
        if !range.contains(&n) {
            problems.push(format!("{rel}: {what} of {n} words, not {} to {}", range.start(), range.end()));
        }
    };
    for chapter in &convention.chapters {
        words(&format!("content/en/convention/chapter-{:02}/_index.md", chapter.number), 80..=200, "introduction");
        for article in &chapter.articles {
            let rel = format!("content/en/convention/chapter-{:02}/article-{:02}.md", chapter.number, article.number);
            words(&rel, 120..=400, "summary");
        }
    }

    // What a reader downloads: the largest article page and the stylesheet, compressed as
    // every static host serves them, fit in the first round trip of a new connection
    // (about 14 KB, TCP's initial window of ten segments), so a page shows after one.
    let out = site.path().join("public");
    site.build_with(&["--quiet", "--no-search", "--out", out.to_str().unwrap()]).assert_success();
    let gzipped = |bytes: &[u8]| {
        let mut encoder = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
        std::io::Write::write_all(&mut encoder, bytes).unwrap();
        encoder.finish().unwrap().len()
    };
    let css = gzipped(&std::fs::read(out.join("style.css")).unwrap());
    let largest = snapshot(&out)
        .into_iter()
        .filter(|(path, _)| path.contains("/convention/article-"))
        .map(|(path, bytes)| (gzipped(&bytes), path))
        .max()
        .expect("article pages");
    println!("largest article page, compressed: {} ({} bytes) + style.css ({css} bytes)", largest.1, largest.0);
    if largest.0 + css >= 14 * 1024 {
        problems.push(format!("{}: {} + {css} bytes compressed, over 14 KB", largest.1, largest.0));
    }
    assert!(problems.is_empty(), "{} problems in the site's content:\n{}", problems.len(), problems.join("\n"));
}

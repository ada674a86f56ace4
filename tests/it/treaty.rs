//! A second treaty (tests/fixtures/treaty/en-es: English and Spanish, a threshold of 5,
//! five articles, five participants): nothing of the Hanoi Convention may reach its
//! pages, and what is particular to a treaty comes from its data.

use std::io::Read;

use scraper::{Html, Node};

use crate::harness::{Site, collapse, html_pages, snapshot, text_of};

/// Words and numbers particular to the UN Convention against Cybercrime.
const FORBIDDEN: &[&str] = &["hanoi", "79/243", "cybercrime", "new york", "hà nội", "hanoï"];

/// A file's text: gzip (Pagefind's fragments) unpacked, binaries read as lossy UTF-8.
fn text_of_file(bytes: &[u8]) -> String {
    if bytes.starts_with(&[0x1f, 0x8b]) {
        let mut out = Vec::new();
        if flate2::read::GzDecoder::new(bytes).read_to_end(&mut out).is_ok() {
            return String::from_utf8_lossy(&out).into_owned();
        }
    }
    String::from_utf8_lossy(bytes).into_owned()
}

/// The text a reader meets on a page: text outside `<svg>`, `<script>` and `<style>`
/// (whose numbers are coordinates and code), and the attributes read out or shown.
fn reader_text(html: &Html) -> String {
    let mut out = String::new();
    for node in html.tree.nodes() {
        match node.value() {
            Node::Text(text) => {
                let hidden = node
                    .ancestors()
                    .any(|a| a.value().as_element().is_some_and(|e| matches!(e.name(), "svg" | "script" | "style")));
                if !hidden {
                    out.push_str(text);
                    out.push(' ');
                }
            }
            Node::Element(element) => {
                for name in ["title", "aria-label", "alt", "content", "placeholder"] {
                    if let Some(value) = element.attr(name) {
                        out.push_str(value);
                        out.push(' ');
                    }
                }
            }
            _ => {}
        }
    }
    out
}

#[test]
fn a_second_treaty_shows_no_trace_of_the_hanoi_convention() {
    let site = Site::fixture("treaty/en-es");
    site.build().assert_success();
    let files = snapshot(&site.out());
    assert!(files.len() > 30, "{} files", files.len());
    for (path, bytes) in &files {
        let text = text_of_file(bytes).to_lowercase();
        for word in FORBIDDEN {
            assert!(!text.contains(word), "{path} contains {word:?}");
        }
    }
    // The threshold (40) and the chapter count (9) of that convention, as numbers a reader sees.
    let number = regex::Regex::new(r"(^|[^\d.,/-])(40|9)([^\d.,/-]|$)").unwrap();
    for (path, html) in html_pages(&site.out()) {
        let text = collapse(&reader_text(&html));
        assert!(!number.is_match(&text), "{path}: {:?}", number.find(&text).map(|m| m.as_str()));
    }
    let threshold = regex::Regex::new(r"\b40\b").unwrap();
    for (path, bytes) in
        files.iter().filter(|(p, _)| p.ends_with(".json") || p.ends_with(".csv") || p.ends_with(".xml"))
    {
        let text = String::from_utf8_lossy(bytes);
        assert!(!threshold.is_match(&text), "{path} has 40");
    }
}

#[test]
fn the_threshold_and_day_count_in_the_rule_come_from_the_data() {
    let site = Site::fixture("treaty/en-es");
    let run = site.build();
    run.assert_success();
    let rule = |lang: &str| {
        let html = run.html(&format!("{lang}/status/index.html"));
        html.select(&crate::harness::sel("main p"))
            .map(|p| collapse(&p.text().collect::<String>()))
            .find(|t| t.contains("60"))
            .unwrap_or_else(|| panic!("no rule with the data's 60 days in {lang}"))
    };
    let en = rule("en");
    assert!(en.contains("60 days after") && en.contains(" 5 instruments"), "{en}");
    let es = rule("es");
    assert!(es.contains("60 días") && es.contains("el 5.º instrumento"), "{es}");
}

#[test]
fn the_authentic_text_is_cited_as_the_data_cites_it_in_each_language() {
    let site = Site::fixture("treaty/en-es");
    let run = site.build();
    run.assert_success();
    let en = run.html("en/convention/article-01/index.html");
    assert!(text_of(&en, "footer").contains("Conference document MC/2031/7"), "{}", text_of(&en, "footer"));
    let es = run.html("es/convention/article-01/index.html");
    assert!(text_of(&es, "footer").contains("documento de la Conferencia MC/2031/7"), "{}", text_of(&es, "footer"));
}

#[test]
fn signature_places_are_named_from_the_data_in_each_language() {
    let site = Site::fixture("treaty/en-es");
    let run = site.build();
    run.assert_success();
    let at = text_of(&run.html("es/status/at/index.html"), "main");
    assert!(at.contains("Orilla del Lago"), "{at}");
    let pe = text_of(&run.html("es/status/pe/index.html"), "main");
    assert!(pe.contains("Villarrío"), "{pe}");
    let en = text_of(&run.html("en/status/pe/index.html"), "main");
    assert!(en.contains("Rivertown"), "{en}");
}

#[test]
fn five_mistakes_across_the_data_files_are_all_reported_in_one_run_at_their_lines() {
    let site = Site::fixture("treaty/en-es");
    let convention = std::fs::read_to_string(site.path().join("content/data/convention.yaml")).unwrap();
    site.write(
        "content/data/convention.yaml",
        convention.replace("{article: 4, paragraph: 2", "{article: 9, paragraph: 2"),
    );
    let signatories = std::fs::read_to_string(site.path().join("content/data/signatories.yaml")).unwrap();
    let broken = signatories
        .replace("code: AT", "code: XX")
        .replace("code: NP", "code: CH")
        .replace("sources: [registry]\n  - code: PE", "sources: [gazette]\n  - code: PE")
        .replace("deposit: {kind: ratification, date: 2031-09-01}", "deposit: {kind: ratification, date: 2031-05-01}")
        .replace("date: 2031-09-15}", "date: 2031-10-15}");
    assert_ne!(broken, signatories);
    site.write("content/data/signatories.yaml", &broken);
    let run = site.build();
    run.assert_failure();
    let stderr = run.stderr();
    for (file, message) in [
        ("convention.yaml", "article 9"),
        ("signatories.yaml", "`XX` is not an ISO 3166-1"),
        ("signatories.yaml", "participant `CH` appears twice"),
        ("signatories.yaml", "source `gazette`"),
        ("signatories.yaml", "dated before the signature"),
        ("signatories.yaml", "after the data's `as_of` date"),
    ] {
        let line = stderr.lines().position(|l| l.contains(message)).unwrap_or_else(|| panic!("{message}:\n{stderr}"));
        let at = stderr.lines().nth(line + 1).unwrap_or_default();
        assert!(at.contains(&format!("content/data/{file}:")), "{message} not located: {at}\n{stderr}");
    }
}

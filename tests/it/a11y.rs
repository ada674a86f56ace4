//! Accessibility properties of the built HTML that the browser audit (tests/a11y/) cannot
//! see or would see only in a browser: here, the language of text inside fallback parts.

use crate::harness::{attr_of, real_site, sel};

/// A fallback page's body is marked `lang="en"`; the screen-reader labels of its paragraph
/// and heading anchors sit inside it, so they must be English too (WCAG 3.1.2), not the
/// page language's words read with an English voice.
#[test]
fn anchor_labels_inside_a_fallback_body_are_in_the_body_language() {
    let (_, run) = real_site();
    let en = run.html("en/convention/article-30/index.html");
    let en_label = attr_of(&en, ".prose a.para", "aria-label").unwrap();
    let ur = run.html("ur/convention/article-30/index.html");
    assert_eq!(attr_of(&ur, ".prose", "lang").as_deref(), Some("en"), "article 30 is a fallback in Urdu");
    let labels: Vec<&str> =
        ur.select(&sel(".prose a.para, .prose a.anchor")).filter_map(|a| a.value().attr("aria-label")).collect();
    assert!(!labels.is_empty());
    for label in labels {
        assert!(label.starts_with(en_label.trim_end_matches(|c: char| c.is_ascii_digit() || c == ' ')), "{label}");
    }
    // A translated page keeps labels in its own language.
    let ur_own = run.html("ur/convention/article-02/index.html");
    assert_eq!(attr_of(&ur_own, ".prose", "lang"), None, "article 2 is translated into Urdu");
    let own = attr_of(&ur_own, ".prose a.para", "aria-label").unwrap();
    assert!(own.chars().any(|c| ('\u{0600}'..='\u{06FF}').contains(&c)), "{own}");
}

/// At 320 px the translation matrix scrolls inside its wrapper, and its cells hold no link:
/// the wrapper itself must take focus, and be named, for a keyboard to scroll it (axe
/// scrollable-region-focusable). So must the status chart, which keeps a minimum width.
#[test]
fn scroll_boxes_without_links_take_keyboard_focus() {
    let (_, run) = real_site();
    for lang in crate::harness::languages() {
        let html = run.html(&format!("{lang}/about/translations/index.html"));
        let wrap = ".table-wrap:has(table.matrix)";
        assert_eq!(attr_of(&html, wrap, "tabindex").as_deref(), Some("0"), "{lang}");
        assert_eq!(attr_of(&html, wrap, "role").as_deref(), Some("region"), "{lang}");
        assert_eq!(attr_of(&html, wrap, "aria-label"), Some(crate::harness::text_of(&html, "h1")), "{lang}");
        let status = run.html(&format!("{lang}/status/index.html"));
        assert_eq!(attr_of(&status, "figure.chart", "tabindex").as_deref(), Some("0"), "{lang}");
        assert!(!crate::harness::text_of(&status, "figure.chart > figcaption").is_empty(), "named by its caption");
    }
}

/// The map and its legend tell "no action", "signed" and "party" apart by colour alone, so
/// each pair of neighbouring colours needs the 3:1 contrast WCAG asks of graphics (1.4.11),
/// and so does "signed" against the white page.
#[test]
fn the_map_colours_contrast_three_to_one() {
    let css = std::fs::read_to_string(crate::harness::repo_root().join("static/style.css")).unwrap();
    let colour = |name: &str| -> f64 {
        let at = css.find(&format!("--{name}: #")).unwrap_or_else(|| panic!("no --{name}")) + name.len() + 5;
        let hex = &css[at..at + 6];
        let channel = |i: usize| {
            let c = f64::from(u8::from_str_radix(&hex[i..i + 2], 16).unwrap()) / 255.0;
            if c <= 0.03928 { c / 12.92 } else { ((c + 0.055) / 1.055).powf(2.4) }
        };
        0.2126 * channel(0) + 0.7152 * channel(2) + 0.0722 * channel(4)
    };
    let contrast = |a: f64, b: f64| (a.max(b) + 0.05) / (a.min(b) + 0.05);
    let (none, signed, party) = (colour("none"), colour("signed"), colour("party"));
    for (pair, ratio) in [
        ("none/signed", contrast(none, signed)),
        ("signed/party", contrast(signed, party)),
        ("signed/white", contrast(signed, 1.0)),
    ] {
        assert!(ratio >= 3.0, "{pair}: {ratio:.2}:1");
    }
}

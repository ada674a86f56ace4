//! Accessibility properties of the built HTML that the browser audit (tests/a11y/) cannot
//! see or would see only in a browser: here, the language of text inside fallback parts.

use crate::harness::{FALLBACK_ARTICLE, attr_of, multilingual, sel};

/// A fallback page's body is marked `lang="en"`; the screen-reader labels of its paragraph
/// and heading anchors sit inside it, so they must be English too (WCAG 3.1.2), not the
/// page language's words read with an English voice.
#[test]
fn anchor_labels_inside_a_fallback_body_are_in_the_body_language() {
    let (_, run) = multilingual();
    let en = run.html(&format!("en/convention/article-{FALLBACK_ARTICLE:02}/index.html"));
    let en_label = attr_of(&en, ".prose a.para", "aria-label").unwrap();
    let ur = run.html(&format!("ur/convention/article-{FALLBACK_ARTICLE:02}/index.html"));
    assert_eq!(attr_of(&ur, ".prose", "lang").as_deref(), Some("en"), "the article is a fallback in Urdu");
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
/// scrollable-region-focusable).
#[test]
fn scroll_boxes_without_links_take_keyboard_focus() {
    let (_, run) = multilingual();
    for lang in crate::harness::languages() {
        let html = run.html(&format!("{lang}/about/translations/index.html"));
        let wrap = ".table-wrap:has(table.matrix)";
        assert_eq!(attr_of(&html, wrap, "tabindex").as_deref(), Some("0"), "{lang}");
        assert_eq!(attr_of(&html, wrap, "role").as_deref(), Some("region"), "{lang}");
        assert_eq!(attr_of(&html, wrap, "aria-label"), Some(crate::harness::text_of(&html, "h1")), "{lang}");
    }
}

/// Both colour schemes (the light one, and the dark one of `prefers-color-scheme`) keep every
/// text pair at 4.5:1 (WCAG 1.4.3) and every graphic pair at 3:1 (1.4.11): the map's "no
/// action", "signed" and "party", told apart by colour alone, and the chart's lines and
/// dashed threshold against the page.
#[test]
fn both_colour_schemes_keep_text_and_graphics_at_aa_contrast() {
    let css = std::fs::read_to_string(crate::harness::repo_root().join("static/style.css")).unwrap();
    let dark_at = css.find("@media (prefers-color-scheme: dark)").expect("a dark scheme");
    let schemes = [("light", &css[css.find(":root {").unwrap()..dark_at]), ("dark", &css[dark_at..])];
    for (scheme, block) in schemes {
        let colour = |name: &str| -> f64 {
            let at = block.find(&format!("--{name}: #")).unwrap_or_else(|| panic!("{scheme}: no --{name}"));
            let hex = &block[at + name.len() + 5..at + name.len() + 11];
            let channel = |i: usize| {
                let c = f64::from(u8::from_str_radix(&hex[i..i + 2], 16).unwrap()) / 255.0;
                if c <= 0.03928 { c / 12.92 } else { ((c + 0.055) / 1.055).powf(2.4) }
            };
            0.2126 * channel(0) + 0.7152 * channel(2) + 0.0722 * channel(4)
        };
        let contrast = |a: &str, b: &str| {
            let (a, b) = (colour(a), colour(b));
            (a.max(b) + 0.05) / (a.min(b) + 0.05)
        };
        let text = [
            ("ink", "paper"),
            ("ink", "tint"),
            ("muted", "paper"),
            ("muted", "tint"),
            ("accent", "paper"),
            ("accent", "tint"),
            ("accent-ink", "accent"),
            ("ink", "warn"),
            ("accent", "info"),
        ];
        let graphics = [
            ("none", "signed"),
            ("signed", "party"),
            ("signed", "paper"),
            ("line-signatures", "paper"),
            ("line-deposits", "paper"),
            ("line-required", "paper"),
            ("focus", "paper"),
            ("focus", "tint"),
        ];
        for (pairs, least) in [(&text[..], 4.5), (&graphics[..], 3.0)] {
            for (a, b) in pairs {
                let ratio = contrast(a, b);
                assert!(ratio >= least, "{scheme}: {a}/{b} {ratio:.2}:1, below {least}:1");
            }
        }
    }
}

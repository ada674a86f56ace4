//! The Markdown pass, on small texts: ids, anchors, cross-references, raw HTML, images.

use super::*;

fn english() -> CrossRefSyntax {
    CrossRefSyntax::new(r"\b[Aa]rticles?\s+(?P<nums>\d+(?:(?:\s*,\s*|\s+and\s+|\s+to\s+|\s*[–-]\s*)\d+)*)").unwrap()
}

fn render_en(body: &str, anchors: bool) -> Result<Rendered, Vec<Diagnostic>> {
    render_en_in(body, anchors, "", 0)
}

fn render_en_in(body: &str, anchors: bool, id_prefix: &str, heading_offset: u8) -> Result<Rendered, Vec<Diagnostic>> {
    render_en_sorted(body, anchors, id_prefix, heading_offset, None)
}

fn render_en_sorted(
    body: &str,
    anchors: bool,
    id_prefix: &str,
    heading_offset: u8,
    section_order: Option<HeadingOrder<'_>>,
) -> Result<Rendered, Vec<Diagnostic>> {
    let syntax = english();
    let highlighter = Highlighter::default();
    let url = |n: u32| (1..=68).contains(&n).then(|| format!("/en/convention/article-{n:02}/"));
    let internal = |p: &str| format!("/en/{p}");
    let cx = RenderContext {
        file: Path::new("content/en/x.md"),
        body_line: 4,
        xref: Some(&syntax),
        article_url: &url,
        internal_link: &internal,
        current_article: Some(60),
        paragraph_anchors: anchors,
        permalink_label: "Link to this",
        highlighter: &highlighter,
        allow_unsafe_html: false,
        id_prefix,
        heading_offset,
        section_order,
    };
    render(body, &cx)
}

#[test]
fn sections_are_sorted_by_their_headings_with_the_intro_first_and_subsections_kept() {
    let body = "Intro.\n\n## beta\n\nB text.\n\n### beta detail\n\nMore.\n\n## Alpha\n\nA text.\n\n> ## quoted\n\n## gamma\n\nG text.\n";
    let by_lowercase = |a: &str, b: &str| a.to_lowercase().cmp(&b.to_lowercase());
    let out = render_en_sorted(body, false, "", 0, Some(&by_lowercase)).unwrap();
    let doc = scraper::Html::parse_fragment(&out.html);
    let blocks = scraper::Selector::parse("p, h2, h3").unwrap();
    let order: Vec<String> = doc.select(&blocks).map(|e| e.text().collect::<String>().trim().to_owned()).collect();
    assert_eq!(
        order,
        [
            "Intro.",
            "Alpha #",
            "A text.",
            "quoted #",
            "beta #",
            "B text.",
            "beta detail #",
            "More.",
            "gamma #",
            "G text."
        ]
    );
    let toc: Vec<&str> = out.toc.iter().map(|e| e.id.as_str()).collect();
    assert_eq!(toc, ["alpha", "quoted", "beta", "beta-detail", "gamma"]);
    // Without an order the writer's stays.
    let plain = render_en(body, false).unwrap();
    assert!(plain.html.find("id=\"beta\"") < plain.html.find("id=\"alpha\""));
}

#[test]
fn raw_html_carrying_script_is_refused_at_its_line_and_column() {
    // The bug: `<script>`, `onclick=` and `javascript:` in content were published as
    // they were, to every reader.
    let body = "Intro.\n\nText <span onclick=\"x()\">hi</span>.\n\n<div>\n<script>alert(1)</script>\n</div>\n\nSee [this](javascript:alert(1)).\n";
    let errors = render_en(body, false).unwrap_err();
    let places: Vec<(Option<usize>, Option<usize>)> =
        errors.iter().map(|d| (d.location.line, d.location.column)).collect();
    // The body starts at line 4 of the file.
    assert_eq!(places, [(Some(6), Some(6)), (Some(9), Some(1)), (Some(12), Some(5))]);
    assert!(errors[0].message.contains("`onclick` on <span>"), "{}", errors[0].message);
    assert!(errors[1].message.contains("<script>"), "{}", errors[1].message);
    assert!(errors[2].message.contains("javascript:"), "{}", errors[2].message);
    assert!(errors.iter().all(|d| d.code == Code::UnsafeHtml));
}

#[test]
fn a_mention_of_a_missing_article_is_an_error_at_its_own_column() {
    // The bug: the column was recovered afterwards by finding the quoted mention in
    // the line, so a second mention on the line was placed at the first.
    let body = "Intro.\n\nÉtat: see article 99, then *article 99* and article 70.\n";
    let errors = render_en(body, false).unwrap_err();
    let places: Vec<(Option<usize>, Option<usize>)> =
        errors.iter().map(|d| (d.location.line, d.location.column)).collect();
    // The body starts at line 4 of the file; `É` is one column.
    assert_eq!(places, [(Some(6), Some(11)), (Some(6), Some(29)), (Some(6), Some(45))]);
    assert_eq!(errors[0].snippet.as_deref(), Some("État: see article 99, then *article 99* and article 70."));
}

#[test]
fn a_comment_over_several_lines_is_read_whole() {
    let html = render_en("Text.\n\n<!--\na note for editors\n-->\n\nMore.\n", false).unwrap().html;
    assert!(html.contains("More."), "{html}");
    let errors = render_en("Text.\n\n<!--\nnever closed\n\nMore.\n", false).unwrap_err();
    assert!(errors[0].message.contains("never closed"), "{}", errors[0].message);
    let errors = render_en("<div\n  class=\"x\"\n  onclick=\"steal()\">\nx\n</div>\n", false).unwrap_err();
    assert!(errors[0].message.contains("`onclick` on <div>"), "{}", errors[0].message);
}

#[test]
fn ordinary_raw_html_is_published() {
    let html = render_en("<details><summary>More</summary>\n\nText.\n\n</details>\n", false).unwrap().html;
    assert!(html.contains("<details><summary>More</summary>"), "{html}");
}

#[test]
fn cross_references_link_every_number() {
    let out = render_en("See article 24 and articles 25 to 30, and articles 7, 8 and 9.", false).unwrap();
    for n in [24, 25, 30, 7, 8, 9] {
        assert!(out.html.contains(&format!("href=\"/en/convention/article-{n:02}/\"")), "{n}: {}", out.html);
    }
    assert!(out.html.contains(">article 24</a>"), "{}", out.html);
    assert_eq!(out.cross_references.len(), 6);
}

#[test]
fn a_mention_in_an_image_alt_text_stays_text() {
    // The bug: `![A map of article 24](m.png)` was published with
    // `alt="A map of &lt;a class=&quot;xref&quot; …&gt;article 24&lt;/a&gt;"`.
    let out = render_en("![A map of article 24](m.png) and article 25.", false).unwrap();
    let doc = scraper::Html::parse_fragment(&out.html);
    let img = doc.select(&scraper::Selector::parse("img").unwrap()).next().unwrap();
    assert_eq!(img.value().attr("alt"), Some("A map of article 24"));
    assert_eq!(out.cross_references, BTreeSet::from([25]), "{}", out.html);
}

#[test]
fn an_article_does_not_link_to_itself() {
    let out = render_en("Article 60 works with article 25.", false).unwrap();
    assert!(!out.html.contains("article-60"), "{}", out.html);
    assert!(out.html.contains("href=\"/en/convention/article-25/\""));
}

#[test]
fn unknown_article_is_an_error_with_line() {
    let err = render_en("Fine.\n\nBut article 99 is not.", false).unwrap_err();
    assert_eq!(err[0].location.line, Some(6));
    assert!(err[0].message.contains("article 99"));
}

#[test]
fn headings_get_ids_anchors_and_toc() {
    let out = render_en("## Key terms\n\n## Key terms\n\n## Права человека", false).unwrap();
    assert_eq!(
        out.toc.iter().map(|t| t.id.as_str()).collect::<Vec<_>>(),
        ["key-terms", "key-terms-1", "права-человека"]
    );
    assert!(out.html.contains("<h2 id=\"key-terms\">Key terms <a class=\"anchor\" href=\"#key-terms\""));
}

#[test]
fn an_id_prefix_and_heading_offset_reach_every_id_and_link_the_text_makes() {
    // The bug: the full text put 68 articles' "## Key terms" on one page as 68
    // `id="key-terms"` `<h2>`s, above their own article's `<h3>`.
    let out = render_en_in("Text.[^n]\n\n## Key terms\n\n###### Deep\n\n[^n]: A note.\n", true, "a7-", 2).unwrap();
    let html = &out.html;
    for expected in [
        "<h4 id=\"a7-key-terms\">",
        "href=\"#a7-key-terms\"",
        "<h6 id=\"a7-deep\">",
        "<p id=\"a7-p1\">",
        "href=\"#a7-p1\"",
        "id=\"a7-n\"",
        "href=\"#a7-n\"",
    ] {
        assert!(html.contains(expected), "{expected} in {html}");
    }
    assert!(!html.contains("id=\"key-terms\"") && !html.contains("id=\"p1\""), "{html}");
    assert_eq!(out.toc[0].level, 4);
    assert_eq!(out.toc[0].id, "a7-key-terms");
}

#[test]
fn images_are_reported_with_their_alt_text_line_and_column_wherever_they_sit() {
    let body = "Text ![A *map*](map.png).\n\n## ![](icon.svg) Title\n\n| a |\n| --- |\n| x ![`code` b](t.png) |\n\n![outer ![inner](i.png)](o.png)\n";
    let out = render_en(body, false).unwrap();
    let found: Vec<(&str, &str, usize, usize)> =
        out.images.iter().map(|i| (i.url.as_str(), i.alt.as_str(), i.line, i.column)).collect();
    // The body starts at line 4 of the file; an image inside another ends first.
    assert_eq!(
        found,
        [
            ("map.png", "A map", 4, 6),
            ("icon.svg", "", 6, 4),
            ("t.png", "code b", 10, 5),
            ("i.png", "inner", 12, 9),
            ("o.png", "outer inner", 12, 1),
        ]
    );
}

#[test]
fn the_first_paragraph_is_kept_as_plain_text() {
    let out = render_en("## Heading\n\n- a list\n\nSee *article 24*\nand `code`.\n\nSecond.", true).unwrap();
    assert_eq!(out.first_paragraph, "See article 24 and code.");
}

#[test]
fn paragraphs_are_numbered_only_at_top_level() {
    let out = render_en("One.\n\n- item\n\nTwo.", true).unwrap();
    assert!(out.html.contains("<p id=\"p1\">") && out.html.contains("<p id=\"p2\">"), "{}", out.html);
    assert!(!out.html.contains("id=\"p3\""));
}

#[test]
fn internal_links_and_code() {
    let out = render_en("[Glossary](@/glossary/)\n\n```rust\nfn main() {}\n```\n", false).unwrap();
    assert!(out.html.contains("href=\"/en/glossary/\""));
    assert!(out.has_code);
    assert!(out.html.contains("hl-"), "{}", out.html);
}

#[test]
fn text_is_escaped() {
    // `<` not starting a tag, `&` and `"` are text, and must reach the page escaped
    // (the old test accepted the raw `<b>` too, so it could not fail).
    let out = render_en("5 < 6 & \"seven\" > 4", false).unwrap();
    assert!(out.html.contains("5 &lt; 6 &amp; "), "{}", out.html);
    assert!(out.html.contains(" &gt; 4"), "{}", out.html);
    assert!(!out.html.contains("5 < 6"), "{}", out.html);
}

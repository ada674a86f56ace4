//! What `serve` adds to the HTML it sends, and never to built files: the live-reload
//! script, and after a failed rebuild an overlay listing the problems (file, line,
//! the offending line, the hint), every piece of it escaped.

use crate::diag::{Diagnostic, Failure, Severity};
use crate::markdown::escape_attr;

/// The live-reload script, served at [`SCRIPT_PATH`].
pub const LIVE_JS: &str = include_str!("live.js");
pub const SCRIPT_PATH: &str = "/__accord/live.js";
/// Server-sent events: `hello`, `reload`, `css`.
pub const EVENTS_PATH: &str = "/__accord/events";
/// The prefix of everything `serve` adds; no site file is served below it.
pub const RESERVED_PREFIX: &str = "/__accord/";

/// `html`, the page at output path `page`, with the script (and the overlay, when the
/// last rebuild failed) before `</body>`.
pub fn inject(html: &[u8], page: &str, build: u64, failure: Option<&Failure>) -> Vec<u8> {
    let mut extra = String::new();
    if let Some(failure) = failure {
        extra.push_str(&overlay(failure));
    }
    extra.push_str(&format!(
        "<script src=\"{SCRIPT_PATH}\" data-page=\"{}\" data-build=\"{build}\" defer></script>\n",
        escape_attr(page)
    ));
    let at = find_last_ignore_case(html, b"</body>").unwrap_or(html.len());
    let mut out = Vec::with_capacity(html.len() + extra.len());
    out.extend_from_slice(&html[..at]);
    out.extend_from_slice(extra.as_bytes());
    out.extend_from_slice(&html[at..]);
    out
}

/// The page served for every HTML request while no build has ever succeeded.
pub fn no_site_page(build: u64, failure: Option<&Failure>) -> Vec<u8> {
    let page = "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n\
                <title>accord serve: the site could not be built</title>\n</head>\n\
                <body>\n</body>\n</html>\n";
    inject(page.as_bytes(), "", build, failure)
}

const OVERLAY_STYLE: &str = "#accord-overlay{position:fixed;inset:0;z-index:2147483647;\
overflow:auto;background:rgba(20,20,24,.94);color:#f4f4f5;padding:2rem;\
font:15px/1.5 system-ui,sans-serif;text-align:left}\
#accord-overlay h2{margin:0 0 .25rem;font-size:1.3rem;color:#fca5a5}\
#accord-overlay ol{padding:0;list-style:none}\
#accord-overlay li{margin:1rem 0;padding:1rem;border-left:4px solid #f87171;background:#27272a}\
#accord-overlay li.accord-warning{border-color:#facc15}\
#accord-overlay code,#accord-overlay pre{font:14px/1.4 ui-monospace,monospace}\
#accord-overlay pre{margin:.5rem 0;padding:.5rem;background:#18181b;overflow:auto;white-space:pre}\
#accord-overlay button{float:right;font:inherit;padding:.25rem .75rem}";

/// The diagnostics as a fixed, full-window layer over the page.
pub fn overlay(failure: &Failure) -> String {
    let errors = failure.error_count();
    let mut html = format!(
        "<div id=\"accord-overlay\" role=\"alert\" lang=\"en\" dir=\"ltr\">\
         <style>{OVERLAY_STYLE}</style>\
         <button type=\"button\">Close</button>\
         <h2>The site could not be rebuilt: {errors} error{}</h2>\
         <p>This is the last good build. Fix the file and save: the page reloads by itself.</p>\
         <ol class=\"accord-diagnostics\">",
        if errors == 1 { "" } else { "s" }
    );
    for d in &failure.diagnostics {
        html.push_str(&diagnostic_item(d));
    }
    html.push_str("</ol></div>\n");
    html
}

fn diagnostic_item(d: &Diagnostic) -> String {
    let (class, label) = match d.severity {
        Severity::Error => ("accord-error", "error"),
        Severity::Warning => ("accord-warning", "warning"),
    };
    let mut item = format!(
        "<li class=\"accord-diagnostic {class}\">\
         <p class=\"accord-message\"><strong>{label}</strong>: {}</p>\
         <p class=\"accord-location\"><code>{}</code></p>",
        escape_attr(&d.message),
        escape_attr(&d.location.to_string()),
    );
    if let Some(snippet) = &d.snippet {
        let line = d.location.line.map(|l| l.to_string()).unwrap_or_default();
        item.push_str(&format!(
            "<pre class=\"accord-snippet\"><span class=\"accord-line-number\">{line}</span> | \
             <span class=\"accord-line\">{}</span>",
            escape_attr(snippet)
        ));
        if let Some(column) = d.location.column {
            let pad = " ".repeat(line.len() + 3 + column.saturating_sub(1));
            item.push_str(&format!("\n{pad}^"));
        }
        item.push_str("</pre>");
    }
    if let Some(hint) = &d.hint {
        item.push_str(&format!("<p class=\"accord-hint\">help: {}</p>", escape_attr(hint)));
    }
    item.push_str("</li>");
    item
}

fn find_last_ignore_case(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    (0..=haystack.len().checked_sub(needle.len())?)
        .rev()
        .find(|&i| haystack[i..i + needle.len()].eq_ignore_ascii_case(needle))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diag::{Code, Location};
    use scraper::{Html, Selector};

    fn failure() -> Failure {
        Failure::single(
            Diagnostic::error(Code::FrontMatter, Location::at("content/en/about.md", 2, 8), "unknown field `colour`")
                .with_source("---\ncolour: <script>alert(1)</script>\n---\n")
                .with_hint("front matter takes: title"),
        )
    }

    fn select<'a>(html: &'a Html, selector: &str) -> Vec<scraper::ElementRef<'a>> {
        html.select(&Selector::parse(selector).unwrap()).collect()
    }

    #[test]
    fn the_script_goes_into_the_body() {
        let out = inject(b"<html><body><p>x</p></BODY></html>", "en/index.html", 7, None);
        let html = Html::parse_document(&String::from_utf8(out).unwrap());
        let scripts = select(&html, "body > script[src=\"/__accord/live.js\"]");
        assert_eq!(scripts.len(), 1);
        assert_eq!(scripts[0].value().attr("data-build"), Some("7"));
        assert_eq!(scripts[0].value().attr("data-page"), Some("en/index.html"));
        assert!(select(&html, "#accord-overlay").is_empty());
    }

    #[test]
    fn a_page_without_body_gets_the_script_at_the_end() {
        let out = String::from_utf8(inject(b"plain", "", 1, None)).unwrap();
        assert!(out.starts_with("plain<script"));
    }

    #[test]
    fn overlay_shows_location_and_escaped_offending_line() {
        let page = String::from_utf8(no_site_page(3, Some(&failure()))).unwrap();
        let html = Html::parse_document(&page);
        let text = |sel: &str| select(&html, sel)[0].text().collect::<String>();
        assert_eq!(text("#accord-overlay .accord-location"), "content/en/about.md:2:8");
        assert_eq!(text("#accord-overlay .accord-line"), "colour: <script>alert(1)</script>");
        assert_eq!(text("#accord-overlay .accord-line-number"), "2");
        assert!(select(&html, "#accord-overlay script").is_empty());
        assert_eq!(select(&html, "body > script").len(), 1);
    }
}

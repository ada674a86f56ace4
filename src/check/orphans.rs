//! Pages that nothing links to: built, listed in the sitemap, but out of a reader's
//! reach. A page counts as linked when it can be reached by following links and forms
//! from the language chooser (`/index.html`) or the not-found page; a group of pages
//! that only link to each other (a page and its translations, say) is still an orphan.

use std::collections::{BTreeMap, BTreeSet, VecDeque};

use super::Built;
use super::findings::{Finding, merge, page_url};
use super::links::{in_language_order, neutral};
use super::origin::Attribution;
use crate::diag::{Code, Diagnostic};

/// Where readers arrive without following a link.
const ENTRY_PAGES: &[&str] = &["index.html", "404.html"];

pub(crate) fn check(built: &Built<'_>, graph: &BTreeMap<String, BTreeSet<String>>) -> Vec<Diagnostic> {
    let mut reached: BTreeSet<&str> = BTreeSet::new();
    let mut queue: VecDeque<&str> = ENTRY_PAGES.iter().copied().filter(|p| graph.contains_key(*p)).collect();
    while let Some(page) = queue.pop_front() {
        if !reached.insert(page) {
            continue;
        }
        for next in graph.get(page).into_iter().flatten() {
            if !reached.contains(next.as_str()) {
                queue.push_back(next);
            }
        }
    }
    if reached.is_empty() {
        return Vec::new();
    }
    let attribution = Attribution::new(built);
    let mut findings = Vec::new();
    for path in in_language_order(built, graph.keys().map(String::as_str)) {
        if reached.contains(path) {
            continue;
        }
        let (location, pinned) = attribution.page_file(path);
        let lang = attribution.origin(path).map(|o| &o.lang);
        let url = page_url(path);
        let template = attribution.origin(path).map(|o| o.template.to_owned());
        let diagnostic = Diagnostic::warning(
            Code::OrphanPage,
            location.clone(),
            format!("nothing links to {url}: it cannot be reached from the home page"),
        )
        .with_hint("link to it from another page, or remove it");
        findings.push(Finding {
            diagnostic,
            key: (pinned.then_some(location), neutral(&url, lang)),
            page: url,
            template: if pinned { None } else { template },
            names_page: true,
        });
    }
    merge(findings, &attribution)
}

//! One problem is often seen on many built pages: a broken link in a template shows on
//! every page that uses it, one in an untranslated page on that page in every language.
//! Findings are collected page by page, then merged into one diagnostic per cause, which
//! says on how many pages (and which) it was seen.

use std::collections::BTreeMap;
use std::path::PathBuf;

use crate::diag::{Diagnostic, Location};

/// A problem seen on one page, before merging.
#[derive(Debug, Clone)]
pub(crate) struct Finding {
    /// The diagnostic as it reads for this page.
    pub diagnostic: Diagnostic,
    /// Findings with equal keys are one problem. Made of the location (when the cause
    /// is known) and a language-neutral description of the problem.
    pub key: (Option<Location>, String),
    /// The page it was seen on, as a site path (`/en/about/`).
    pub page: String,
    /// Where the cause could not be pinned down: the template of each page it was seen on.
    pub template: Option<String>,
    /// The message already names the page (so a lone page needs no "seen on").
    pub names_page: bool,
}

/// How many pages to name in a merged diagnostic before "and N more".
const PAGES_SHOWN: usize = 3;

/// Names the template that all the given page templates share (`base.html`, say), for a
/// problem whose line could not be found but which every one of those pages shows.
pub(crate) trait CommonTemplate {
    fn common_template(&self, templates: &[String]) -> Option<PathBuf>;
}

/// Merges findings with equal keys; the first finding of each key gives the message,
/// so callers put the default language's pages first.
pub(crate) fn merge(findings: Vec<Finding>, templates: &dyn CommonTemplate) -> Vec<Diagnostic> {
    // Keyed by the code's name, so that groups come out in the order they always have.
    let mut groups: BTreeMap<(&'static str, Option<Location>, String), Group> = BTreeMap::new();
    for finding in findings {
        let key = (finding.diagnostic.code.as_str(), finding.key.0, finding.key.1);
        let group = groups.entry(key).or_insert_with(|| Group {
            diagnostic: finding.diagnostic,
            pages: Vec::new(),
            templates: Vec::new(),
            names_page: finding.names_page,
        });
        if !group.pages.contains(&finding.page) {
            group.pages.push(finding.page);
        }
        if let Some(template) = finding.template
            && !group.templates.contains(&template)
        {
            group.templates.push(template);
        }
    }
    groups.into_values().map(|g| g.into_diagnostic(templates)).collect()
}

struct Group {
    diagnostic: Diagnostic,
    pages: Vec<String>,
    templates: Vec<String>,
    names_page: bool,
}

impl Group {
    fn into_diagnostic(self, templates: &dyn CommonTemplate) -> Diagnostic {
        let mut d = self.diagnostic;
        let mut notes = Vec::new();
        if !(self.pages.len() == 1 && self.names_page) {
            notes.push(seen_on(&self.pages));
        }
        if !self.templates.is_empty() {
            let mut names = self.templates;
            names.sort();
            let which =
                if names.len() <= PAGES_SHOWN { names.join(", ") } else { format!("{} templates", names.len()) };
            match templates.common_template(&names) {
                Some(common) if names.len() > 1 => {
                    notes.push(format!("made by the pages' templates ({which}), which all use {}", common.display()));
                    d.location = Location::file(common);
                }
                _ => notes.push(format!("made by the template {which} or one it uses")),
            }
        }
        if let Some(hint) = d.hint.take() {
            notes.push(hint);
        }
        d.hint = (!notes.is_empty()).then(|| notes.join("; "));
        d
    }
}

/// "seen on /en/about/" or "seen on 9 pages: /en/about/, /fr/about/, /es/about/ and 6 more".
fn seen_on(pages: &[String]) -> String {
    match pages {
        [one] => format!("seen on {one}"),
        _ => {
            let shown: Vec<&str> = pages.iter().take(PAGES_SHOWN).map(String::as_str).collect();
            let more = pages.len().saturating_sub(PAGES_SHOWN);
            let tail = if more > 0 { format!(" and {more} more") } else { String::new() };
            format!("seen on {} pages: {}{tail}", pages.len(), shown.join(", "))
        }
    }
}

/// The site path of an output file, as readers see it: `en/about/index.html` → `/en/about/`.
pub(crate) fn page_url(output_path: &str) -> String {
    format!("/{}", output_path.strip_suffix("index.html").unwrap_or(output_path))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diag::Code;

    fn finding(page: &str, message: &str) -> Finding {
        Finding {
            diagnostic: Diagnostic::error(Code::BrokenLink, Location::at("a.md", 3, 1), message),
            key: (Some(Location::at("a.md", 3, 1)), "x".into()),
            page: page.into(),
            template: None,
            names_page: false,
        }
    }

    struct NoTemplates;

    impl CommonTemplate for NoTemplates {
        fn common_template(&self, _: &[String]) -> Option<PathBuf> {
            None
        }
    }

    #[test]
    fn equal_keys_merge_and_name_their_pages() {
        let merged = merge(
            ["/en/a/", "/fr/a/", "/es/a/", "/ar/a/", "/en/a/"]
                .iter()
                .map(|p| finding(p, &format!("broken on {p}")))
                .collect(),
            &NoTemplates,
        );
        assert_eq!(merged.len(), 1);
        assert_eq!(merged[0].message, "broken on /en/a/");
        assert_eq!(merged[0].hint.as_deref(), Some("seen on 4 pages: /en/a/, /fr/a/, /es/a/ and 1 more"));
    }

    #[test]
    fn page_urls_drop_index_html() {
        assert_eq!(page_url("en/about/index.html"), "/en/about/");
        assert_eq!(page_url("index.html"), "/");
        assert_eq!(page_url("404.html"), "/404.html");
    }
}

//! `check`: everything a CI job needs to refuse a broken change. The site is built in
//! memory exactly as `build` builds it, then validators look at the model and at the
//! pages accord actually wrote: internal links and `#anchors` in every page of every
//! language (those that templates make included) and links to static files, images
//! without alt text, pages that nothing links to, missing and stale translations,
//! missing UI strings, data consistency, and external links (listed, or fetched on request).
//!
//! Validators return diagnostics and never print or exit; a problem found in a built
//! page is traced back to the Markdown line or template that made it where possible.
//! Turning a [`CheckReport`] into text, JSON or CI annotations is `format`'s job, and the
//! exit code is the binary's.

pub mod content;
pub mod data;
pub mod external;
mod findings;
pub mod format;
pub mod html;
pub mod links;
mod origin;
mod orphans;
pub mod translations;

use std::collections::BTreeMap;
use std::path::Path;
use std::time::{Duration, Instant};

use rayon::prelude::*;

use crate::build::{self, LoadedSite};
use crate::diag::{Diagnostic, Diagnostics};
use crate::output::SiteOutput;
use crate::render::pages::PageOrigin;
use crate::source::{self, CONFIG_FILE};
pub use external::{ExternalLink, FetchOptions, LinkStatus};

/// What to check beyond the built site itself.
#[derive(Debug, Clone, Default)]
pub struct CheckOptions {
    /// Fetch external links with these settings; `None` only lists them.
    pub fetch_external: Option<FetchOptions>,
}

/// Everything `check` found, sorted, plus what it looked at.
#[derive(Debug, Clone, Default)]
pub struct CheckReport {
    pub diagnostics: Vec<Diagnostic>,
    /// Every external link of the built site, with where it appears.
    pub external_links: Vec<ExternalLink>,
    /// Whether external links were fetched (`--external`) or only listed.
    pub external_fetched: bool,
    pub pages: usize,
    pub files: usize,
    /// Internal links and references checked (`href`, `src`, `action` …).
    pub links_checked: usize,
    /// How long each step took, in order.
    pub steps: Vec<(&'static str, Duration)>,
}

impl CheckReport {
    pub fn errors(&self) -> usize {
        self.diagnostics.iter().filter(|d| d.is_error()).count()
    }

    pub fn warnings(&self) -> usize {
        self.diagnostics.len() - self.errors()
    }

    /// Whether the check failed: any error, or with `strict` any warning.
    pub fn failed(&self, strict: bool) -> bool {
        self.errors() > 0 || (strict && self.warnings() > 0)
    }

    pub fn total(&self) -> Duration {
        self.steps.iter().map(|(_, d)| *d).sum()
    }
}

/// The built site as validators see it: the loaded model and sources, every output
/// file, and where each page came from.
pub struct Built<'a> {
    pub loaded: &'a LoadedSite,
    pub output: &'a SiteOutput,
    pub origins: &'a BTreeMap<String, PageOrigin>,
}

/// Checks the site in `root`. `Err` only when there is no site there to check at all
/// (a usage error); every problem of the site itself is a diagnostic in the report.
pub fn check_site(root: &Path, options: &CheckOptions) -> Result<CheckReport, Diagnostic> {
    if !root.join(CONFIG_FILE).is_file() {
        return Err(source::not_a_site_folder(root));
    }
    let mut report = CheckReport::default();
    let mut problems = Diagnostics::default();

    let sources = match timed(&mut report, "read", || source::read_site(root, source::PageText::Held)) {
        Ok(sources) => sources,
        Err(failure) => return Ok(finish(report, failure.diagnostics)),
    };
    let loaded = match timed(&mut report, "load", || build::load(sources, None)) {
        Ok(loaded) => loaded,
        Err(failure) => return Ok(finish(report, failure.diagnostics)),
    };
    problems.extend(loaded.warnings.iter().cloned());
    // What needs only the model runs before rendering, so a render failure hides nothing.
    timed(&mut report, "validate", || {
        problems.extend(content::check_sources(&loaded));
        problems.extend(translations::check(&loaded));
        problems.extend(data::check(&loaded));
    });
    let renderer = match timed(&mut report, "templates", || build::compile_templates(&loaded)) {
        Ok(renderer) => renderer,
        Err(failure) => {
            problems.extend(failure.diagnostics);
            return Ok(finish(report, problems.into_sorted()));
        }
    };
    // Every page's Markdown first: its images are checked even if a page's template breaks.
    let markdown = match timed(&mut report, "markdown", || build::render_markdown(&loaded, &renderer)) {
        Ok(markdown) => markdown,
        Err(failure) => {
            problems.extend(failure.diagnostics);
            return Ok(finish(report, problems.into_sorted()));
        }
    };
    problems.extend(content::check_markdown(&loaded, &markdown.pages));
    let rendered = timed(&mut report, "render", || build::render_with_stats(&loaded, &renderer, &markdown));
    let (output, stats) = match rendered {
        Ok(rendered) => rendered,
        Err(failure) => {
            problems.extend(failure.diagnostics);
            return Ok(finish(report, problems.into_sorted()));
        }
    };
    report.files = output.files.len();
    report.pages = output.html_pages().count();
    let built = Built { loaded: &loaded, output: &output, origins: &stats.origins };

    let facts = timed(&mut report, "parse", || {
        output
            .html_pages()
            .collect::<Vec<_>>()
            .par_iter()
            .map(|(path, bytes)| {
                let text = String::from_utf8_lossy(bytes);
                ((*path).clone(), html::page_facts(&text))
            })
            .collect::<BTreeMap<_, _>>()
    });
    let link_results = timed(&mut report, "links", || links::check(&built, &facts));
    report.links_checked = link_results.checked;
    problems.extend(link_results.diagnostics);
    timed(&mut report, "pages", || {
        problems.extend(orphans::check(&built, &link_results.graph));
        problems.extend(content::check_pages(&built, &facts));
    });
    let mut external_links = link_results.external;
    if let Some(fetch) = &options.fetch_external {
        let diagnostics = timed(&mut report, "external", || external::fetch_all(&mut external_links, fetch));
        report.external_fetched = true;
        problems.extend(diagnostics);
    }
    report.external_links = external_links;
    Ok(finish(report, problems.into_sorted()))
}

fn finish(mut report: CheckReport, diagnostics: Vec<Diagnostic>) -> CheckReport {
    let mut all = Diagnostics::default();
    all.extend(diagnostics);
    report.diagnostics = all.into_sorted();
    report
}

fn timed<T>(report: &mut CheckReport, step: &'static str, f: impl FnOnce() -> T) -> T {
    let start = Instant::now();
    let value = f();
    report.steps.push((step, start.elapsed()));
    value
}

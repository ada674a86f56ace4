//! Re-rendering part of the site, for `serve`'s incremental rebuilds: the Markdown of
//! chosen pages, and the pages that an edit to one content file's body changes.
//!
//! It builds pages with the same job builders as [`render_site`](super::render_site), so
//! a page rendered here is byte-identical to the one a full build makes (serve's tests
//! compare the two after every kind of edit). It does not decide *when* a partial render
//! is enough: `serve` does, and falls back to a full render for anything but a body edit.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

use rayon::prelude::*;

use super::{
    Job, RenderInput, collect_pages, content_job, generated_jobs, missing_article_jobs, render_job, render_markdown,
    shared_values,
};
use crate::config::LangId;
use crate::content::{PageKey, PageKind};
use crate::diag::{Diagnostic, Failure};
use crate::markdown::Rendered;
use crate::model::PageVariant;
use crate::render::views::paths;

/// Rendered Markdown by language and page, as `render_site` computes it.
pub type MarkdownCache = BTreeMap<(LangId, PageKey), Rendered>;

/// The Markdown of every page variant `wanted` selects.
pub fn render_markdown_of(
    input: &RenderInput<'_>,
    wanted: impl Fn(&PageVariant<'_>) -> bool,
) -> Result<MarkdownCache, Failure> {
    let variants: Vec<PageVariant<'_>> = input.model.variants().into_iter().filter(|v| wanted(v)).collect();
    render_markdown(input, &variants)
}

/// What changes when only the body of one content file changed (its front matter, its
/// path and the set of files are as before).
pub struct BodyEdit<'a> {
    pub key: &'a PageKey,
    /// The edited file, relative to the site root.
    pub file: &'a Path,
    /// Whether a translation's state (translated or stale) changed with the source's hash.
    pub states_changed: bool,
}

/// The pages a body edit changes, as output path and HTML: the page in every language
/// (its own, its translations and the fallbacks that show its text), the whole
/// convention on one page in the languages that show the file (for an article), and
/// the translation status pages when a translation's state changed, and the EPUB of the
/// languages that show the file.
///
/// `markdown` must hold every variant's Markdown, the edited file's already re-rendered.
pub fn render_body_edit(
    input: &RenderInput<'_>,
    markdown: &MarkdownCache,
    edit: &BodyEdit<'_>,
) -> Result<Vec<(String, Vec<u8>)>, Failure> {
    let model = input.model;
    let base = model.config.base_url.path().to_owned();
    let variants = model.variants();
    let of_key: Vec<&PageVariant<'_>> = variants.iter().filter(|v| v.key == edit.key).collect();
    let showing: BTreeSet<&LangId> = of_key.iter().filter(|v| v.file.path == edit.file).map(|v| v.lang).collect();
    let is_article = of_key.iter().any(|v| matches!(v.kind, PageKind::Article { .. }));

    let mut jobs = Vec::new();
    for v in &of_key {
        let Some(html) = markdown.get(&(v.lang.clone(), v.key.clone())) else {
            return Err(missing_markdown(v));
        };
        jobs.push(content_job(input, v, html, &base));
    }
    for language in &model.config.languages {
        let lang = language.id.as_str();
        let mut wanted = BTreeSet::new();
        if is_article && showing.contains(&language.id) {
            wanted.insert(format!("{}index.html", paths::full(lang)));
        }
        if edit.states_changed {
            wanted.insert(format!("{}index.html", paths::translations(lang)));
        }
        if !wanted.is_empty() {
            jobs.extend(
                generated_jobs(input, language, &base, &variants).into_iter().filter(|j| wanted.contains(&j.path)),
            );
        }
    }
    let mut pages = render_jobs(input, &jobs)?;
    // The EPUB of each language that shows the text holds it too (its identifier, a hash
    // of the book, changes with any part of it, so the whole book is made again).
    if of_key.iter().any(|v| crate::render::epub::holds(v)) {
        let languages: Vec<LangId> = showing.iter().map(|l| (*l).clone()).collect();
        pages.extend(crate::render::epub::render_epubs(input, &variants, &languages)?);
    }
    Ok(pages)
}

/// The pages at `wanted` (output paths such as `en/about/index.html`) that have a
/// template of their own: content pages and the generated pages of each language.
/// Others (the language chooser, 404, feeds, data files) are left out.
///
/// `markdown` must hold every variant's Markdown.
pub fn render_paths(
    input: &RenderInput<'_>,
    markdown: &MarkdownCache,
    wanted: &BTreeSet<String>,
) -> Result<Vec<(String, Vec<u8>)>, Failure> {
    let model = input.model;
    let base = model.config.base_url.path().to_owned();
    let variants = model.variants();
    let mut jobs = Vec::new();
    for v in &variants {
        if wanted.contains(&format!("{}index.html", paths::of_kind(v.lang.as_str(), v.kind))) {
            let Some(html) = markdown.get(&(v.lang.clone(), v.key.clone())) else {
                return Err(missing_markdown(v));
            };
            jobs.push(content_job(input, v, html, &base));
        }
    }
    let mut rest: BTreeSet<&String> = wanted.iter().collect();
    for job in &jobs {
        rest.remove(&job.path);
    }
    for language in &model.config.languages {
        let prefix = format!("{}/", language.id.as_str());
        if rest.iter().any(|p| p.starts_with(&prefix)) {
            let generated = generated_jobs(input, language, &base, &variants);
            jobs.extend(generated.into_iter().filter(|j| rest.contains(&j.path)));
        }
    }
    for job in &jobs {
        rest.remove(&job.path);
    }
    if rest.iter().any(|p| p.contains("/convention/article-")) {
        let missing = missing_article_jobs(input, &base, &variants);
        jobs.extend(missing.into_iter().filter(|j| rest.contains(&j.path)));
    }
    render_jobs(input, &jobs)
}

/// Renders jobs in parallel with their languages' shared values; sorted by path.
fn render_jobs(input: &RenderInput<'_>, jobs: &[Job]) -> Result<Vec<(String, Vec<u8>)>, Failure> {
    let model = input.model;
    let base = model.config.base_url.path().to_owned();
    let langs: BTreeSet<&LangId> = jobs.iter().map(|j| &j.lang).collect();
    let shared: BTreeMap<&LangId, _> = model
        .config
        .languages
        .iter()
        .filter(|l| langs.contains(&l.id))
        .map(|l| (&l.id, shared_values(input, l, &base)))
        .collect();
    let results = jobs.par_iter().map(|job| render_job(input, &shared[&job.lang], job)).collect();
    let mut pages = collect_pages(results)?;
    pages.sort();
    Ok(pages)
}

/// A caller that skipped a page's Markdown has a bug, not bad input; say so plainly.
fn missing_markdown(v: &PageVariant<'_>) -> Failure {
    Failure::single(Diagnostic::error(
        "internal",
        crate::diag::Location::file(&v.file.path),
        format!("no rendered Markdown for `{}` in `{}`; restart `accord serve`", v.key.as_str(), v.lang),
    ))
}

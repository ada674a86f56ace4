//! Every file of the built site, rendered from one page plan: content pages in every
//! language (with fallbacks), the pages made from the data alone, the pages accord
//! generates (status, participants, the whole convention on one page, translation
//! status, search, the news index), the site files (chooser, 404, sitemap, robots,
//! feeds, open data) and the EPUBs.
//!
//! | file | what is in it |
//! | --- | --- |
//! | `plan` | the page plan: every output path once, with its kind and language |
//! | `shell` | what a language's pages share, and the shell of every page's view |
//! | `content` | content pages and the convention's pages made from the data |
//! | `generated` | status, participants, search, news index |
//! | `full` | the whole convention on one page, and the translation status |
//! | `site_files` | chooser, 404, sitemap, robots.txt, feeds, open data |
//! | `text` | the Markdown pass of one page |
//! | `partial` | `serve`'s re-rendering of the pages one edit changes |
//!
//! Each entry of the plan is rendered on its own, in parallel, and put into a
//! [`FileSink`] as soon as it is done; a page's Markdown is rendered with its page and
//! dropped with it, so nothing of a page is held beyond what the build's summary needs.

pub mod partial;
mod plan;

mod content;
mod full;
mod generated;
mod shell;
mod site_files;
mod text;

use std::borrow::Cow;
use std::collections::BTreeMap;
use std::path::PathBuf;

use rayon::prelude::*;
use tera::Context;

use crate::config::LangId;
use crate::diag::{Code, Diagnostic, Diagnostics, Failure, Location};
use crate::i18n::I18n;
use crate::markdown::{Highlighter, OutgoingLink, Rendered};
use crate::model::{PageVariant, SiteModel};
use crate::output::FileSink;
use crate::render::Renderer;
use crate::render::sections::SectionLists;
use crate::url::SitePath;

pub use full::translation_matrix;
pub use plan::{PageSpec, PlannedPage, SitePlan};
pub use text::MarkdownCache;
pub(crate) use text::{TextPlacement, render_text};

use shell::Shared;

/// What the rendering step needs; all of it read-only and shared across threads.
pub struct RenderInput<'a> {
    pub model: &'a SiteModel,
    pub i18n: &'a I18n,
    pub renderer: &'a Renderer,
    pub highlighter: &'a Highlighter,
}

/// What a render keeps besides the files, and what it is given ready.
#[derive(Debug, Default, Clone, Copy)]
pub struct RenderOptions<'a> {
    /// Keep where each page came from and the links its Markdown wrote ([`RenderStats::origins`]),
    /// for `check`; a build does not, so it holds no page's links.
    pub origins: bool,
    /// Every page's Markdown, rendered already (`check` reads it before the pages); `None`:
    /// each page renders its own.
    pub markdown: Option<&'a MarkdownCache>,
}

/// Counts for the build summary, and where each page came from.
#[derive(Debug, Default, Clone)]
pub struct RenderStats {
    pub pages_per_lang: BTreeMap<LangId, usize>,
    /// Files put into the sink.
    pub files: usize,
    pub has_code: bool,
    /// Output path (`en/about/index.html`) to its origin, so that `check` can point a
    /// problem found in a built page back at the file that caused it. Empty unless
    /// [`RenderOptions::origins`] asked for it.
    pub origins: BTreeMap<String, PageOrigin>,
}

/// What made an output page: a template, and the content file whose text it shows.
#[derive(Debug, Clone)]
pub struct PageOrigin {
    pub lang: LangId,
    pub template: &'static str,
    /// The content file shown (the source language's for an untranslated page).
    pub source: Option<PathBuf>,
    /// Links written in that file's Markdown, with their lines.
    pub links: Vec<OutgoingLink>,
}

/// Renders every file of the plan, in parallel, into `sink` as each is done.
pub fn render_site(
    input: &RenderInput<'_>,
    sink: &dyn FileSink,
    options: RenderOptions<'_>,
) -> Result<RenderStats, Failure> {
    let plan = SitePlan::build(input.model);
    let languages: Vec<&LangId> = input.model.config.languages.iter().map(|l| &l.id).collect();
    let pass = Pass::new(input, &plan, &languages, options.markdown, options.origins);
    let entries: Vec<(&SitePath, &PlannedPage<'_>)> = plan.iter().collect();
    let results: Vec<Result<Done, PageFailure>> = entries
        .par_iter()
        .map(|(path, page)| {
            let out = pass.render_entry(path, page)?;
            let origin = if options.origins { pass.origin_of(page, out.links) } else { None };
            sink.put(path.output_file(), out.bytes).map_err(PageFailure::single)?;
            Ok(Done { has_code: out.has_code, origin })
        })
        .collect();
    let mut stats = RenderStats { pages_per_lang: plan.pages_per_lang(), files: plan.len(), ..RenderStats::default() };
    for ((path, _), done) in entries.iter().zip(finish(results)?) {
        stats.has_code |= done.has_code;
        if let Some(origin) = done.origin {
            stats.origins.insert(path.output_file(), origin);
        }
    }
    Ok(stats)
}

/// What a rendered entry leaves behind once its bytes are in the sink.
struct Done {
    has_code: bool,
    origin: Option<PageOrigin>,
}

/// One rendered file.
pub(crate) struct PageOut {
    pub bytes: Vec<u8>,
    pub has_code: bool,
    /// The links its Markdown wrote, when the render keeps them.
    pub links: Vec<OutgoingLink>,
}

impl PageOut {
    fn of(bytes: Vec<u8>) -> PageOut {
        PageOut { bytes, has_code: false, links: Vec::new() }
    }
}

/// Why a file did not render.
pub(crate) enum PageFailure {
    /// Its Markdown is broken: reported as it is, once however many pages show it.
    Markdown(Vec<Diagnostic>),
    /// Its template broke: reported once for all the pages one mistake broke.
    Template(Diagnostic, String),
    Other(Failure),
}

impl PageFailure {
    fn single(d: Diagnostic) -> PageFailure {
        PageFailure::Other(Failure::single(d))
    }

    /// A caller asked for something the plan does not have: a bug, not bad input.
    fn internal(path: &SitePath, message: String) -> PageFailure {
        let message = format!("{message} (for /{path}); restart `accord serve`");
        PageFailure::single(Diagnostic::error(Code::Internal, Location::file(path.output_file()), message))
    }
}

/// The results' values in order, or every problem once: broken Markdown alone when there
/// is any (the pages it broke have nothing else to say), and a template mistake once,
/// with the first page it broke and how many others.
fn finish<T>(results: Vec<Result<T, PageFailure>>) -> Result<Vec<T>, Failure> {
    let mut done = Vec::with_capacity(results.len());
    let mut markdown = Diagnostics::default();
    let mut others = Diagnostics::default();
    let mut broken: Vec<(Diagnostic, Vec<String>)> = Vec::new();
    for result in results {
        match result {
            Ok(value) => done.push(value),
            Err(PageFailure::Markdown(ds)) => markdown.extend(ds),
            Err(PageFailure::Other(failure)) => others.extend(failure.diagnostics),
            Err(PageFailure::Template(d, page)) => match broken.iter_mut().find(|(seen, _)| same_problem(seen, &d)) {
                Some((_, pages)) => pages.push(page),
                None => broken.push((d, vec![page])),
            },
        }
    }
    if markdown.has_errors() {
        markdown.finish()?;
    }
    for (d, pages) in broken {
        others.push(super::while_rendering(d, &pages[0], pages.len()));
    }
    others.finish()?;
    Ok(done)
}

fn same_problem(a: &Diagnostic, b: &Diagnostic) -> bool {
    a.code == b.code && a.location == b.location && a.message == b.message
}

/// What every file of one render shares: the plan, each language's shared values, the
/// section lists, and for `serve` the Markdown it keeps.
pub(crate) struct Pass<'a> {
    pub input: &'a RenderInput<'a>,
    pub plan: &'a SitePlan<'a>,
    shared: BTreeMap<LangId, Shared>,
    pub sections: SectionLists,
    markdown: Option<&'a MarkdownCache>,
    /// Whether pages hand back their Markdown's links.
    pub want_links: bool,
}

impl<'a> Pass<'a> {
    fn new(
        input: &'a RenderInput<'a>,
        plan: &'a SitePlan<'a>,
        languages: &[&LangId],
        markdown: Option<&'a MarkdownCache>,
        want_links: bool,
    ) -> Pass<'a> {
        let model = input.model;
        let wanted: Vec<_> = model.config.languages.iter().filter(|l| languages.contains(&&l.id)).collect();
        let shared = wanted.par_iter().map(|l| (l.id.clone(), Shared::of(input, l))).collect();
        let variants: Vec<PageVariant<'_>> = plan
            .iter()
            .filter_map(|(_, p)| match &p.spec {
                PageSpec::Content(v) => Some(v.clone()),
                _ => None,
            })
            .collect();
        let sections = SectionLists::build(&variants, &model.config.base_url);
        Pass { input, plan, shared, sections, markdown, want_links }
    }

    /// The shared values of a language this pass was made for.
    fn shared(&self, lang: &LangId) -> &Shared {
        &self.shared[lang]
    }

    /// A page's Markdown: the one `serve` keeps, else rendered now.
    fn markdown_of(&self, v: &PageVariant<'_>) -> Result<Cow<'a, Rendered>, PageFailure> {
        match self.markdown {
            Some(cache) => match cache.get(&(v.lang.clone(), v.key.clone())) {
                Some(rendered) => Ok(Cow::Borrowed(rendered)),
                None => {
                    let path = crate::url::paths::of_kind(v.lang.as_str(), v.kind);
                    Err(PageFailure::internal(&path, format!("no rendered Markdown for `{}`", v.file.path.display())))
                }
            },
            None => text::render_for_page(self.input, v).map(Cow::Owned).map_err(PageFailure::Markdown),
        }
    }

    /// A template with `cx`; `page` names the page for a message.
    fn render(&self, template: &str, cx: &Context, page: impl FnOnce() -> String) -> Result<Vec<u8>, PageFailure> {
        self.input.renderer.render_bytes(template, cx).map_err(|d| PageFailure::Template(d, page()))
    }

    /// One entry of the plan.
    fn render_entry(&self, path: &SitePath, page: &PlannedPage<'_>) -> Result<PageOut, PageFailure> {
        let lang = &page.lang;
        match &page.spec {
            PageSpec::Content(v) => content::render_content(self, v, page.template().unwrap_or("page.html")),
            PageSpec::DataArticle { chapter, number } => content::render_data_article(self, lang, *chapter, *number),
            PageSpec::DataChapter(n) => content::render_data_chapter(self, lang, *n),
            PageSpec::Status => generated::render_status(self, path, page),
            PageSpec::Participant(code) => generated::render_participant(self, path, page, code),
            PageSpec::FullText => full::render_full_text(self, path, page),
            PageSpec::Translations => full::render_translations(self, path, page),
            PageSpec::Search => generated::render_search(self, path, page),
            PageSpec::NewsIndex => generated::render_news_index(self, path, page),
            PageSpec::Chooser => site_files::render_chooser(self, path),
            PageSpec::NotFound => site_files::render_not_found(self, path),
            PageSpec::Sitemap => site_files::render_sitemap(self),
            PageSpec::Robots => site_files::render_robots(self),
            PageSpec::Feed => site_files::render_feed(self, page),
            PageSpec::OpenData(file) => site_files::render_open_data(self, file),
            PageSpec::Epub => {
                let language = self.input.model.config.language(lang).ok_or_else(|| {
                    PageFailure::internal(path, format!("`{lang}` is not one of the site's languages"))
                })?;
                super::epub::render_epub(self.input, self.plan, language).map(PageOut::of).map_err(PageFailure::Other)
            }
        }
    }

    /// Where an HTML page came from, for `check`; `None` for other files.
    fn origin_of(&self, page: &PlannedPage<'_>, links: Vec<OutgoingLink>) -> Option<PageOrigin> {
        if !page.is_html() {
            return None;
        }
        let template = page.template()?;
        let source = match &page.spec {
            PageSpec::Content(v) => Some(v.file.path.clone()),
            _ => None,
        };
        Some(PageOrigin { lang: page.lang.clone(), template, source, links })
    }
}

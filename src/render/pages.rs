//! Every file of the built site, rendered: content pages in every language (with
//! fallbacks), the pages accord generates (status, participants, the whole convention
//! on one page, translation status, search, 404, the language chooser), and the
//! sitemap and robots.txt. Markdown is rendered in parallel first, then templates.

use std::collections::BTreeMap;
use std::path::PathBuf;

use rayon::prelude::*;
use serde::Serialize;
use tera::{Context, Value};

use crate::config::{LangId, Language};
use crate::content::{PageKey, PageKind};
use crate::diag::{Diagnostic, Diagnostics, Failure, Location};
use crate::i18n::{Args, I18n, LanguageData, LocaleData};
use crate::markdown::{self, Highlighter, OutgoingLink, RenderContext, Rendered, TocEntry};
use crate::model::{PageVariant, SiteModel, TranslationState};
use crate::output::SiteOutput;
use crate::render::Renderer;
use crate::render::sections::SectionLists;
use crate::render::status;
use crate::render::views::{self, ArticleLink, LangView, SiteView, paths};

/// `serve`'s incremental path: re-renders only the pages one edit affects, from the
/// same job builders as `render_site`. Kept in its own file so this one stays the
/// single description of the site's pages.
pub mod partial;

/// What the rendering step needs; all of it read-only and shared across threads.
pub struct RenderInput<'a> {
    pub model: &'a SiteModel,
    pub i18n: &'a I18n,
    pub renderer: &'a Renderer,
    pub highlighter: &'a Highlighter,
}

/// Counts for the build summary, and where each page came from.
#[derive(Debug, Default, Clone)]
pub struct RenderStats {
    pub pages_per_lang: BTreeMap<LangId, usize>,
    pub has_code: bool,
    /// Output path (`en/about/index.html`) to its origin, so that `check` can point a
    /// problem found in a built page back at the file that caused it.
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

/// Values every page of one language shares, built once.
struct Shared {
    lang_code: Value,
    lang: Value,
    site: Value,
    t: Value,
    nav: Value,
    conv: Value,
    status: Value,
    news: Value,
}

#[derive(Serialize, Clone)]
struct NewsItem {
    title: String,
    url: String,
    date: String,
    date_text: String,
    description: Option<String>,
}

#[derive(Serialize)]
struct Alternate {
    code: String,
    permalink: String,
}

#[derive(Serialize)]
struct SwitcherEntry {
    code: String,
    name: String,
    dir: &'static str,
    url: String,
    state: TranslationState,
    current: bool,
}

#[derive(Serialize)]
struct Crumb {
    title: String,
    url: String,
}

/// One page to write: its output path, template and page-specific values.
struct Job {
    lang: LangId,
    path: String,
    template: &'static str,
    page: Value,
    extra: Vec<(&'static str, Value)>,
    /// For messages: the file or the generated page.
    origin: String,
}

pub fn render_site(input: &RenderInput<'_>) -> Result<(SiteOutput, RenderStats), Failure> {
    let model = input.model;
    let base = model.config.base_url.path().to_owned();

    let variants = model.variants();
    let rendered = render_markdown(input, &variants)?;
    let mut stats = RenderStats { has_code: rendered.values().any(|r| r.has_code), ..RenderStats::default() };

    let shared: BTreeMap<LangId, Shared> =
        model.config.languages.iter().map(|l| (l.id.clone(), shared_values(input, l, &base))).collect();

    let sections = SectionLists::build(&variants, &base);
    // Building a page's view is half the work of rendering it: in parallel too.
    let mut jobs: Vec<Job> = variants
        .par_iter()
        .map(|variant| {
            let html = &rendered[&(variant.lang.clone(), variant.key.clone())];
            let mut job = content_job(input, variant, html, &base);
            if let Some(list) = sections.for_variant(variant) {
                job.extra.push(("section_pages", list));
            }
            job
        })
        .collect();
    let generated: Vec<Vec<Job>> =
        model.config.languages.par_iter().map(|language| generated_jobs(input, language, &base, &variants)).collect();
    // Where each page came from, for `check` to point at sources and templates.
    for (variant, job) in variants.iter().zip(&jobs) {
        let links = rendered[&(variant.lang.clone(), variant.key.clone())].links.clone();
        let origin = PageOrigin {
            lang: job.lang.clone(),
            template: job.template,
            source: Some(variant.file.path.clone()),
            links,
        };
        stats.origins.insert(job.path.clone(), origin);
    }
    jobs.extend(generated.into_iter().flatten());
    if jobs.iter().any(|j| j.template == "article.html") {
        jobs.extend(missing_article_jobs(input, &base, &variants));
        jobs.extend(missing_chapter_jobs(input, &base, &variants));
    }
    for job in &jobs {
        *stats.pages_per_lang.entry(job.lang.clone()).or_default() += 1;
        let generated =
            || PageOrigin { lang: job.lang.clone(), template: job.template, source: None, links: Vec::new() };
        stats.origins.entry(job.path.clone()).or_insert_with(generated);
    }
    for (path, template) in [("index.html", "chooser.html"), ("404.html", "404.html")] {
        let origin = PageOrigin { lang: model.config.default_lang.clone(), template, source: None, links: Vec::new() };
        stats.origins.insert(path.to_owned(), origin);
    }
    // Every page's view now holds its own copy of its HTML: free the first one before
    // the templates make a third.
    drop(rendered);

    // What the sitemap needs of each page, so that the site-wide files (the sitemap, the
    // feeds, the open data, the chooser and 404 pages) are rendered on one thread while the
    // pages are rendered on the others, instead of after them.
    let noindex =
        |job: &Job| job.page.as_map().and_then(|m| m.get(&"noindex".into())).and_then(|v| v.as_bool()).unwrap_or(false);
    let sitemap: Vec<SitemapEntry> = jobs
        .iter()
        .filter(|job| !noindex(job))
        .map(|job| SitemapEntry {
            path: job.path.clone(),
            alternates: job.page.as_map().and_then(|m| m.get(&"alternates".into())).cloned(),
        })
        .collect();
    // Each view is dropped as soon as its page is rendered, so that views and rendered
    // pages are never all in memory at once (at 100,000 pages that was about a third of
    // the peak).
    let (results, site_files) = rayon::join(
        || jobs.into_par_iter().map(|job| render_job(input, &shared[&job.lang], &job)).collect::<Vec<_>>(),
        || site_files(input, &base, &sitemap),
    );

    let mut output = SiteOutput::default();
    for (path, html) in collect_pages(results)? {
        output.insert(path, html);
    }
    output.files.extend(site_files?.files);
    let languages: Vec<LangId> = model.config.languages.iter().map(|l| l.id.clone()).collect();
    for (path, book) in super::epub::render_epubs(input, &variants, &languages)? {
        output.insert(path, book);
    }
    Ok((output, stats))
}

/// A rendered page: its output path and bytes.
type RenderedPage = (String, Vec<u8>);

/// What the sitemap needs of a page: its path and its alternates, already a value.
struct SitemapEntry {
    path: String,
    alternates: Option<Value>,
}

/// A page that did not render: the problem, and the page.
pub(crate) type PageError = (Diagnostic, String);

/// The rendered pages, or every problem once: a template mistake breaks every page that
/// uses the template, and is reported once, with the first page and how many others.
pub(crate) fn collect_pages(results: Vec<Result<RenderedPage, PageError>>) -> Result<Vec<RenderedPage>, Failure> {
    let mut pages = Vec::with_capacity(results.len());
    let mut broken: Vec<(Diagnostic, Vec<String>)> = Vec::new();
    for result in results {
        match result {
            Ok(page) => pages.push(page),
            Err((d, page)) => match broken.iter_mut().find(|(seen, _)| same_problem(seen, &d)) {
                Some((_, pages)) => pages.push(page),
                None => broken.push((d, vec![page])),
            },
        }
    }
    let mut problems = Diagnostics::default();
    for (d, pages) in broken {
        problems.push(super::while_rendering(d, &pages[0], pages.len()));
    }
    problems.finish()?;
    Ok(pages)
}

fn same_problem(a: &Diagnostic, b: &Diagnostic) -> bool {
    a.code == b.code && a.location == b.location && a.message == b.message
}

/// One page through its template: the language's shared values, then the page's own.
fn render_job(input: &RenderInput<'_>, s: &Shared, job: &Job) -> Result<RenderedPage, PageError> {
    let mut cx = Context::new();
    cx.insert_value("lang_code", s.lang_code.clone());
    cx.insert_value("lang", s.lang.clone());
    cx.insert_value("site", s.site.clone());
    cx.insert_value("t", s.t.clone());
    cx.insert_value("nav", s.nav.clone());
    cx.insert_value("conv", s.conv.clone());
    cx.insert_value("status", s.status.clone());
    cx.insert_value("news", s.news.clone());
    cx.insert_value("page", job.page.clone());
    for (k, v) in &job.extra {
        cx.insert_value(*k, v.clone());
    }
    let html = input.renderer.render_bytes(job.template, &cx).map_err(|d| (d, job.origin.clone()))?;
    Ok((job.path.clone(), html))
}

type MarkdownResult = Result<((LangId, PageKey), Rendered), Vec<Diagnostic>>;

/// Markdown for every variant, in parallel. A fallback page links articles in the
/// reader's language but reads mentions with the source language's syntax.
fn render_markdown(
    input: &RenderInput<'_>,
    variants: &[PageVariant<'_>],
) -> Result<BTreeMap<(LangId, PageKey), Rendered>, Failure> {
    let model = input.model;
    let base = model.config.base_url.path();
    let results: Vec<MarkdownResult> = variants
        .par_iter()
        .map(|v| {
            let lang = v.lang.as_str();
            let article_url =
                |n: u32| model.convention.has_article(n).then(|| format!("{base}{}", paths::article(lang, n)));
            let internal = |p: &str| format!("{base}{lang}/{}", p.trim_start_matches('/'));
            let placement =
                TextPlacement { id_prefix: "", heading_offset: 0, article_url: &article_url, internal_link: &internal };
            let rendered = render_text(input, v, &placement)?;
            Ok(((v.lang.clone(), v.key.clone()), rendered))
        })
        .collect();
    let mut problems = Diagnostics::default();
    let mut out = BTreeMap::new();
    // A broken source breaks every fallback of it: report it once.
    for result in results {
        match result {
            Ok((k, r)) => {
                out.insert(k, r);
            }
            Err(ds) => problems.extend(ds),
        }
    }
    problems.finish()?;
    Ok(out)
}

/// Where a text is shown: what its ids start with, how far its headings move down, and
/// where its links lead (the site's pages, or the files of an EPUB).
pub(crate) struct TextPlacement<'a> {
    pub id_prefix: &'a str,
    pub heading_offset: u8,
    pub article_url: &'a dyn Fn(u32) -> Option<String>,
    pub internal_link: &'a dyn Fn(&str) -> String,
}

/// One variant's Markdown, placed as `placement` says.
pub(crate) fn render_text(
    input: &RenderInput<'_>,
    v: &PageVariant<'_>,
    placement: &TextPlacement<'_>,
) -> Result<Rendered, Vec<Diagnostic>> {
    let model = input.model;
    let file_lang = model.config.lang_by_code(&v.file.lang).unwrap_or(&model.config.default_lang);
    let source_strings = input.i18n.get(file_lang);
    // The anchors' labels sit inside the body, which a fallback marks with the
    // source's lang: they are read in that language (WCAG 3.1.2).
    let permalink_label = source_strings.text("permalink");
    // Terms are in the text's language, which is the source's on an untranslated page.
    let collation = |a: &str, b: &str| source_strings.locale.compare(a, b);
    let cx = RenderContext {
        file: &v.file.path,
        body_line: v.file.body_line,
        xref: Some(&source_strings.xref),
        article_url: placement.article_url,
        internal_link: placement.internal_link,
        current_article: match v.kind {
            PageKind::Article { number, .. } => Some(*number),
            _ => None,
        },
        paragraph_anchors: matches!(v.kind, PageKind::Article { .. }),
        permalink_label: &permalink_label,
        highlighter: input.highlighter,
        allow_unsafe_html: model.config.allow_unsafe_html,
        id_prefix: placement.id_prefix,
        heading_offset: placement.heading_offset,
        section_order: views::is_glossary(v.kind).then_some(&collation as &dyn Fn(&str, &str) -> _),
    };
    markdown::render(&v.file.body, &cx)
        .map_err(|ds| ds.into_iter().map(|d| with_column(d, &v.file.body, v.file.body_line)).collect::<Vec<_>>())
}

/// Adds the offending line (and the column of the mention on it) to a Markdown diagnostic.
fn with_column(mut d: Diagnostic, body: &str, body_line: usize) -> Diagnostic {
    if let Some(line) = d.location.line {
        let text = body.lines().nth(line.saturating_sub(body_line));
        if let Some(text) = text {
            if d.location.column.is_none() {
                let needle = d.message.split('"').nth(1).unwrap_or("");
                d.location.column = text.find(needle).map(|byte| text[..byte].chars().count() + 1);
            }
            d.snippet = Some(text.to_owned());
        }
    }
    d
}

fn shared_values(input: &RenderInput<'_>, language: &Language, base: &str) -> Shared {
    let model = input.model;
    let strings = input.i18n.get(&language.id);
    let lang = language.id.as_str();
    let site = SiteView {
        title: model.config.title(&language.id).to_owned(),
        base: base.to_owned(),
        languages: model.config.languages.iter().map(LangView::of).collect(),
    };
    Shared {
        lang_code: Value::from(lang),
        lang: Value::from_serializable(&LangView::of(language)),
        site: Value::from_serializable(&site),
        t: Value::from_serializable(&strings.plain_strings()),
        nav: Value::from_serializable(&views::nav(input.model, strings, base, lang)),
        conv: Value::from_serializable(&views::convention_view(model, strings, base, &language.id)),
        status: Value::from_serializable(&views::status_view(model, strings)),
        news: Value::from_serializable(
            &news_items(model, strings, base, &language.id).into_iter().take(5).collect::<Vec<_>>(),
        ),
    }
}

fn news_items(model: &SiteModel, strings: &LanguageData, base: &str, lang: &LangId) -> Vec<NewsItem> {
    let mut items: Vec<NewsItem> = model
        .files
        .keys()
        .filter_map(|key| model.variant_of(lang, key))
        .filter_map(|v| match v.kind {
            PageKind::News(_) => {
                let date = v.file.front.date?;
                Some(NewsItem {
                    title: v.file.front.title.clone().unwrap_or_default(),
                    url: format!("{base}{}", paths::of_kind(lang.as_str(), v.kind)),
                    date: date.to_string(),
                    date_text: strings.locale.format_date(date),
                    description: v.file.front.description.clone(),
                })
            }
            _ => None,
        })
        .collect();
    items.sort_by(|a, b| b.date.cmp(&a.date).then_with(|| a.url.cmp(&b.url)));
    items
}

/// The page's base values: title, URLs, alternates, switcher, translation state.
#[derive(Serialize)]
struct PageView {
    kind: &'static str,
    section: &'static str,
    title: String,
    description: Option<String>,
    url: String,
    permalink: String,
    /// The address search engines should index: the page's own, or for a page shown in
    /// the source language for want of a translation, the source page's.
    canonical: String,
    /// Kept out of search engines' indexes (and the sitemap): an untranslated page.
    noindex: bool,
    alternates: Vec<Alternate>,
    x_default: Option<String>,
    switcher: Vec<SwitcherEntry>,
    state: TranslationState,
    fallback_notice: String,
    content: String,
    content_lang: String,
    content_dir: &'static str,
    toc: Vec<TocEntry>,
    /// The glossary's letters, each linking to its first term; empty on other pages.
    letter_index: Vec<IndexLetter>,
    breadcrumbs: Vec<Crumb>,
    has_code: bool,
    official_text: String,
    official_text_lang: String,
    /// The link to the authentic text and the footer's notice, naming the document as
    /// the data cites it in this language.
    official_text_link: String,
    footer_notice: String,
    date: Option<String>,
    date_text: Option<String>,
    json_ld: Option<String>,
    feeds: Vec<Crumb>,
}

fn kind_name(kind: &PageKind) -> &'static str {
    match kind {
        PageKind::Home => "home",
        PageKind::Overview => "overview",
        PageKind::Chapter(_) => "chapter",
        PageKind::Article { .. } => "article",
        PageKind::NewsIndex => "news-index",
        PageKind::News(_) => "news",
        PageKind::Page(_) => "page",
    }
}

/// The official text in the reader's language when it is one of the authentic ones, else
/// in the site's default language when that is, else in the first authentic language.
fn official_text(model: &SiteModel, lang: &str) -> (String, String) {
    let authentic = &model.convention.authentic_languages;
    let default = model.config.default_lang.as_str();
    let chosen = [lang, default]
        .into_iter()
        .find(|l| authentic.iter().any(|a| a == l))
        .or(authentic.first().map(String::as_str))
        .unwrap_or(default);
    (model.convention.official_text_url.replace("{lang}", chosen), chosen.to_owned())
}

/// How the page's language cites the document with the adopted text.
fn document_name<'m>(model: &'m SiteModel, lang: &str) -> &'m str {
    let adopted = &model.convention.adopted;
    adopted.document_names.get(lang).map_or(adopted.document.as_str(), String::as_str)
}

/// The shell shared by content and generated pages.
fn page_view(
    input: &RenderInput<'_>,
    lang: &LangId,
    site_path: &str,
    title: String,
    states: &BTreeMap<LangId, TranslationState>,
    path_in: &dyn Fn(&str) -> String,
) -> PageView {
    let model = input.model;
    let config = &model.config;
    let strings = input.i18n.get(lang);
    let base = config.base_url.path();
    let alternates = config
        .languages
        .iter()
        .filter(|l| states.get(&l.id).is_some_and(|s| *s != TranslationState::Missing))
        .map(|l| Alternate { code: l.id.to_string(), permalink: config.base_url.absolute(&path_in(l.id.as_str())) })
        .collect();
    let switcher = config
        .languages
        .iter()
        .map(|l| SwitcherEntry {
            code: l.id.to_string(),
            name: l.name.clone(),
            dir: l.dir.as_str(),
            url: format!("{base}{}", path_in(l.id.as_str())),
            state: states.get(&l.id).copied().unwrap_or(TranslationState::Missing),
            current: &l.id == lang,
        })
        .collect();
    let (official, official_lang) = official_text(model, lang.as_str());
    let document = Args { name: Some(document_name(model, lang.as_str())), ..Args::default() };
    let lang_name = config.language(lang).map_or(String::new(), |l| l.name.clone());
    PageView {
        kind: "page",
        section: "",
        title,
        description: None,
        url: format!("{base}{site_path}"),
        permalink: config.base_url.absolute(site_path),
        canonical: config.base_url.absolute(site_path),
        noindex: false,
        alternates,
        x_default: Some(config.base_url.absolute(&path_in(config.default_lang.as_str()))),
        switcher,
        state: states.get(lang).copied().unwrap_or(TranslationState::Source),
        fallback_notice: strings.format("fallback_notice", &Args { lang: Some(&lang_name), ..Args::default() }),
        content: String::new(),
        content_lang: config.default_lang.to_string(),
        content_dir: config.language(&config.default_lang).map_or("ltr", |l| l.dir.as_str()),
        toc: Vec::new(),
        letter_index: Vec::new(),
        breadcrumbs: Vec::new(),
        has_code: false,
        official_text: official,
        official_text_lang: official_lang,
        official_text_link: strings.format("official_text", &document),
        footer_notice: strings.format("footer_notice", &document),
        date: None,
        date_text: None,
        json_ld: None,
        feeds: vec![Crumb { title: strings.text("feed_title"), url: format!("{base}{}", feed_path(lang.as_str())) }],
    }
}

/// A description made from a page's first paragraph: about the length search engines
/// show, cut at a word where the language has spaces.
fn clip(text: &str) -> Option<String> {
    const MAX: usize = 160;
    let text = text.split_whitespace().collect::<Vec<_>>().join(" ");
    if text.is_empty() {
        return None;
    }
    if text.chars().count() <= MAX {
        return Some(text);
    }
    let cut: String = text.chars().take(MAX).collect();
    let at_word =
        cut.rfind(' ').filter(|i| cut[..*i].chars().count() > MAX * 3 / 4).map_or(cut.as_str(), |i| &cut[..i]);
    Some(format!("{}…", at_word.trim_end_matches([',', ';', ':', '،', '，'])))
}

/// "Article 7: Title · Chapter 2: Title", for an article page with no text to describe it.
fn article_description(input: &RenderInput<'_>, lang: &LangId, number: u32) -> String {
    let model = input.model;
    let strings = input.i18n.get(lang);
    let colon = strings.text("colon");
    let article = strings.format("article_number", &Args { n: Some(number.into()), ..Args::default() });
    let chapter = model.convention.chapter_of(number).map(|c| chapter_heading(input, lang, c.number));
    let title = model.article_title(lang, number);
    match chapter {
        Some(chapter) => format!("{article}{colon}{title} · {chapter}"),
        None => format!("{article}{colon}{title}"),
    }
}

fn chapter_heading(input: &RenderInput<'_>, lang: &LangId, number: u32) -> String {
    let strings = input.i18n.get(lang);
    let label = strings.format("chapter_number", &Args { n: Some(number.into()), ..Args::default() });
    format!("{label}{}{}", strings.text("colon"), input.model.chapter_title(lang, number))
}

/// "Chapter 2: Title · Articles 7 to 21", for a chapter page with no text to describe it.
fn chapter_description(input: &RenderInput<'_>, lang: &LangId, number: u32) -> String {
    let model = input.model;
    let strings = input.i18n.get(lang);
    let heading = chapter_heading(input, lang, number);
    let numbers: Vec<u32> = model
        .convention
        .chapters
        .iter()
        .find(|c| c.number == number)
        .map(|c| c.articles.iter().map(|a| a.number).collect())
        .unwrap_or_default();
    match (numbers.first(), numbers.last()) {
        (Some(from), Some(to)) if from != to => {
            let span = Args { from: Some((*from).into()), to: Some((*to).into()), ..Args::default() };
            format!("{heading} · {}", strings.format("articles_span", &span))
        }
        (Some(n), _) => format!(
            "{heading} · {}",
            strings.format("article_number", &Args { n: Some((*n).into()), ..Args::default() })
        ),
        _ => heading,
    }
}

/// The site path of the page whose text an untranslated page shows.
fn path_in_source(model: &SiteModel, v: &PageVariant<'_>) -> String {
    let lang = model.config.lang_by_code(&v.file.lang).unwrap_or(&model.config.default_lang);
    paths::of_kind(lang.as_str(), v.kind)
}

fn feed_path(lang: &str) -> String {
    format!("{}feed.xml", paths::status(lang))
}

fn states_of(model: &SiteModel, key: &PageKey) -> BTreeMap<LangId, TranslationState> {
    model
        .config
        .languages
        .iter()
        .filter_map(|l| model.variant_of(&l.id, key).map(|v| (l.id.clone(), v.state)))
        .collect()
}

fn all_translated(model: &SiteModel) -> BTreeMap<LangId, TranslationState> {
    model.config.languages.iter().map(|l| (l.id.clone(), TranslationState::Translated)).collect()
}

fn content_job(input: &RenderInput<'_>, v: &PageVariant<'_>, html: &Rendered, base: &str) -> Job {
    let model = input.model;
    let strings = input.i18n.get(v.lang);
    let lang = v.lang.as_str();
    let site_path = paths::of_kind(lang, v.kind);
    let kind = v.kind.clone();
    let path_in = move |l: &str| paths::of_kind(l, &kind);
    let title = match v.kind {
        PageKind::Article { number, .. } => model.article_title(v.lang, *number).to_owned(),
        PageKind::Chapter(n) => model.chapter_title(v.lang, *n).to_owned(),
        PageKind::Home => v.file.front.title.clone().unwrap_or_else(|| model.convention_title(v.lang).to_owned()),
        PageKind::Overview => v.file.front.title.clone().unwrap_or_else(|| strings.text("nav_convention")),
        PageKind::NewsIndex => v.file.front.title.clone().unwrap_or_else(|| strings.text("news")),
        _ => v.file.front.title.clone().unwrap_or_default(),
    };
    let mut page = page_view(input, v.lang, &site_path, title, &states_of(model, v.key), &path_in);
    page.kind = kind_name(v.kind);
    page.section = views::section_of(v.kind);
    page.description = v
        .file
        .front
        .description
        .clone()
        .or_else(|| clip(&html.first_paragraph))
        .or_else(|| match v.kind {
            PageKind::Article { number, .. } => Some(article_description(input, v.lang, *number)),
            PageKind::Chapter(n) => Some(chapter_description(input, v.lang, *n)),
            _ => None,
        })
        .or_else(|| Some(format!("{} · {}", page.title, model.config.title(v.lang))));
    page.content = html.html.clone();
    page.toc = html.toc.clone();
    if views::is_glossary(v.kind) {
        let file_lang = model.config.lang_by_code(&v.file.lang).unwrap_or(&model.config.default_lang);
        page.letter_index = letter_index(&input.i18n.get(file_lang).locale, &html.toc);
    }
    page.has_code = html.has_code;
    page.date = v.file.front.date.map(|d| d.to_string());
    page.date_text = v.file.front.date.map(|d| strings.locale.format_date(d));
    page.breadcrumbs = breadcrumbs(input, v.lang, v.kind, base);
    if matches!(v.kind, PageKind::Home) {
        // The language chooser is the home page for a reader whose language is not listed;
        // it lists every home page back.
        page.x_default = Some(model.config.base_url.absolute(""));
    }
    if v.state == TranslationState::Missing {
        page.content_lang = v.file.lang.clone();
        // The source page is the one to index; this copy lists no alternates, as no
        // translation lists it (hreflang links must be reciprocal).
        page.canonical = model.config.base_url.absolute(&path_in_source(model, v));
        page.noindex = true;
        page.alternates = Vec::new();
        page.x_default = None;
    }
    match v.kind {
        PageKind::Overview => page.json_ld = Some(status::legislation_json_ld(model, v.lang, &page.permalink, None)),
        PageKind::Article { number, .. } => {
            let name = format!(
                "{}{}{}",
                strings.format("article_number", &Args { n: Some((*number).into()), ..Args::default() }),
                strings.text("colon"),
                page.title
            );
            page.json_ld = Some(status::legislation_json_ld(model, v.lang, &page.permalink, Some((*number, &name))));
        }
        _ => {}
    }
    let mut page = Value::from_serializable(&page);
    let mut extra = Vec::new();
    let template = match v.kind {
        PageKind::Home => "home.html",
        PageKind::Overview => "overview.html",
        PageKind::Chapter(n) => {
            let conv = views::convention_view(model, strings, base, v.lang);
            let chapter = conv.chapters.into_iter().find(|c| c.number == *n);
            extend(&mut page, "chapter", Value::from_serializable(&chapter));
            "chapter.html"
        }
        PageKind::Article { number, .. } => {
            extend(&mut page, "article", Value::from_serializable(&article_extras(input, v.lang, *number, base)));
            let related: Vec<ArticleLink> =
                v.file.front.related.iter().map(|n| views::article_link(model, strings, base, v.lang, *n)).collect();
            extend(&mut page, "related", Value::from_serializable(&related));
            let (prev, next) = neighbours(input, v.lang, *number, base);
            extend(&mut page, "prev", Value::from_serializable(&prev));
            extend(&mut page, "next", Value::from_serializable(&next));
            "article.html"
        }
        PageKind::NewsIndex => {
            extra.push(("news_all", Value::from_serializable(&news_items(model, strings, base, v.lang))));
            "news_list.html"
        }
        PageKind::News(_) | PageKind::Page(_) => "page.html",
    };
    Job {
        lang: v.lang.clone(),
        path: format!("{site_path}index.html"),
        template,
        page,
        extra,
        origin: v.file.path.display().to_string(),
    }
}

/// One letter of the glossary's index and the id of the first term under it.
#[derive(Serialize, Debug, PartialEq, Eq)]
struct IndexLetter {
    letter: String,
    id: String,
}

/// The letters of the terms (the text's `##` headings, already in collation order), each
/// once, linking to the first term under it.
fn letter_index(locale: &LocaleData, toc: &[TocEntry]) -> Vec<IndexLetter> {
    let mut letters: Vec<IndexLetter> = Vec::new();
    for term in toc.iter().filter(|e| e.level == 2) {
        let letter = locale.index_letter(&term.title);
        if !letters.iter().any(|l| l.letter == letter) {
            letters.push(IndexLetter { letter, id: term.id.clone() });
        }
    }
    letters
}

/// Adds a key to a page's map value.
fn extend(page: &mut Value, key: &str, value: Value) {
    // The page's map is owned here: take it rather than copy it for every key added.
    let mut map = std::mem::replace(page, Value::none()).into_map().unwrap_or_default();
    map.insert(key.to_owned().into(), value);
    *page = Value::from(map);
}

#[derive(Serialize)]
struct ArticleExtras {
    number: u32,
    label: String,
    chapter: u32,
    chapter_label: String,
    chapter_title: String,
    chapter_url: String,
    title_inferred: bool,
}

fn article_extras(input: &RenderInput<'_>, lang: &LangId, number: u32, base: &str) -> ArticleExtras {
    let model = input.model;
    let strings = input.i18n.get(lang);
    let chapter = model.convention.chapter_of(number).map_or(0, |c| c.number);
    let inferred = model
        .convention
        .articles()
        .any(|(_, a)| a.number == number && a.confidence == crate::content::data::Confidence::Inferred);
    ArticleExtras {
        number,
        label: strings.format("article_number", &Args { n: Some(number.into()), ..Args::default() }),
        chapter,
        chapter_label: strings.format("chapter_number", &Args { n: Some(chapter.into()), ..Args::default() }),
        chapter_title: model.chapter_title(lang, chapter).to_owned(),
        chapter_url: format!("{base}{}", paths::chapter(lang.as_str(), chapter)),
        title_inferred: inferred,
    }
}

fn neighbours(
    input: &RenderInput<'_>,
    lang: &LangId,
    number: u32,
    base: &str,
) -> (Option<ArticleLink>, Option<ArticleLink>) {
    let model = input.model;
    let strings = input.i18n.get(lang);
    let numbers: Vec<u32> = model.convention.articles().map(|(_, a)| a.number).collect();
    let i = numbers.iter().position(|n| *n == number);
    let link = |n: &u32| views::article_link(model, strings, base, lang, *n);
    match i {
        Some(i) => (i.checked_sub(1).and_then(|p| numbers.get(p)).map(link), numbers.get(i + 1).map(link)),
        None => (None, None),
    }
}

fn breadcrumbs(input: &RenderInput<'_>, lang: &LangId, kind: &PageKind, base: &str) -> Vec<Crumb> {
    let strings = input.i18n.get(lang);
    let l = lang.as_str();
    let home = Crumb { title: strings.text("nav_home"), url: format!("{base}{}", paths::home(l)) };
    let convention = Crumb { title: strings.text("nav_convention"), url: format!("{base}{}", paths::overview(l)) };
    match kind {
        PageKind::Home => Vec::new(),
        PageKind::Overview | PageKind::NewsIndex | PageKind::Page(_) => vec![home],
        PageKind::Chapter(_) => vec![home, convention],
        PageKind::Article { chapter, .. } => {
            let label = strings.format("chapter_number", &Args { n: Some((*chapter).into()), ..Args::default() });
            vec![home, convention, Crumb { title: label, url: format!("{base}{}", paths::chapter(l, *chapter)) }]
        }
        PageKind::News(_) => {
            vec![home, Crumb { title: strings.text("news"), url: format!("{base}{}", paths::news(l)) }]
        }
    }
}

/// An article with no file in any language still gets its page: title from the data,
/// no summary. `check` reports it.
fn missing_article_jobs(input: &RenderInput<'_>, base: &str, variants: &[PageVariant<'_>]) -> Vec<Job> {
    let model = input.model;
    let mut jobs = Vec::new();
    for (chapter, article) in model.convention.articles() {
        if variants.iter().any(|v| matches!(v.kind, PageKind::Article { number, .. } if *number == article.number)) {
            continue;
        }
        let kind = PageKind::Article { chapter: chapter.number, number: article.number };
        for language in &model.config.languages {
            let lang = &language.id;
            let title = model.article_title(lang, article.number).to_owned();
            let description = article_description(input, lang, article.number);
            let mut page = data_page(input, lang, &kind, title, description, base);
            extend(&mut page, "article", Value::from_serializable(&article_extras(input, lang, article.number, base)));
            let (prev, next) = neighbours(input, lang, article.number, base);
            extend(&mut page, "prev", Value::from_serializable(&prev));
            extend(&mut page, "next", Value::from_serializable(&next));
            jobs.push(data_job(lang, &kind, "article.html", page, format!("article {}", article.number)));
        }
    }
    jobs
}

/// A page for each chapter that has no `_index.md` in any language: its title and its
/// articles, from the data, so that the links to it from articles and tables of contents
/// lead somewhere.
fn missing_chapter_jobs(input: &RenderInput<'_>, base: &str, variants: &[PageVariant<'_>]) -> Vec<Job> {
    let model = input.model;
    let mut jobs = Vec::new();
    for chapter in &model.convention.chapters {
        if variants.iter().any(|v| matches!(v.kind, PageKind::Chapter(n) if *n == chapter.number)) {
            continue;
        }
        let kind = PageKind::Chapter(chapter.number);
        for language in &model.config.languages {
            let lang = &language.id;
            let title = model.chapter_title(lang, chapter.number).to_owned();
            let description = chapter_description(input, lang, chapter.number);
            let mut page = data_page(input, lang, &kind, title, description, base);
            let conv = views::convention_view(model, input.i18n.get(lang), base, lang);
            let view = conv.chapters.into_iter().find(|c| c.number == chapter.number);
            extend(&mut page, "chapter", Value::from_serializable(&view));
            jobs.push(data_job(lang, &kind, "chapter.html", page, format!("chapter {}", chapter.number)));
        }
    }
    jobs
}

/// The view of a convention page made from the data alone (no content file): translated
/// wherever its title is, in the convention's section, with its breadcrumbs.
fn data_page(
    input: &RenderInput<'_>,
    lang: &LangId,
    kind: &PageKind,
    title: String,
    description: String,
    base: &str,
) -> Value {
    let site_path = paths::of_kind(lang.as_str(), kind);
    let path_in = |l: &str| paths::of_kind(l, kind);
    let mut page = page_view(input, lang, &site_path, title, &all_translated(input.model), &path_in);
    page.description = Some(description);
    page.kind = kind_name(kind);
    page.section = "convention";
    page.breadcrumbs = breadcrumbs(input, lang, kind, base);
    Value::from_serializable(&page)
}

fn data_job(lang: &LangId, kind: &PageKind, template: &'static str, page: Value, origin: String) -> Job {
    let path = format!("{}index.html", paths::of_kind(lang.as_str(), kind));
    Job { lang: lang.clone(), path, template, page, extra: Vec::new(), origin }
}

#[derive(Serialize)]
struct FullChapter {
    number: u32,
    label: String,
    title: String,
    articles: Vec<FullArticle>,
}

#[derive(Serialize)]
struct FullArticle {
    number: u32,
    label: String,
    title: String,
    url: String,
    content: String,
    fallback: bool,
    content_lang: String,
    content_dir: &'static str,
}

#[derive(Serialize)]
struct Matrix {
    languages: Vec<MatrixLang>,
    total: usize,
    rows: Vec<MatrixRow>,
}

#[derive(Serialize)]
struct MatrixLang {
    code: String,
    translated: usize,
}

#[derive(Serialize)]
struct MatrixRow {
    key: String,
    cells: Vec<TranslationState>,
}

/// The translation matrix: every page of the default language × every language.
pub fn translation_matrix(model: &SiteModel) -> Vec<(PageKey, Vec<(LangId, TranslationState)>)> {
    model
        .files
        .iter()
        .filter(|(_, t)| t.contains_key(&model.config.default_lang))
        .map(|(key, _)| {
            let cells = model
                .config
                .languages
                .iter()
                .map(|l| (l.id.clone(), model.variant_of(&l.id, key).map_or(TranslationState::Missing, |v| v.state)))
                .collect();
            (key.clone(), cells)
        })
        .collect()
}

fn generated_jobs(input: &RenderInput<'_>, language: &Language, base: &str, variants: &[PageVariant<'_>]) -> Vec<Job> {
    let model = input.model;
    let lang = &language.id;
    let l = lang.as_str();
    let strings = input.i18n.get(lang);
    let everywhere = all_translated(model);
    let mut jobs = Vec::new();
    let mut generated = |site_path: String,
                         path_in: &dyn Fn(&str) -> String,
                         title: String,
                         description: String,
                         template: &'static str,
                         kind: &'static str,
                         section: &'static str,
                         extra: Vec<(&'static str, Value)>,
                         crumbs: Vec<Crumb>| {
        let mut page = page_view(input, lang, &site_path, title, &everywhere, path_in);
        page.kind = kind;
        page.section = section;
        page.breadcrumbs = crumbs;
        page.description = Some(description);
        jobs.push(Job {
            lang: lang.clone(),
            path: format!("{site_path}index.html"),
            template,
            page: Value::from_serializable(&page),
            extra,
            origin: format!("the generated page /{site_path}"),
        });
    };
    let home_crumb = || vec![Crumb { title: strings.text("nav_home"), url: format!("{base}{}", paths::home(l)) }];

    // Status and one page per participant.
    let participants = views::participants_view(model, strings, base, lang);
    // States known only from reported events get a page too (not a row in the table):
    // the status page's reported events link to it, and it says what is not confirmed.
    let participant_pages: Vec<(String, String, String, Value)> = participants
        .iter()
        .chain(&views::reported_only_views(model, strings, base, lang))
        .map(|p| {
            (p.code.clone(), p.name.clone(), views::participant_summary(model, strings, p), Value::from_serializable(p))
        })
        .collect();
    let rtl = language.dir == crate::config::Direction::Rtl;
    let mut status_values = status::status_page_values(model, strings, base, lang, rtl);
    status_values.push(("participants", Value::from_serializable(&participants)));
    generated(
        paths::status(l),
        &paths::status,
        strings.text("status_title"),
        strings.text("status_intro"),
        "status.html",
        "status",
        "status",
        status_values,
        home_crumb(),
    );
    for (code, name, description, value) in participant_pages {
        let status_crumb = Crumb { title: strings.text("nav_status"), url: format!("{base}{}", paths::status(l)) };
        let c = code.clone();
        generated(
            paths::participant(l, &code),
            &move |x: &str| paths::participant(x, &c),
            name,
            description,
            "participant.html",
            "participant",
            "status",
            vec![("p", value)],
            vec![home_crumb().remove(0), status_crumb],
        );
    }

    // The whole convention on one page.
    let article_url = |n: u32| model.convention.has_article(n).then(|| format!("{base}{}", paths::article(l, n)));
    let internal = |p: &str| format!("{base}{l}/{}", p.trim_start_matches('/'));
    let full: Vec<FullChapter> = model
        .convention
        .chapters
        .iter()
        .map(|chapter| FullChapter {
            number: chapter.number,
            label: strings.format("chapter_number", &Args { n: Some(chapter.number.into()), ..Args::default() }),
            title: model.chapter_title(lang, chapter.number).to_owned(),
            articles: chapter
                .articles
                .iter()
                .map(|a| {
                    let v = variants.iter().find(|v| {
                        v.lang == lang && matches!(v.kind, PageKind::Article { number, .. } if *number == a.number)
                    });
                    // The article again, its ids prefixed and its headings below the
                    // `<h3>` this page gives its title (it already rendered once, so
                    // it cannot fail here).
                    let prefix = format!("a{}-", a.number);
                    let placement = TextPlacement {
                        id_prefix: &prefix,
                        heading_offset: 2,
                        article_url: &article_url,
                        internal_link: &internal,
                    };
                    let content =
                        v.and_then(|v| render_text(input, v, &placement).ok()).map(|r| r.html).unwrap_or_default();
                    FullArticle {
                        number: a.number,
                        label: strings.format("article_number", &Args { n: Some(a.number.into()), ..Args::default() }),
                        title: model.article_title(lang, a.number).to_owned(),
                        url: format!("{base}{}", paths::article(l, a.number)),
                        content,
                        fallback: v.is_some_and(|v| v.state == TranslationState::Missing),
                        content_lang: model.config.default_lang.to_string(),
                        content_dir: model
                            .config
                            .language(&model.config.default_lang)
                            .map_or("ltr", |x| x.dir.as_str()),
                    }
                })
                .collect(),
        })
        .collect();
    let conv_crumbs = vec![
        home_crumb().remove(0),
        Crumb { title: strings.text("nav_convention"), url: format!("{base}{}", paths::overview(l)) },
    ];
    generated(
        paths::full(l),
        &paths::full,
        strings.text("full_text_title"),
        strings.text("full_text_intro"),
        "full.html",
        "full",
        "convention",
        vec![("full", Value::from_serializable(&full))],
        conv_crumbs,
    );

    // Translation status.
    let matrix_rows = translation_matrix(model);
    let matrix = Matrix {
        total: matrix_rows.len(),
        languages: model
            .config
            .languages
            .iter()
            .map(|x| MatrixLang {
                code: x.id.to_string(),
                translated: matrix_rows
                    .iter()
                    .filter(|(_, cells)| {
                        cells.iter().any(|(id, s)| {
                            id == &x.id && matches!(s, TranslationState::Source | TranslationState::Translated)
                        })
                    })
                    .count(),
            })
            .collect(),
        rows: matrix_rows
            .iter()
            .map(|(k, cells)| MatrixRow {
                key: if k.as_str().is_empty() { "/".into() } else { k.as_str().to_owned() },
                cells: cells.iter().map(|(_, s)| *s).collect(),
            })
            .collect(),
    };
    generated(
        paths::translations(l),
        &paths::translations,
        strings.text("translations_title"),
        strings.text("translations_intro"),
        "translations.html",
        "translations",
        "about",
        vec![("matrix", Value::from_serializable(&matrix))],
        home_crumb(),
    );

    // Search, and the news index when the site has no news/_index.md.
    generated(
        paths::search(l),
        &paths::search,
        strings.text("search"),
        strings.text("search_placeholder"),
        "search.html",
        "search",
        "",
        Vec::new(),
        home_crumb(),
    );
    let has_news_index = model.files.contains_key(&PageKey::new("news"));
    if !has_news_index {
        let all = news_items(model, strings, base, lang);
        let titles: Vec<&str> = all.iter().take(3).map(|n| n.title.as_str()).collect();
        generated(
            paths::news(l),
            &paths::news,
            strings.text("news"),
            format!("{}{}{}", strings.text("news"), strings.text("colon"), titles.join(" · ")),
            "news_list.html",
            "news-index",
            "news",
            vec![("news_all", Value::from_serializable(&all))],
            home_crumb(),
        );
    }
    jobs
}

/// The files outside the language folders (chooser, 404 page, sitemap, robots.txt, open
/// data) and the status feeds.
fn site_files(input: &RenderInput<'_>, base: &str, pages: &[SitemapEntry]) -> Result<SiteOutput, Failure> {
    let mut output = SiteOutput::default();
    let model = input.model;
    let config = &model.config;
    let default = config.language(&config.default_lang).cloned().ok_or_else(|| {
        Failure::single(Diagnostic::error("config", Location::file("site.yaml"), "no default language"))
    })?;
    let strings = input.i18n.get(&default.id);
    let render = |template: &str, page: Value, extra: Vec<(&str, Value)>| -> Result<String, Failure> {
        let mut cx = Context::new();
        cx.insert("lang_code", default.id.as_str());
        cx.insert("lang", &LangView::of(&default));
        cx.insert(
            "site",
            &SiteView {
                title: config.title(&default.id).to_owned(),
                base: base.to_owned(),
                languages: config.languages.iter().map(LangView::of).collect(),
            },
        );
        cx.insert_value("t", Value::from_serializable(&strings.plain_strings()));
        cx.insert("nav", &views::nav(model, strings, base, default.id.as_str()));
        cx.insert("status", &views::status_view(model, strings));
        cx.insert_value("page", page);
        for (k, v) in extra {
            cx.insert_value(k.to_owned(), v);
        }
        input.renderer.render(template, &cx, template).map_err(Failure::single)
    };

    #[derive(Serialize)]
    struct ChooserEntry {
        code: String,
        name: String,
        dir: &'static str,
        url: String,
        title: String,
    }
    let chooser: Vec<ChooserEntry> = config
        .languages
        .iter()
        .map(|l| ChooserEntry {
            code: l.id.to_string(),
            name: l.name.clone(),
            dir: l.dir.as_str(),
            url: format!("{base}{}", paths::home(l.id.as_str())),
            title: config.title(&l.id).to_owned(),
        })
        .collect();
    let everywhere = all_translated(model);
    // The chooser lists the home pages search engines may index: the translated ones.
    let home = PageKey::new("");
    let homes = if model.files.contains_key(&home) { states_of(model, &home) } else { everywhere };
    let mut root = page_view(input, &default.id, "", config.title(&default.id).to_owned(), &homes, &paths::home);
    root.description = Some(config.languages.iter().map(|l| config.title(&l.id)).collect::<Vec<_>>().join(" · "));
    output.insert(
        "index.html",
        render("chooser.html", Value::from_serializable(&root), vec![("chooser", Value::from_serializable(&chooser))])?,
    );
    let mut not_found =
        page_view(input, &default.id, "404.html", strings.text("not_found_title"), &BTreeMap::new(), &|_| {
            "404.html".to_owned()
        });
    not_found.kind = "not-found";
    not_found.description = Some(strings.text("not_found_text"));
    // Served at every missing address: it is nobody's alternate.
    not_found.x_default = None;
    output.insert("404.html", render("404.html", Value::from_serializable(&not_found), Vec::new())?);

    // Each page's alternates are already a value: the sitemap shares them.
    let mut entries: Vec<(String, Value)> = pages
        .iter()
        .map(|p| {
            let loc = config.base_url.absolute(p.path.trim_end_matches("index.html"));
            (loc, p.alternates.clone().unwrap_or_else(|| Value::from(Vec::<Value>::new())))
        })
        .collect();
    entries.sort_by(|a, b| a.0.cmp(&b.0));
    let entries: Vec<Value> = entries
        .into_iter()
        .map(|(loc, alternates)| {
            Value::from(BTreeMap::from([("loc".to_owned(), Value::from(loc)), ("alternates".to_owned(), alternates)]))
        })
        .collect();
    output.insert("sitemap.xml", render("sitemap.xml", Value::none(), vec![("entries", Value::from(entries))])?);
    output.insert(
        "robots.txt",
        render("robots.txt", Value::none(), vec![("sitemap", Value::from(config.base_url.absolute("sitemap.xml")))])?,
    );

    for language in &config.languages {
        let strings = input.i18n.get(&language.id);
        let mut cx = Context::new();
        cx.insert("lang_code", language.id.as_str());
        cx.insert("title", &format!("{} · {}", strings.text("feed_title"), config.title(&language.id)));
        cx.insert("self_url", &config.base_url.absolute(&feed_path(language.id.as_str())));
        cx.insert("page_url", &config.base_url.absolute(&paths::status(language.id.as_str())));
        cx.insert("updated", &model.status.as_of.to_string());
        cx.insert("entries", &status::feed_entries(model, strings, &language.id));
        cx.insert("reported_label", &strings.text("reported_label"));
        let xml = input.renderer.render("atom.xml", &cx, "atom.xml").map_err(Failure::single)?;
        output.insert(feed_path(language.id.as_str()), xml);
    }
    let data_file = || Location::file("content/data/signatories.yaml");
    let files = status::open_data(model).map_err(|e| Failure::single(Diagnostic::error("data", data_file(), e)))?;
    for (path, bytes) in files {
        output.insert(path, bytes);
    }
    Ok(output)
}

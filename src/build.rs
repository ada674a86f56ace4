//! The build, as a short list of timed steps: read, load, model, render, search, write.
//! Each step is one function call; problems come back as diagnostics and the
//! previous output is never touched unless every step succeeded.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::{Duration, Instant};

use rayon::prelude::*;

use crate::config::{self, BaseUrl, Config, LangId};
use crate::content::{self, data};
use crate::diag::{Code, Diagnostic, Diagnostics, Failure, Location};
use crate::i18n::I18n;
use crate::markdown::{Highlighter, highlight_css};
use crate::model::SiteModel;
use crate::output::{self, FileSink, MemorySink, SiteOutput};
use crate::render::Renderer;
use crate::render::pages::partial::{self, MarkdownCache};
use crate::render::pages::{self, RenderInput, RenderOptions, RenderStats};
use crate::search::{self, IndexCache, IndexStats};
use crate::source::{self, PageText, Pages, SiteSources};
use crate::theme;

/// What to build and where.
#[derive(Debug, Clone)]
pub struct BuildOptions {
    pub root: PathBuf,
    pub out: PathBuf,
    pub base_url: Option<BaseUrl>,
    /// Write the search index (most of a build's time); off for a quicker build whose
    /// search page finds nothing.
    pub search: bool,
}

/// What a build did, for the closing summary.
#[derive(Debug, Clone, Default)]
pub struct BuildReport {
    pub pages_per_lang: BTreeMap<LangId, usize>,
    /// The search index of each language.
    pub search: BTreeMap<LangId, IndexStats>,
    pub files: usize,
    /// Files written to disk because they differ from the output published before
    /// (0 for an in-memory build, and for a rebuild with nothing changed).
    pub written: usize,
    pub steps: Vec<(&'static str, Duration)>,
    pub warnings: Vec<Diagnostic>,
}

impl BuildReport {
    pub fn total(&self) -> Duration {
        self.steps.iter().map(|(_, d)| *d).sum()
    }
}

/// The site loaded and modelled (kept by `serve` between rebuilds). Its templates are
/// compiled apart ([`compile_templates`]), so that what renders nothing (`accord i18n`,
/// `check`'s rules on the sources) works whatever state the templates are in.
pub struct LoadedSite {
    pub sources: SiteSources,
    pub model: SiteModel,
    pub i18n: Arc<I18n>,
    pub warnings: Vec<Diagnostic>,
}

/// Builds the site into memory, search index included (what `serve` previews).
pub fn build_in_memory(root: &Path, base_url: Option<&BaseUrl>) -> Result<(SiteOutput, BuildReport), Failure> {
    let mut report = BuildReport::default();
    let (loaded, renderer) = read_and_load(root, PageText::Held, base_url, &mut report)?;
    let (mut output, pages_per_lang) = timed(&mut report, "render", || render(&loaded, &renderer))?;
    report.search = timed(&mut report, "search", || index(&loaded, &mut output, None))?;
    report.pages_per_lang = pages_per_lang;
    report.warnings = loaded.warnings;
    report.files = output.files.len();
    Ok((output, report))
}

/// Builds the site and swaps it into `options.out`.
pub fn build(options: &BuildOptions) -> Result<BuildReport, Failure> {
    build_waiting(options, |_| {})
}

/// [`build`]; `on_wait` is told when another build holds the output, which this one then
/// waits for. The lock is taken before the search cache beside the output is read, so
/// the two builds share neither.
///
/// Beyond [`HELD_PAGE_TEXT`], no page's text is held (each is read as it is loaded, and
/// again as it is rendered: [`PageText::OnDemand`]), and each file goes into the staging
/// folder as soon as it is rendered, so that a build's memory does not grow with the site's
/// pages beyond the model.
/// Only when the search index is made are the HTML pages kept too, since Pagefind indexes
/// a language's pages together. A failed step leaves the published output as it was.
pub fn build_waiting(options: &BuildOptions, on_wait: impl FnOnce(&Path)) -> Result<BuildReport, Failure> {
    output::check_output_dir(&options.root, &options.out).map_err(Failure::single)?;
    let lock = output::OutputLock::acquire(&options.out, on_wait)?;
    // Indexes are cached beside the output, like its staging folder (see `output`).
    let cache = IndexCache::new(output::cache_dir(&options.out));
    let mut report = BuildReport::default();
    let pages = PageText::HeldUpTo(HELD_PAGE_TEXT);
    let (loaded, renderer) = read_and_load(&options.root, pages, options.base_url.as_ref(), &mut report)?;
    let writer = output::StagedWriter::open(&options.out, &lock)?;
    let pages = options.search.then(MemorySink::default);
    let sink = KeepingPages { disk: &writer, pages: pages.as_ref() };
    let stats = timed(&mut report, "render", || render_into(&loaded, &renderer, &sink, RenderOptions::default()))?;
    report.pages_per_lang = stats.pages_per_lang;
    report.files = stats.files;
    if let Some(pages) = pages {
        let mut site = pages.into_output();
        let rendered: BTreeSet<String> = site.files.keys().cloned().collect();
        report.search = timed(&mut report, "search", || index(&loaded, &mut site, Some(&cache)))?;
        for (path, bytes) in site.files.into_iter().filter(|(path, _)| !rendered.contains(path)) {
            writer.put(path, bytes).map_err(Failure::single)?;
            report.files += 1;
        }
    }
    let stats = timed(&mut report, "write", || writer.finish())?;
    report.written = stats.written;
    report.warnings = loaded.warnings;
    Ok(report)
}

/// The most page text a build holds: below it, pages are read once and kept (the
/// convention site's 1.7 MB: its unchanged rebuild took 0.27 s so, 0.30 s reading each page
/// again as it is rendered); above it, read on demand (at 100,000 pages, 0.8 GB not held).
const HELD_PAGE_TEXT: u64 = 16 << 20;

/// The staging folder, and a copy of every HTML page when the search index is to be made.
struct KeepingPages<'a> {
    disk: &'a dyn FileSink,
    pages: Option<&'a MemorySink>,
}

impl FileSink for KeepingPages<'_> {
    fn put(&self, path: String, bytes: Vec<u8>) -> Result<(), Diagnostic> {
        if let Some(pages) = self.pages
            && path.ends_with(".html")
        {
            pages.put(path.clone(), bytes.clone())?;
        }
        self.disk.put(path, bytes)
    }
}

/// Reads and loads the site and compiles its templates (timed together as `load`).
fn read_and_load(
    root: &Path,
    pages: PageText,
    base_url: Option<&BaseUrl>,
    report: &mut BuildReport,
) -> Result<(LoadedSite, Renderer), Failure> {
    let sources = timed(report, "read", || source::read_site(root, pages))?;
    timed(report, "load", || {
        let loaded = load(sources, base_url)?;
        let renderer = compile_templates(&loaded)?;
        Ok((loaded, renderer))
    })
}

fn timed<T>(report: &mut BuildReport, step: &'static str, f: impl FnOnce() -> T) -> T {
    let start = Instant::now();
    let value = f();
    report.steps.push((step, start.elapsed()));
    value
}

/// Parses config, data and content and builds the model; the templates are not read
/// here ([`compile_templates`]).
pub fn load(sources: SiteSources, base_url: Option<&BaseUrl>) -> Result<LoadedSite, Failure> {
    let config_path = Path::new(source::CONFIG_FILE);
    let config = config::parse(config_path, &sources.config.text, base_url)?;
    let mut problems = Diagnostics::default();

    let (convention, signatories, titles) = load_data(&sources, &config, &mut problems);
    if sources.pages.is_empty() {
        problems.push(
            Diagnostic::warning(
                Code::Content,
                Location::file("content"),
                "no Markdown pages: the site has only what accord makes from its data (no home page text, \
                 no article summaries)",
            )
            .with_hint(format!(
                "write content/{lang}/_index.md and content/{lang}/convention/chapter-01/article-01.md …",
                lang = config.default_lang
            )),
        );
    }
    let parsed: Vec<Result<content::ContentFile, Diagnostic>> = match &sources.pages {
        Pages::Read(files) => files.par_iter().map(|f| content::parse_page(&f.path, &f.text)).collect(),
        Pages::Listed(paths) => {
            let root: Arc<Path> = Arc::from(sources.root.as_path());
            paths
                .par_iter()
                .map(|rel| source::with_text(&root, rel, |text| content::parse_page_on_demand(rel, text, &root))?)
                .collect()
        }
    };
    let files = problems.keep_ok(parsed);
    for file in &files {
        if let content::PageKind::Page(key) = &file.kind
            && crate::url::paths::RESERVED.iter().any(|r| key == r || key.starts_with(&format!("{r}/")))
        {
            problems.push(
                Diagnostic::error(
                    Code::ContentPath,
                    Location::file(&file.path),
                    format!("`{key}` is a page accord generates itself"),
                )
                .with_hint("rename the file"),
            );
        }
    }
    let (i18n, warnings) = match I18n::load(&config, &sources.strings) {
        Ok(loaded) => (Some(loaded.0), loaded.1),
        Err(f) => {
            problems.extend(f.diagnostics);
            (None, Vec::new())
        }
    };
    let warnings_so_far = problems.finish()?;
    let (Some(convention), Some(signatories), Some(i18n)) = (convention, signatories, i18n) else {
        unreachable!("missing data was reported as an error above");
    };
    let model = SiteModel::build(config, convention, signatories, titles, files)?;
    let mut all_warnings = warnings_so_far;
    all_warnings.extend(warnings);
    Ok(LoadedSite { sources, model, i18n: Arc::new(i18n), warnings: all_warnings })
}

/// Compiles the site's templates over the built-in ones: the template engine that
/// renders `loaded`. A broken template is an error at its file and line.
pub fn compile_templates(loaded: &LoadedSite) -> Result<Renderer, Failure> {
    Renderer::new(&loaded.sources.templates, &loaded.model.config, Arc::clone(&loaded.i18n))
}

type Data = (Option<data::ConventionData>, Option<data::SignatoriesData>, BTreeMap<LangId, data::TitlesData>);

fn load_data(sources: &SiteSources, config: &Config, problems: &mut Diagnostics) -> Data {
    let find = |name: &str| sources.data.iter().find(|f| f.path == Path::new("content/data").join(name));
    let missing = |name: &str| {
        Diagnostic::error(
            Code::Data,
            Location::file(Path::new("content/data").join(name)),
            format!("content/data/{name} is missing"),
        )
        .with_hint("the convention's structure and its participants are data files in content/data/")
    };
    let convention = match find("convention.yaml") {
        // A convention that parsed but failed its checks is still read, so that the files
        // checked against it report their own problems in the same run.
        Some(f) => match data::read_convention(&f.path, &f.text) {
            Ok((convention, found)) => {
                problems.extend(found);
                Some(convention)
            }
            Err(e) => {
                problems.extend(e.diagnostics);
                None
            }
        },
        None => {
            problems.push(missing("convention.yaml"));
            None
        }
    };
    let Some(convention) = convention else {
        return (None, None, BTreeMap::new());
    };
    let signatories = match find("signatories.yaml") {
        Some(f) => {
            data::parse_signatories(&f.path, &f.text, &convention).map_err(|e| problems.extend(e.diagnostics)).ok()
        }
        None => {
            problems.push(missing("signatories.yaml"));
            None
        }
    };
    let mut titles = BTreeMap::new();
    for file in sources.data.iter().filter(|f| f.path.starts_with("content/data/titles")) {
        let code = file.path.file_stem().map(|s| s.to_string_lossy().into_owned()).unwrap_or_default();
        let Some(lang) = config.lang_by_code(&code) else {
            problems.push(Diagnostic::warning(
                Code::Data,
                Location::file(&file.path),
                format!("`{code}` is not one of the site's languages; file ignored"),
            ));
            continue;
        };
        match data::parse_titles(&file.path, &file.text, &convention) {
            Ok(t) => {
                titles.insert(lang.clone(), t);
            }
            Err(e) => problems.extend(e.diagnostics),
        }
    }
    (Some(convention), signatories, titles)
}

/// Adds the search index of every language to a rendered site (`serve` too, so that
/// search works in the preview).
pub fn index(
    loaded: &LoadedSite,
    output: &mut SiteOutput,
    cache: Option<&IndexCache>,
) -> Result<BTreeMap<LangId, IndexStats>, Failure> {
    let languages: Vec<LangId> = loaded.model.config.languages.iter().map(|l| l.id.clone()).collect();
    search::add_index(output, &languages, &loaded.model.config.base_url, cache)
}

/// Renders every page into memory, then adds static files (the site's over the built-in ones).
pub fn render(loaded: &LoadedSite, renderer: &Renderer) -> Result<(SiteOutput, BTreeMap<LangId, usize>), Failure> {
    let sink = MemorySink::default();
    let stats = render_into(loaded, renderer, &sink, RenderOptions::default())?;
    Ok((sink.into_output(), stats.pages_per_lang))
}

/// Every page's Markdown, rendered ahead of the pages (what `check` reads first: the links
/// and images each text has), with the highlighter that rendered it, for the pages to share.
pub struct SiteMarkdown {
    pub pages: MarkdownCache,
    highlighter: Highlighter,
}

/// The Markdown of every page, in every language, or every problem in it once.
pub fn render_markdown(loaded: &LoadedSite, renderer: &Renderer) -> Result<SiteMarkdown, Failure> {
    let highlighter = Highlighter::default();
    let input = RenderInput { model: &loaded.model, i18n: &loaded.i18n, renderer, highlighter: &highlighter };
    let pages = partial::render_markdown_of(&input, |_| true)?;
    Ok(SiteMarkdown { pages, highlighter })
}

/// [`render`] from the Markdown already rendered, keeping the render statistics (where
/// each page came from, for `check`).
pub fn render_with_stats(
    loaded: &LoadedSite,
    renderer: &Renderer,
    markdown: &SiteMarkdown,
) -> Result<(SiteOutput, RenderStats), Failure> {
    let sink = MemorySink::default();
    let options = RenderOptions { origins: true, markdown: Some(&markdown.pages) };
    let stats = render_with(loaded, renderer, &markdown.highlighter, &sink, options)?;
    Ok((sink.into_output(), stats))
}

/// Renders every page into `sink` as each is done, then puts the static files (the site's
/// over the built-in ones) and, when a page has code, its stylesheet: every file once.
pub fn render_into(
    loaded: &LoadedSite,
    renderer: &Renderer,
    sink: &dyn FileSink,
    options: RenderOptions<'_>,
) -> Result<RenderStats, Failure> {
    render_with(loaded, renderer, &Highlighter::default(), sink, options)
}

fn render_with(
    loaded: &LoadedSite,
    renderer: &Renderer,
    highlighter: &Highlighter,
    sink: &dyn FileSink,
    options: RenderOptions<'_>,
) -> Result<RenderStats, Failure> {
    let input = RenderInput { model: &loaded.model, i18n: &loaded.i18n, renderer, highlighter };
    let mut stats = pages::render_site(&input, sink, options)?;
    let mut statics: BTreeMap<String, Vec<u8>> =
        theme::STATIC.iter().map(|(name, text)| ((*name).to_owned(), text.as_bytes().to_vec())).collect();
    for file in &loaded.sources.static_files {
        statics.insert(file.path.to_string_lossy().replace('\\', "/"), file.bytes.clone());
    }
    if stats.has_code && !statics.contains_key("syntax.css") {
        statics.insert("syntax.css".to_owned(), highlight_css().into_bytes());
    }
    stats.files += statics.len();
    for (path, bytes) in statics {
        sink.put(path, bytes).map_err(Failure::single)?;
    }
    Ok(stats)
}

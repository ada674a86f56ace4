//! The site as `serve` keeps it between rebuilds, and the rebuild itself: each batch
//! of changes is turned into the least work that gives the same site a full build
//! would.
//!
//! | change | work |
//! | --- | --- |
//! | the body of a content file | re-read and re-parse that file, re-render its Markdown, then only its page in every language, the whole-convention page where it shows and, if a translation's state changed, the translation status pages |
//! | a static file (changed or added) | re-read that file; nothing is rendered |
//! | a template | re-parse the templates; render the pages open in a browser first, then every page, from the loaded model |
//! | front matter, a new or removed page, data, config, UI strings, a folder | a full build |
//!
//! The search index of each language whose pages changed is built again with them (of
//! every language after a template change or a full build), so search in the preview
//! finds what the pages say now.
//!
//! A failed rebuild changes nothing: the last good site and model stay, and the changes
//! that failed are kept and retried with the next batch, so a fix to the broken file
//! rebuilds with it and a good edit elsewhere never hides a file that is still broken.
//! A changed file is re-read only if it passes the rule `build` applies to symbolic
//! links ([`source::check_inside`]): one that leads out of the site folder, or back into
//! itself, is an error before a byte of it is read.
//!
//! No HTTP and no printing here.

use arcstr::ArcStr;
use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::{Duration, Instant};

use crate::build::{self, LoadedSite};
use crate::config::{BaseUrl, LangId};
use crate::content::{self, ContentFile, PageKey};
use crate::diag::{Code, Diagnostic, Failure, Location};
use crate::markdown::{Highlighter, highlight_css};
use crate::model::TranslationState;
use crate::output::SiteOutput;
use crate::render::Renderer;
use crate::render::pages::RenderInput;
use crate::render::pages::partial::{self, BodyEdit, MarkdownCache};
use crate::search;
use crate::serve::change::{Change, ChangeSet};
use crate::source::{self, StaticFile};

/// Beyond this many edited pages in one batch (a `git checkout`, a search and replace),
/// one full render costs less than a partial render per page.
const MAX_BODY_EDITS: usize = 8;

/// How much a rebuild had to do, from least to most.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum RebuildKind {
    Static,
    PageBody,
    /// The pages open in a browser, ahead of a template rebuild.
    OpenPagesFirst,
    Templates,
    Full,
}

impl RebuildKind {
    pub fn describe(self) -> &'static str {
        match self {
            RebuildKind::Static => "static files",
            RebuildKind::PageBody => "page text",
            RebuildKind::OpenPagesFirst => "templates, open pages first",
            RebuildKind::Templates => "templates",
            RebuildKind::Full => "full build",
        }
    }
}

/// What one successful rebuild did.
#[derive(Debug)]
pub struct Rebuild {
    pub kind: RebuildKind,
    /// The changed sources that caused it, relative to the site root.
    pub sources: Vec<PathBuf>,
    /// Pages that went through a template.
    pub pages_rendered: usize,
    /// Output files whose bytes changed: the new bytes, or `None` for a removed file.
    pub changed: BTreeMap<String, Option<Vec<u8>>>,
    pub warnings: Vec<Diagnostic>,
    pub took: Duration,
}

impl Rebuild {
    /// True when only stylesheets changed: the browser can swap them without a reload.
    pub fn css_only(&self) -> bool {
        !self.changed.is_empty() && self.changed.keys().all(|p| p.ends_with(".css"))
    }
}

/// The last good build of a site and what is needed to rebuild parts of it.
pub struct LiveSite {
    root: PathBuf,
    base_url: BaseUrl,
    /// `None` until a build succeeded.
    loaded: Option<LoadedSite>,
    /// The templates `loaded` was last rendered with; `Some` with it.
    renderer: Option<Renderer>,
    output: SiteOutput,
    /// Every page's Markdown; `None` when a full build made it stale.
    markdown: Option<MarkdownCache>,
    highlighter: Highlighter,
    /// Changes of failed rebuilds, retried with the next batch.
    pending: ChangeSet,
}

/// The outcome of one content file's re-parse.
enum PageUpdate {
    /// Same text as before (an editor saved without changes).
    Unchanged,
    /// The new file and its text (boxed: a file is large next to the other answers).
    Body(Box<ContentFile>, ArcStr),
    /// Front matter, identity or the set of files changed: needs a full build.
    Structural,
}

impl LiveSite {
    /// Builds the site once. The `LiveSite` exists even when the build failed, so the
    /// server can show the error and rebuild when the files are fixed.
    pub fn new(root: &Path, base_url: BaseUrl) -> (LiveSite, Result<Rebuild, Failure>) {
        let mut live = LiveSite {
            root: root.to_path_buf(),
            base_url,
            loaded: None,
            renderer: None,
            output: SiteOutput::default(),
            markdown: None,
            highlighter: Highlighter::default(),
            pending: ChangeSet::new(),
        };
        let result = live.apply(&ChangeSet::from([Change::Config]));
        (live, result)
    }

    /// The last good site (empty until a build succeeded).
    pub fn output(&self) -> &SiteOutput {
        &self.output
    }

    /// Renders every page's Markdown ahead of the first edit, so that edit is fast too.
    pub fn prepare(&mut self) -> Result<(), Failure> {
        self.markdown_cache().map(|_| ())
    }

    /// Rebuilds after `changes`. On failure nothing changes and the changes are kept
    /// for the next call.
    pub fn apply(&mut self, changes: &ChangeSet) -> Result<Rebuild, Failure> {
        self.apply_open_first(changes, &BTreeSet::new(), &mut |_| {})
    }

    /// Like [`apply`](Self::apply), but when every page must be rendered again (a
    /// template changed), the pages at `open` (output paths of the pages open in a
    /// browser) are rendered first and handed to `early`, so they can reload at once;
    /// the rest follow, and the returned rebuild holds what changed after `early`.
    pub fn apply_open_first(
        &mut self,
        changes: &ChangeSet,
        open: &BTreeSet<String>,
        early: &mut dyn FnMut(&Rebuild),
    ) -> Result<Rebuild, Failure> {
        let start = Instant::now();
        let mut all = std::mem::take(&mut self.pending);
        all.extend(changes.iter().cloned());
        let sources: Vec<PathBuf> = all.iter().map(|c| c.path().to_path_buf()).collect();
        let mut first = |mut rebuild: Rebuild| {
            rebuild.sources = sources.clone();
            rebuild.took = start.elapsed();
            early(&rebuild);
        };
        let result = self.rebuild(&all, open, &mut first);
        match result {
            Ok(mut rebuild) => {
                rebuild.sources = sources;
                rebuild.took = start.elapsed();
                Ok(rebuild)
            }
            Err(failure) => {
                self.pending = all;
                Err(failure)
            }
        }
    }

    fn rebuild(
        &mut self,
        changes: &ChangeSet,
        open: &BTreeSet<String>,
        early: &mut dyn FnMut(Rebuild),
    ) -> Result<Rebuild, Failure> {
        if self.loaded.is_none() {
            return self.full();
        }
        let mut pages = Vec::new();
        let mut templates = false;
        let mut statics = Vec::new();
        for change in changes {
            match change {
                Change::Page(p) => pages.push(p.clone()),
                Change::Template(_) => templates = true,
                Change::Static(p) => statics.push(p.clone()),
                Change::Config | Change::Data(_) | Change::Strings(_) | Change::Structure(_) => {
                    return self.full();
                }
            }
        }
        if !statics.iter().all(|p| self.root.join(p).is_file()) {
            // A removed static file may uncover a built-in one: let the full build decide.
            return self.full();
        }
        let mut rebuild = match (pages.is_empty(), templates) {
            (true, false) => empty_rebuild(RebuildKind::Static),
            (false, false) => match self.page_bodies(&pages)? {
                Some(mut rebuild) => {
                    self.reindex(&mut rebuild)?;
                    rebuild
                }
                None => return self.full(),
            },
            (true, true) => self.templates(open, early)?,
            (false, true) => return self.full(),
        };
        for rel in &statics {
            self.static_file(rel, &mut rebuild)?;
        }
        Ok(rebuild)
    }

    /// Read, load, render: everything from the files on disk.
    fn full(&mut self) -> Result<Rebuild, Failure> {
        let sources = source::read_site(&self.root, source::PageText::Held)?;
        let loaded = build::load(sources, Some(&self.base_url))?;
        let renderer = build::compile_templates(&loaded)?;
        let (mut output, pages) = build::render(&loaded, &renderer)?;
        build::index(&loaded, &mut output, None)?;
        let mut rebuild = empty_rebuild(RebuildKind::Full);
        rebuild.pages_rendered = pages.values().sum();
        rebuild.warnings = loaded.warnings.clone();
        rebuild.changed = diff(&self.output, &output);
        self.output = output;
        self.loaded = Some(loaded);
        self.renderer = Some(renderer);
        self.markdown = None;
        Ok(rebuild)
    }

    /// New templates over the loaded model: every page is rendered again, nothing is re-read
    /// but `templates/`.
    fn templates(&mut self, open: &BTreeSet<String>, early: &mut dyn FnMut(Rebuild)) -> Result<Rebuild, Failure> {
        let templates = source::read_templates(&self.root)?;
        if !open.is_empty() {
            self.markdown_cache()?;
        }
        let loaded = self.loaded.as_mut().expect("checked by rebuild");
        // Kept only once every page rendered with it: a failure leaves the old ones.
        let renderer = Renderer::new(&templates, &loaded.model.config, Arc::clone(&loaded.i18n))?;
        if let Some(markdown) = self.markdown.as_ref().filter(|_| !open.is_empty()) {
            let input = render_input(loaded, &renderer, &self.highlighter);
            let pages = partial::render_paths(&input, markdown, open)?;
            let mut first = empty_rebuild(RebuildKind::OpenPagesFirst);
            first.pages_rendered = pages.len();
            for (path, html) in pages {
                if self.output.get(&path) != Some(html.as_slice()) {
                    first.changed.insert(path.clone(), Some(html.clone()));
                    self.output.insert(path, html);
                }
            }
            early(first);
        }
        let (mut output, pages) = build::render(loaded, &renderer)?;
        build::index(loaded, &mut output, None)?;
        loaded.sources.templates = templates;
        self.renderer = Some(renderer);
        let mut rebuild = empty_rebuild(RebuildKind::Templates);
        rebuild.pages_rendered = pages.values().sum();
        rebuild.changed = diff(&self.output, &output);
        self.output = output;
        Ok(rebuild)
    }

    /// Indexes again the languages whose pages changed, so search finds what they now say.
    fn reindex(&mut self, rebuild: &mut Rebuild) -> Result<(), Failure> {
        let Some(loaded) = self.loaded.as_ref() else { return Ok(()) };
        let languages: Vec<LangId> = loaded
            .model
            .config
            .languages
            .iter()
            .filter(|l| {
                let prefix = format!("{}/", l.id);
                rebuild.changed.keys().any(|p| p.starts_with(&prefix) && p.ends_with(".html"))
            })
            .map(|l| l.id.clone())
            .collect();
        if languages.is_empty() {
            return Ok(());
        }
        let bundle = format!("{}/", search::BUNDLE_DIR);
        let index_files = |output: &SiteOutput| -> SiteOutput {
            SiteOutput {
                files: output
                    .files
                    .iter()
                    .filter(|(p, _)| p.starts_with(&bundle))
                    .map(|(p, b)| (p.clone(), b.clone()))
                    .collect(),
            }
        };
        let before = index_files(&self.output);
        search::add_index(&mut self.output, &languages, &loaded.model.config.base_url, None)?;
        rebuild.changed.extend(diff(&before, &index_files(&self.output)));
        Ok(())
    }

    /// Body edits of existing pages; `None` when any edit needs a full build.
    fn page_bodies(&mut self, pages: &[PathBuf]) -> Result<Option<Rebuild>, Failure> {
        let mut edits = Vec::new();
        for rel in pages {
            match self.read_page(rel)? {
                PageUpdate::Unchanged => {}
                PageUpdate::Body(file, text) => edits.push((*file, text)),
                PageUpdate::Structural => return Ok(None),
            }
        }
        if edits.len() > MAX_BODY_EDITS {
            return Ok(None);
        }
        let mut rebuild = empty_rebuild(RebuildKind::PageBody);
        if edits.is_empty() {
            return Ok(Some(rebuild));
        }
        self.markdown_cache()?;
        let loaded = self.loaded.as_mut().expect("checked by rebuild");
        let mut markdown = self.markdown.take().expect("filled just above");

        // Put the new files into the model, keeping the old ones to roll back.
        let mut previous = Vec::new();
        let mut states_before = BTreeMap::new();
        let mut texts = Vec::new();
        for (file, text) in edits {
            texts.push((file.path.clone(), text));
            let lang = lang_of(loaded, &file);
            states_before.insert(file.key.clone(), states(loaded, &file.key));
            let slot = loaded
                .model
                .files
                .get_mut(&file.key)
                .and_then(|t| t.get_mut(&lang))
                .expect("read_page checked that the page exists");
            previous.push((lang, std::mem::replace(slot, Box::new(file))));
        }
        let renderer = self.renderer.as_ref().expect("set with loaded");
        let rendered = render_edits(loaded, renderer, &self.highlighter, &mut markdown, &previous, &states_before);
        match rendered {
            Ok(html) => {
                rebuild.pages_rendered = html.len();
                for (path, page) in html {
                    if self.output.get(&path) != Some(page.as_slice()) {
                        rebuild.changed.insert(path.clone(), Some(page.clone()));
                        self.output.insert(path, page);
                    }
                }
                for (path, text) in texts {
                    if let source::Pages::Read(pages) = &mut loaded.sources.pages
                        && let Some(source) = pages.iter_mut().find(|s| s.path == path)
                    {
                        source.text = text;
                    }
                }
                sync_syntax_css(loaded, &markdown, &mut self.output, &mut rebuild);
                self.markdown = Some(markdown);
                Ok(Some(rebuild))
            }
            Err(failure) => {
                for (lang, old) in previous {
                    if let Some(slot) = loaded.model.files.get_mut(&old.key).and_then(|t| t.get_mut(&lang)) {
                        *slot = old;
                    }
                }
                // The Markdown of the edited pages is now that of the failed text.
                self.markdown = None;
                Err(failure)
            }
        }
    }

    /// Re-reads one content file and says how it changed.
    fn read_page(&self, rel: &Path) -> Result<PageUpdate, Failure> {
        if !self.root.join(rel).is_file() {
            return Ok(PageUpdate::Structural);
        }
        // Before reading: a parse error would quote a line of whatever the link leads to.
        source::check_inside(&self.root, rel)?;
        let text = source::read_text(&self.root, rel)?.text;
        let file = content::parse_page(rel, &text)?;
        let loaded = self.loaded.as_ref().expect("checked by rebuild");
        let Some(lang) = loaded.model.config.lang_by_code(&file.lang) else {
            return Ok(PageUpdate::Structural);
        };
        let Some(old) = loaded.model.files.get(&file.key).and_then(|t| t.get(lang)) else {
            return Ok(PageUpdate::Structural);
        };
        if old.path != file.path || old.kind != file.kind || old.front != file.front {
            return Ok(PageUpdate::Structural);
        }
        if old.body == file.body && old.body_line == file.body_line {
            return Ok(PageUpdate::Unchanged);
        }
        Ok(PageUpdate::Body(Box::new(file), text))
    }

    /// Re-reads a changed or added static file into the output.
    fn static_file(&mut self, rel: &Path, rebuild: &mut Rebuild) -> Result<(), Failure> {
        source::check_inside(&self.root, rel)?;
        let bytes = std::fs::read(self.root.join(rel)).map_err(|e| {
            Failure::single(Diagnostic::error(Code::Io, Location::file(rel), format!("cannot read file: {e}")))
        })?;
        let path = rel.strip_prefix("static").unwrap_or(rel).to_path_buf();
        let file = StaticFile { path, bytes };
        let loaded = self.loaded.as_mut().expect("checked by rebuild");
        let files = &mut loaded.sources.static_files;
        match files.binary_search_by(|f| f.path.cmp(&file.path)) {
            Ok(i) => files[i] = file.clone(),
            Err(i) => files.insert(i, file.clone()),
        }
        let out = output_path(&file.path);
        if self.output.get(&out) != Some(file.bytes.as_slice()) {
            rebuild.changed.insert(out.clone(), Some(file.bytes.clone()));
            self.output.insert(out, file.bytes);
        }
        Ok(())
    }

    /// Every page's Markdown, rendered now if a full build made it stale.
    fn markdown_cache(&mut self) -> Result<&MarkdownCache, Failure> {
        if self.markdown.is_none() {
            let loaded = self.loaded.as_ref().expect("checked by rebuild");
            let renderer = self.renderer.as_ref().expect("set with loaded");
            let input = render_input(loaded, renderer, &self.highlighter);
            self.markdown = Some(partial::render_markdown_of(&input, |_| true)?);
        }
        Ok(self.markdown.as_ref().expect("filled just above"))
    }
}

/// Re-renders the Markdown of the edited pages, then the pages their edits change.
/// `previous` holds (language, old file) for each edit; the model holds the new files.
fn render_edits(
    loaded: &LoadedSite,
    renderer: &Renderer,
    highlighter: &Highlighter,
    markdown: &mut MarkdownCache,
    previous: &[(LangId, Box<ContentFile>)],
    states_before: &BTreeMap<PageKey, BTreeMap<LangId, TranslationState>>,
) -> Result<Vec<(String, Vec<u8>)>, Failure> {
    let input = render_input(loaded, renderer, highlighter);
    let keys: BTreeSet<&PageKey> = previous.iter().map(|(_, f)| &f.key).collect();
    let fresh = partial::render_markdown_of(&input, |v| keys.contains(v.key))?;
    markdown.extend(fresh);
    let mut pages = BTreeMap::new();
    for (lang, old) in previous {
        let new = &loaded.model.files[&old.key][lang];
        let edit = BodyEdit {
            key: &old.key,
            file: &new.path,
            states_changed: states_before.get(&old.key) != Some(&states(loaded, &old.key)),
        };
        pages.extend(partial::render_body_edit(&input, markdown, &edit)?);
    }
    Ok(pages.into_iter().collect())
}

/// Adds or removes the code stylesheet as a full build would.
fn sync_syntax_css(loaded: &LoadedSite, markdown: &MarkdownCache, output: &mut SiteOutput, rebuild: &mut Rebuild) {
    const NAME: &str = "syntax.css";
    if loaded.sources.static_files.iter().any(|f| f.path == Path::new(NAME)) {
        return;
    }
    let has_code = markdown.values().any(|r| r.has_code);
    if has_code && output.get(NAME).is_none() {
        let css = highlight_css();
        rebuild.changed.insert(NAME.to_owned(), Some(css.clone().into_bytes()));
        output.insert(NAME, css);
    } else if !has_code && output.files.remove(NAME).is_some() {
        rebuild.changed.insert(NAME.to_owned(), None);
    }
}

fn render_input<'a>(loaded: &'a LoadedSite, renderer: &'a Renderer, highlighter: &'a Highlighter) -> RenderInput<'a> {
    RenderInput { model: &loaded.model, i18n: &loaded.i18n, renderer, highlighter }
}

fn lang_of(loaded: &LoadedSite, file: &ContentFile) -> LangId {
    loaded.model.config.lang_by_code(&file.lang).cloned().expect("read_page checked the language")
}

/// The translation state of a page in every language.
fn states(loaded: &LoadedSite, key: &PageKey) -> BTreeMap<LangId, TranslationState> {
    loaded
        .model
        .config
        .languages
        .iter()
        .filter_map(|l| loaded.model.variant_of(&l.id, key).map(|v| (l.id.clone(), v.state)))
        .collect()
}

fn empty_rebuild(kind: RebuildKind) -> Rebuild {
    Rebuild {
        kind,
        sources: Vec::new(),
        pages_rendered: 0,
        changed: BTreeMap::new(),
        warnings: Vec::new(),
        took: Duration::ZERO,
    }
}

/// Output files that differ between two builds.
fn diff(old: &SiteOutput, new: &SiteOutput) -> BTreeMap<String, Option<Vec<u8>>> {
    let mut changed = BTreeMap::new();
    for (path, bytes) in &new.files {
        if old.files.get(path) != Some(bytes) {
            changed.insert(path.clone(), Some(bytes.clone()));
        }
    }
    for path in old.files.keys() {
        if !new.files.contains_key(path) {
            changed.insert(path.clone(), None);
        }
    }
    changed
}

fn output_path(static_rel: &Path) -> String {
    static_rel.to_string_lossy().replace('\\', "/")
}

//! The search index: the built pages of each language indexed with Pagefind and added to
//! the output under `pagefind/`, so that search runs in the reader's browser with no
//! server, downloading only the index fragments a query needs.
//!
//! This module only reads rendered HTML and writes index files. What is indexed, and how
//! much each part weighs, is said by `data-pagefind-*` attributes in the templates; the
//! search page and its script are part of the theme. Pagefind's API is async: it runs here
//! on a small runtime of its own, shared by the languages, which are indexed in parallel on
//! rayon's threads. Callers stay synchronous, and may be async themselves: no runtime is
//! entered on the calling thread.
//!
//! Each language gets an index of its own, built from the pages under `<lang>/` only, with
//! every element whose `lang` is another language left out. A page shown in English
//! because it is not translated yet therefore adds its (translated) title to the French
//! index but none of its English text; the template marks it so results can say so.

use std::borrow::Cow;
use std::collections::BTreeMap;
use std::fmt;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Mutex, TryLockError};

use pagefind::api::{PagefindIndex, SyntheticFile};
use pagefind::options::PagefindServiceConfig;

use crate::config::LangId;
use crate::diag::{Code, Diagnostic, Diagnostics, Failure, Location};
use crate::output::SiteOutput;
use crate::url::{BaseUrl, SitePath};

mod cache;

pub use cache::IndexCache;
use cache::cache_key;

/// The output folder of the index and of Pagefind's search script.
pub const BUNDLE_DIR: &str = "pagefind";

/// The file that lists each language's index; written once for all languages.
const ENTRY_FILE: &str = "pagefind-entry.json";

/// Pagefind's ready-made search interfaces and its on-page highlighter: the theme has its
/// own small interface (`search.js`), so these would be dead weight in the output.
const UNUSED: &[&str] = &[
    "pagefind-ui.js",
    "pagefind-ui.css",
    "pagefind-modular-ui.js",
    "pagefind-modular-ui.css",
    "pagefind-component-ui.js",
    "pagefind-component-ui.css",
    "pagefind-highlight.js",
];

/// Held by the index build that uses rayon's own threads: see [`add_index`].
static INDEXING: Mutex<()> = Mutex::new(());

/// One language's index, for the build summary.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct IndexStats {
    /// Pages in the index.
    pub pages: usize,
    /// Bytes of the index itself (metadata, word index chunks, page fragments, filters):
    /// what a reader may download in that language, besides Pagefind's script and wasm.
    pub bytes: usize,
}

/// Indexes the HTML pages of `languages` in `site` and adds the index to it. Run again
/// on the same output (as `serve` does after an edit), it replaces the index of those
/// languages and keeps the others'.
///
/// With a `cache`, a language whose pages are byte for byte those of a cached index gets
/// that index back instead of being indexed again (see [`IndexCache`]).
pub fn add_index(
    site: &mut SiteOutput,
    languages: &[LangId],
    base: &BaseUrl,
    cache: Option<&IndexCache>,
) -> Result<BTreeMap<LangId, IndexStats>, Failure> {
    // One runtime for every language, with as many threads for Pagefind's blocking work as
    // rayon has: the threads (and the memory their allocator already holds) are reused from
    // one page and one language to the next instead of being made anew for each language.
    let runtime = tokio::runtime::Builder::new_current_thread()
        .max_blocking_threads(rayon::current_num_threads().max(1))
        .enable_all()
        .build()
        .map_err(cannot_start)?;
    // Every rayon thread takes the next language until none is left. The languages are not
    // rayon jobs: Pagefind uses rayon inside its async calls, and a thread waiting there
    // for its share of that work could take a pending language job and block on the
    // runtime it is already running ("Cannot start a runtime from within a runtime"). A
    // broadcast job belongs to its thread, so nothing is left to take. For the same
    // reason, a second index built at the same time in the process (tests do) gets a pool
    // of its own rather than sharing rayon's: one build's thread could take the other's
    // job. (A pool of its own for every build would be safe too, but its fresh threads
    // make a build about a tenth slower.)
    let first = match INDEXING.try_lock() {
        Ok(guard) => Some(guard),
        Err(TryLockError::Poisoned(poisoned)) => Some(poisoned.into_inner()),
        Err(TryLockError::WouldBlock) => None,
    };
    let own_pool = match first {
        Some(_) => None,
        None => Some(
            rayon::ThreadPoolBuilder::new()
                .num_threads(rayon::current_num_threads().max(1))
                .build()
                .map_err(cannot_start)?,
        ),
    };
    let site_ref = &*site;
    let next = AtomicUsize::new(0);
    let each_thread = |_: rayon::BroadcastContext<'_>| {
        let mut done = Vec::new();
        loop {
            let i = next.fetch_add(1, Ordering::Relaxed);
            let Some(lang) = languages.get(i) else { return done };
            done.push((i, runtime.block_on(index_cached(site_ref, lang, base, cache))));
        }
    };
    let per_thread = match &own_pool {
        Some(pool) => pool.broadcast(each_thread),
        None => rayon::broadcast(each_thread),
    };
    drop(first);
    let mut built: Vec<(usize, Result<LanguageIndex, Diagnostic>)> = per_thread.into_iter().flatten().collect();
    built.sort_by_key(|(i, _)| *i);
    let built = built.into_iter().map(|(_, result)| result);
    // Dropping a runtime is not allowed inside another one, where a caller may be.
    runtime.shutdown_background();

    let mut problems = Diagnostics::default();
    let per_language = problems.keep_ok(built);
    problems.finish()?;

    let entry_path = format!("{BUNDLE_DIR}/{ENTRY_FILE}");
    let mut entry = match site.get(&entry_path) {
        Some(bytes) => read_entry(bytes).map_err(Failure::single)?,
        None => serde_json::json!({ "languages": {} }),
    };
    let mut stats = BTreeMap::new();
    for (lang, files) in per_language {
        let code = lang.as_str().to_ascii_lowercase();
        site.files.retain(|path, _| !is_index_file_of(path, &code));
        if let Some(all) = entry.get_mut("languages").and_then(serde_json::Value::as_object_mut) {
            all.remove(&code);
        }
        let mut lang_stats = IndexStats::default();
        for file in files {
            let name = file.filename.to_string_lossy().replace('\\', "/");
            if name == ENTRY_FILE {
                let own = read_entry(&file.contents).map_err(Failure::single)?;
                lang_stats.pages = merge_entry(&mut entry, own);
                continue;
            }
            if UNUSED.contains(&name.as_str()) {
                continue;
            }
            let path = format!("{BUNDLE_DIR}/{name}");
            if is_index_file_of(&path, &code) {
                lang_stats.bytes += file.contents.len();
            }
            // The script and the wasm files are the same for every language.
            site.files.entry(path).or_insert(file.contents);
        }
        stats.insert(lang, lang_stats);
    }
    site.insert(entry_path, serde_json::to_vec(&entry).map_err(|e| Failure::single(entry_error(&e)))?);
    Ok(stats)
}

/// The error when the indexer's runtime or threads cannot be started.
fn cannot_start(e: impl fmt::Display) -> Failure {
    Failure::single(Diagnostic::error(
        Code::Search,
        Location::file(BUNDLE_DIR),
        format!("cannot start the indexer: {e}"),
    ))
}

/// A language and the files of its index.
type LanguageIndex = (LangId, Vec<SyntheticFile>);

/// The index of one language: from `cache` if it holds one for these very pages, else
/// built (and then stored in `cache`).
async fn index_cached(
    site: &SiteOutput,
    lang: &LangId,
    base: &BaseUrl,
    cache: Option<&IndexCache>,
) -> Result<LanguageIndex, Diagnostic> {
    let pages = pages_to_index(site, lang);
    let key = cache.map(|_| cache_key(lang, &pages));
    if let (Some(cache), Some(key)) = (cache, &key)
        && let Some(files) = cache.load(lang, key)
    {
        return Ok((lang.clone(), files));
    }
    let files = index_language(lang, &pages, base, search_view).await?;
    if let (Some(cache), Some(key)) = (cache, &key) {
        cache.store(lang, key, &files);
    }
    Ok((lang.clone(), files))
}

/// The pages of one language that go into its index, in path order.
fn pages_to_index<'a>(site: &'a SiteOutput, lang: &LangId) -> Vec<(&'a String, &'a Vec<u8>)> {
    let prefix = format!("{}/", lang.as_str());
    // Pages the theme does not mark for search (the search page, the whole convention on one
    // page, the translation matrix) would be parsed by Pagefind only to be dropped: once any
    // page has `data-pagefind-body`, pages without it are left out. Skipping them here gives
    // the same index and saves a fifth of the indexing work. (A site whose templates mark
    // nothing has every page indexed, as Pagefind would.)
    let marked = memchr::memmem::Finder::new(b"data-pagefind-body");
    let all: Vec<(&String, &Vec<u8>)> = site.html_pages().filter(|(path, _)| path.starts_with(&prefix)).collect();
    let pages: Vec<(&String, &Vec<u8>)> =
        all.iter().copied().filter(|(_, bytes)| marked.find(bytes).is_some()).collect();
    if pages.is_empty() { all } else { pages }
}

/// Builds the index of one language from its pages, each handed to Pagefind as `view`
/// gives it (see [`search_view`]).
async fn index_language(
    lang: &LangId,
    pages: &[(&String, &Vec<u8>)],
    base: &BaseUrl,
    view: fn(&str) -> Cow<'_, str>,
) -> Result<Vec<SyntheticFile>, Diagnostic> {
    let code = lang.as_str().to_ascii_lowercase();
    let prefix = format!("{}/", lang.as_str());
    let fail = |path: &str, err: &dyn fmt::Display| {
        Diagnostic::error(
            Code::Search,
            Location::file(path),
            format!("cannot build the search index for `{lang}`: {err:#}"),
        )
    };

    let options = PagefindServiceConfig::builder()
        // The folder a page is in says its language, whatever the page's markup says.
        .force_language(code.clone())
        // Text marked as another language (an untranslated page's English body, English
        // notes on a participant's page) stays out of this language's index.
        .exclude_selectors(vec![format!("[lang]:not([lang|=\"{code}\"])")])
        .build();
    let mut index = PagefindIndex::new(Some(options)).map_err(|e| fail(&prefix, &e))?;
    for (path, bytes) in pages.iter().copied() {
        // The page's link with the base URL's path (`/sub/en/status/`): Pagefind's script
        // joins it to its own `baseUrl`, `/` by default.
        let url = base.link(&SitePath::of_output_file(path));
        let html = view(&String::from_utf8_lossy(bytes)).into_owned();
        index.add_html_file(None, Some(url), html).await.map_err(|e| fail(path, &e))?;
    }
    index.get_files().await.map_err(|e| fail(&prefix, &e))
}

/// What Pagefind needs to read of a page whose searchable part is its `<main>`: the
/// `<html>` and `<body>` tags, the `<title>` and the `<main>` element, without the head's
/// links and metadata, the site header and the footer, which are half of a typical page's
/// bytes and none of its index. The index comes out byte for byte the same (a test
/// compares both on the whole convention site) and Pagefind has about half the HTML to
/// parse.
///
/// The page is passed whole unless nothing outside `<main>` can change its entry: the one
/// `<main>` holds `data-pagefind-body`, no `data-pagefind-*` attribute is outside it (meta,
/// filters and sort keys count wherever they are), no `<h1>` comes before it (Pagefind takes
/// the first `<h1>` as the title) and no `<img>` after it (nor the first image after it).
fn search_view(html: &str) -> Cow<'_, str> {
    const MAIN_END: &str = "</main>";
    let whole = Cow::Borrowed(html);
    let (Some(start), Some(end)) = (html.find("<main"), html.rfind(MAIN_END)) else { return whole };
    if end < start {
        return whole;
    }
    let end = end + MAIN_END.len();
    let (before, main, after) = (&html[..start], &html[start..end], &html[end..]);
    if main[1..].contains("<main")
        || !main.contains("data-pagefind-body")
        || before.contains("data-pagefind")
        || after.contains("data-pagefind")
        || before.contains("<h1")
        || after.contains("<img")
    {
        return whole;
    }
    let start_tag = |name: &str| {
        let at = before.find(name)?;
        Some(&before[at..at + before[at..].find('>')? + 1])
    };
    let title = before.find("<title").and_then(|at| {
        let len = before[at..].find("</title>")? + "</title>".len();
        Some(&before[at..at + len])
    });
    let (Some(html_tag), Some(body_tag)) = (start_tag("<html"), start_tag("<body")) else { return whole };
    Cow::Owned(format!("{html_tag}<head>{}</head>{body_tag}{main}</body></html>", title.unwrap_or_default()))
}

/// Whether `path` is part of the index of language `code` (metadata, word index chunks,
/// page fragments, filters), as opposed to the script and the wasm files. Pagefind names
/// these files after their language: `pagefind/index/fr_1a2b3c4.pf_index`.
fn is_index_file_of(path: &str, code: &str) -> bool {
    ["pagefind.", "index/", "fragment/", "filter/"].iter().any(|folder| {
        path.strip_prefix(BUNDLE_DIR)
            .and_then(|p| p.strip_prefix('/'))
            .and_then(|p| p.strip_prefix(folder))
            .and_then(|p| p.strip_prefix(code))
            .is_some_and(|p| p.starts_with('_'))
    })
}

fn read_entry(bytes: &[u8]) -> Result<serde_json::Value, Diagnostic> {
    serde_json::from_slice(bytes).map_err(|e| entry_error(&e))
}

fn entry_error(e: &serde_json::Error) -> Diagnostic {
    Diagnostic::error(
        Code::Search,
        Location::file(format!("{BUNDLE_DIR}/{ENTRY_FILE}")),
        format!("Pagefind's entry file cannot be read or written: {e}"),
    )
}

/// Adds the languages of one language's entry file to the site's; returns its page count.
fn merge_entry(site: &mut serde_json::Value, own: serde_json::Value) -> usize {
    let languages = own.get("languages").and_then(serde_json::Value::as_object).cloned().unwrap_or_default();
    let pages = languages.values().filter_map(|l| l.get("page_count").and_then(serde_json::Value::as_u64)).sum::<u64>();
    // Everything but the list of languages (version, extra characters) is the same for all.
    let mut merged = own;
    let mut all = site.get("languages").and_then(serde_json::Value::as_object).cloned().unwrap_or_default();
    all.extend(languages);
    merged["languages"] = serde_json::Value::Object(all);
    *site = merged;
    pages as usize
}

#[cfg(test)]
mod tests;

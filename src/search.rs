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
use std::path::PathBuf;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Mutex, TryLockError};

use pagefind::api::{PagefindIndex, SyntheticFile};
use pagefind::options::PagefindServiceConfig;

use crate::config::LangId;
use crate::diag::{Code, Diagnostic, Diagnostics, Failure, Location};
use crate::output::SiteOutput;
use crate::url::{BaseUrl, SitePath};

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

/// Indexes kept between builds, one file per language: the key of the pages it was built
/// from, and the files Pagefind made of them. Indexing is most of the time of a build; a
/// rebuild after an edit indexes again only the languages whose pages changed. Anything
/// wrong with the cache (missing, unreadable, from another version) just means indexing.
#[derive(Debug, Clone)]
pub struct IndexCache {
    dir: PathBuf,
}

/// The first bytes of a cache file: which format follows. Any other file (from a version
/// of accord that wrote bincode, or before this header) is ignored rather than misread;
/// a change to [`CachedIndex`] or to the encoding must change the number.
const CACHE_FORMAT: &[u8] = b"accord search cache 2 postcard\n";

#[derive(serde::Serialize, serde::Deserialize)]
struct CachedIndex {
    key: String,
    files: Vec<(String, Vec<u8>)>,
}

/// What [`CachedIndex`] reads back, written from borrowed bytes (same encoding), so that
/// saving an index does not copy it.
#[derive(serde::Serialize)]
struct CachedIndexRef<'a> {
    key: &'a str,
    files: Vec<(String, &'a [u8])>,
}

impl IndexCache {
    pub fn new(dir: impl Into<PathBuf>) -> Self {
        IndexCache { dir: dir.into() }
    }

    fn path(&self, lang: &LangId) -> PathBuf {
        self.dir.join(format!("search-{}.bin", lang.as_str()))
    }

    fn load(&self, lang: &LangId, key: &str) -> Option<Vec<SyntheticFile>> {
        let bytes = std::fs::read(self.path(lang)).ok()?;
        let cached = decode_cache(&bytes)?;
        (cached.key == key).then(|| {
            cached
                .files
                .into_iter()
                .map(|(name, contents)| SyntheticFile { filename: PathBuf::from(name), contents })
                .collect()
        })
    }

    /// Saves an index, replacing the language's previous one whole (written aside, then
    /// renamed) so that an interrupted build never leaves half a file to be read.
    fn store(&self, lang: &LangId, key: &str, files: &[SyntheticFile]) {
        let cached = CachedIndexRef {
            key,
            files: files.iter().map(|f| (f.filename.to_string_lossy().into_owned(), f.contents.as_slice())).collect(),
        };
        let Ok(bytes) = postcard::to_extend(&cached, CACHE_FORMAT.to_vec()) else { return };
        let target = self.path(lang);
        let partial = target.with_extension("bin.partial");
        let saved = std::fs::create_dir_all(&self.dir)
            .and_then(|()| std::fs::write(&partial, bytes))
            .and_then(|()| std::fs::rename(&partial, &target));
        if saved.is_err() {
            let _ = std::fs::remove_file(&partial);
        }
    }
}

/// A cache file's index, if the file is one of this format.
fn decode_cache(bytes: &[u8]) -> Option<CachedIndex> {
    postcard::from_bytes(bytes.strip_prefix(CACHE_FORMAT)?).ok()
}

/// What an index depends on: the versions of accord and Pagefind, the language (which
/// sets Pagefind's options) and every indexed page, path and bytes.
fn cache_key(lang: &LangId, pages: &[(&String, &Vec<u8>)]) -> String {
    let mut hasher = blake3::Hasher::new();
    for part in [env!("CARGO_PKG_VERSION"), env!("ACCORD_PAGEFIND_VERSION"), lang.as_str()] {
        hasher.update(&(part.len() as u64).to_le_bytes());
        hasher.update(part.as_bytes());
    }
    for (path, bytes) in pages {
        hasher.update(&(path.len() as u64).to_le_bytes());
        hasher.update(path.as_bytes());
        hasher.update(&(bytes.len() as u64).to_le_bytes());
        hasher.update(bytes);
    }
    hasher.finalize().to_hex().to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lang(code: &str) -> LangId {
        LangId::parse(code).unwrap()
    }

    fn root() -> BaseUrl {
        BaseUrl::parse("https://example.org/").unwrap()
    }

    /// Every page URL the index of the output's fragments holds.
    fn indexed_urls(out: &SiteOutput) -> Vec<String> {
        use std::io::Read;
        let mut urls = Vec::new();
        for (path, bytes) in out.files.iter().filter(|(p, _)| p.ends_with(".pf_fragment")) {
            let mut text = String::new();
            flate2::read::GzDecoder::new(bytes.as_slice()).read_to_string(&mut text).unwrap();
            let json = &text[text.find('{').unwrap_or_else(|| panic!("{path}: no JSON"))..];
            let fragment: serde_json::Value = serde_json::from_str(json).unwrap();
            urls.push(fragment["url"].as_str().unwrap().to_owned());
        }
        urls
    }

    #[test]
    fn the_index_links_pages_below_the_base_urls_path() {
        let mut out = SiteOutput::default();
        out.insert("fr/a/index.html", page("fr", "Un", "<p>texte</p>"));
        out.insert("fr/index.html", page("fr", "Accueil", "<p>accueil</p>"));
        let base = BaseUrl::parse("https://example.org/sub/").unwrap();
        add_index(&mut out, &[lang("fr")], &base, None).unwrap();
        let mut urls = indexed_urls(&out);
        urls.sort();
        assert_eq!(urls, ["/sub/fr/", "/sub/fr/a/"]);
    }

    fn page(lang: &str, title: &str, body: &str) -> Vec<u8> {
        format!(
            "<!DOCTYPE html><html lang=\"{lang}\"><head><title>{title}</title></head>\
             <body><main data-pagefind-body><h1>{title}</h1>{body}</main></body></html>"
        )
        .into_bytes()
    }

    fn site() -> SiteOutput {
        let mut site = SiteOutput::default();
        site.insert(
            "en/convention/article-37/index.html",
            page("en", "Extradition", "<p>Extradition between States.</p>"),
        );
        site.insert(
            "fr/convention/article-37/index.html",
            page("fr", "Extradition", "<div lang=\"en\"><p>Untranslated English text.</p></div>"),
        );
        site.insert(
            "fr/convention/article-38/index.html",
            page("fr", "Transfèrement", "<p>Les personnes condamnées.</p>"),
        );
        site.insert("index.html", page("en", "Chooser", ""));
        site
    }

    #[test]
    fn every_language_gets_its_own_index_in_one_bundle() {
        let mut out = site();
        let stats = add_index(&mut out, &[lang("en"), lang("fr")], &root(), None).unwrap();
        assert_eq!(stats[&lang("en")].pages, 1);
        assert_eq!(stats[&lang("fr")].pages, 2);
        assert!(stats[&lang("fr")].bytes > 0);
        let entry: serde_json::Value =
            serde_json::from_slice(out.get("pagefind/pagefind-entry.json").unwrap()).unwrap();
        let languages: Vec<&String> = entry["languages"].as_object().unwrap().keys().collect();
        assert_eq!(languages, ["en", "fr"]);
        assert!(out.get("pagefind/pagefind.js").is_some());
        assert!(out.get("pagefind/wasm.fr.pagefind").is_some());
        assert!(out.get("pagefind/pagefind-ui.js").is_none());
    }

    #[test]
    fn text_in_another_language_stays_out_of_the_index() {
        let mut out = site();
        add_index(&mut out, &[lang("fr")], &root(), None).unwrap();
        let fragments: Vec<String> =
            out.files.iter().filter(|(p, _)| p.ends_with(".pf_fragment")).map(|(_, bytes)| gunzip(bytes)).collect();
        assert_eq!(fragments.len(), 2);
        assert!(fragments.iter().any(|f| f.contains("Transfèrement")));
        assert!(fragments.iter().all(|f| !f.contains("Untranslated")));
    }

    #[test]
    fn the_index_is_the_same_bytes_every_time() {
        let mut one = site();
        let mut two = site();
        add_index(&mut one, &[lang("en"), lang("fr")], &root(), None).unwrap();
        add_index(&mut two, &[lang("fr"), lang("en")], &root(), None).unwrap();
        assert_eq!(one, two);
    }

    #[test]
    fn indexing_one_language_again_gives_what_indexing_all_would() {
        let mut edited = site();
        add_index(&mut edited, &[lang("en"), lang("fr")], &root(), None).unwrap();
        let page = page("fr", "Transfèrement", "<p>Les personnes condamnées et leurs droits.</p>");
        edited.insert("fr/convention/article-38/index.html", page.clone());
        add_index(&mut edited, &[lang("fr")], &root(), None).unwrap();

        let mut fresh = site();
        fresh.insert("fr/convention/article-38/index.html", page);
        add_index(&mut fresh, &[lang("en"), lang("fr")], &root(), None).unwrap();
        assert_eq!(edited.files.keys().collect::<Vec<_>>(), fresh.files.keys().collect::<Vec<_>>());
        assert_eq!(edited, fresh);
    }

    #[test]
    fn a_cached_index_is_used_only_for_the_same_pages() {
        let tmp = tempfile::tempdir().unwrap();
        let cache = IndexCache::new(tmp.path());
        let mut fresh = site();
        add_index(&mut fresh, &[lang("en"), lang("fr")], &root(), None).unwrap();

        let mut first = site();
        add_index(&mut first, &[lang("en"), lang("fr")], &root(), Some(&cache)).unwrap();
        assert_eq!(first, fresh);
        let mut second = site();
        add_index(&mut second, &[lang("en"), lang("fr")], &root(), Some(&cache)).unwrap();
        assert_eq!(second, fresh);

        // A cached index is what gets used: one whose key matches is taken as it is ...
        let path = cache.path(&lang("fr"));
        let mut cached = decode_cache(&std::fs::read(&path).unwrap()).unwrap();
        cached.files.push(("marker.txt".into(), b"from the cache".to_vec()));
        std::fs::write(&path, postcard::to_extend(&cached, CACHE_FORMAT.to_vec()).unwrap()).unwrap();
        let mut third = site();
        add_index(&mut third, &[lang("fr")], &root(), Some(&cache)).unwrap();
        assert_eq!(third.get("pagefind/marker.txt"), Some(&b"from the cache"[..]));

        // ... and an edit to a page changes the key, so the language is indexed again.
        let edited = page("fr", "Transfèrement", "<p>Les personnes condamnées et leurs droits.</p>");
        let mut changed = site();
        changed.insert("fr/convention/article-38/index.html", edited.clone());
        add_index(&mut changed, &[lang("fr")], &root(), Some(&cache)).unwrap();
        let mut expected = site();
        expected.insert("fr/convention/article-38/index.html", edited);
        add_index(&mut expected, &[lang("fr")], &root(), None).unwrap();
        assert_eq!(changed, expected);
        assert!(changed.get("pagefind/marker.txt").is_none());
    }

    /// Issue #14: the cache was bincode 1 (unmaintained, RUSTSEC-2025-0141). A file left by
    /// an accord that wrote it, even one for these very pages, is ignored, not misread.
    #[test]
    fn a_cache_file_of_the_bincode_format_is_ignored() {
        let tmp = tempfile::tempdir().unwrap();
        let cache = IndexCache::new(tmp.path());
        let mut fresh = site();
        add_index(&mut fresh, &[lang("fr")], &root(), Some(&cache)).unwrap();
        let path = cache.path(&lang("fr"));
        let mut cached = decode_cache(&std::fs::read(&path).unwrap()).unwrap();
        cached.files.push(("marker.txt".into(), b"from the old cache".to_vec()));
        // bincode 1's encoding: every length a little-endian u64.
        fn put(old: &mut Vec<u8>, bytes: &[u8]) {
            old.extend((bytes.len() as u64).to_le_bytes());
            old.extend(bytes);
        }
        let mut old = Vec::new();
        put(&mut old, cached.key.as_bytes());
        old.extend((cached.files.len() as u64).to_le_bytes());
        for (name, contents) in &cached.files {
            put(&mut old, name.as_bytes());
            put(&mut old, contents);
        }
        std::fs::write(&path, old).unwrap();
        let mut again = site();
        add_index(&mut again, &[lang("fr")], &root(), Some(&cache)).unwrap();
        assert!(again.get("pagefind/marker.txt").is_none());
        assert_eq!(again, fresh);
    }

    #[test]
    fn a_broken_cache_file_means_indexing_again() {
        let tmp = tempfile::tempdir().unwrap();
        let cache = IndexCache::new(tmp.path());
        std::fs::write(cache.path(&lang("en")), b"not an index").unwrap();
        let mut with_cache = site();
        add_index(&mut with_cache, &[lang("en")], &root(), Some(&cache)).unwrap();
        let mut without = site();
        add_index(&mut without, &[lang("en")], &root(), None).unwrap();
        assert_eq!(with_cache, without);
    }

    #[test]
    fn pagefind_reads_only_the_main_element_of_a_page_like_the_themes() {
        let page = "<!DOCTYPE html>\n<html lang=\"fr\" dir=\"ltr\">\n<head>\n<meta charset=\"utf-8\">\
                    <title>Article 5 · Site</title>\n<link rel=\"stylesheet\" href=\"/style.css\">\n</head>\n\
                    <body class=\"kind-article\">\n<header><a href=\"/fr/\">Site</a><nav>…</nav></header>\n\
                    <main id=\"main\" data-pagefind-body><h1>Article 5</h1><p>Texte.</p></main>\n\
                    <footer>Pied de page</footer>\n</body>\n</html>\n";
        assert_eq!(
            search_view(page),
            "<html lang=\"fr\" dir=\"ltr\"><head><title>Article 5 · Site</title></head><body class=\"kind-article\">\
             <main id=\"main\" data-pagefind-body><h1>Article 5</h1><p>Texte.</p></main></body></html>"
        );
    }

    #[test]
    fn a_page_is_passed_whole_when_anything_outside_main_could_count() {
        let page = |head: &str, before: &str, main: &str, after: &str| {
            format!(
                "<html lang=\"en\"><head><title>T</title>{head}</head><body>{before}\
                 <main data-pagefind-body>{main}</main>{after}</body></html>"
            )
        };
        let whole = [
            page("<meta data-pagefind-meta=\"image[content]\" content=\"/a.png\">", "", "<h1>T</h1>", ""),
            page("", "<h1>Site</h1>", "<h1>T</h1>", ""),
            page("", "", "<h1>T</h1>", "<img src=\"/a.png\" alt=\"\">"),
            page("", "", "<h1>T</h1>", "<p data-pagefind-filter=\"kind\">x</p>"),
            page("", "", "<h1>T</h1><main>nested</main>", ""),
            "<html><body><main><h1>No body mark</h1></main></body></html>".to_string(),
            "<html><body><div data-pagefind-body><h1>No main</h1></div></body></html>".to_string(),
        ];
        for html in &whole {
            assert!(matches!(search_view(html), Cow::Borrowed(_)), "trimmed: {html}");
        }
        assert!(matches!(search_view(&page("", "<p>header</p>", "<h1>T</h1>", "<p>footer</p>")), Cow::Owned(_)));
    }

    /// The reason [`search_view`] is safe: on a site in six languages (the multilingual
    /// fixture), every page kind of the theme, the index built from the trimmed pages is
    /// the index built from the whole pages, byte for byte.
    #[test]
    fn the_trimmed_pages_give_the_index_of_the_whole_pages() {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/base/multilingual");
        let loaded = crate::build::load(crate::source::read_site(&root).unwrap(), None).unwrap();
        let renderer = crate::build::compile_templates(&loaded).unwrap();
        let (site, _) = crate::build::render(&loaded, &renderer).unwrap();
        let runtime = tokio::runtime::Builder::new_current_thread().enable_all().build().unwrap();
        let mut trimmed_pages = 0;
        for language in &loaded.model.config.languages {
            let pages = pages_to_index(&site, &language.id);
            trimmed_pages += pages
                .iter()
                .filter(|(_, bytes)| matches!(search_view(std::str::from_utf8(bytes).unwrap()), Cow::Owned(_)))
                .count();
            let index = |view| {
                let mut files = runtime
                    .block_on(index_language(&language.id, &pages, &loaded.model.config.base_url, view))
                    .unwrap();
                files.sort_by(|a, b| a.filename.cmp(&b.filename));
                files
            };
            let trimmed = index(search_view);
            let whole = index(|html| Cow::Borrowed(html));
            assert_eq!(trimmed.len(), whole.len(), "{}", language.id);
            for (a, b) in trimmed.iter().zip(&whole) {
                assert_eq!(a.filename, b.filename, "{}", language.id);
                assert!(a.contents == b.contents, "{}: {:?} differs", language.id, a.filename);
            }
        }
        // Every indexed page of the theme is trimmed (the test would prove nothing otherwise).
        let indexed: usize = loaded.model.config.languages.iter().map(|l| pages_to_index(&site, &l.id).len()).sum();
        assert_eq!(trimmed_pages, indexed);
        runtime.shutdown_background();
    }

    /// `count` small pages in each of the languages `codes`, for the tests of threading.
    fn pages_in(codes: &[&str], count: usize) -> (Vec<LangId>, SiteOutput) {
        let mut site = SiteOutput::default();
        for code in codes {
            for n in 0..count {
                site.insert(format!("{code}/p{n}/index.html"), page(code, &format!("Page {n}"), "<p>Some words.</p>"));
            }
        }
        (codes.iter().map(|code| lang(code)).collect(), site)
    }

    #[test]
    fn several_indexes_built_at_once_do_not_enter_each_others_runtime() {
        // As the tests do: several callers at once, here all from the same rayon pool.
        let codes = ["en", "fr", "es", "ar", "zh", "ru", "vi", "ur"];
        let (languages, site) = pages_in(&codes, 100);
        let pool = rayon::ThreadPoolBuilder::new().num_threads(8).build().unwrap();
        std::thread::scope(|scope| {
            for _ in 0..4 {
                scope.spawn(|| {
                    for _ in 0..3 {
                        let mut out = site.clone();
                        let stats = pool.install(|| add_index(&mut out, &languages, &root(), None)).unwrap();
                        assert_eq!(stats.len(), codes.len());
                    }
                });
            }
        });
    }

    #[test]
    fn many_languages_index_on_many_threads_without_entering_the_runtime_twice() {
        // Pagefind uses rayon inside its async calls. Were languages rayon jobs, a thread
        // waiting there could take another language's job and block on the runtime it is
        // already in: "Cannot start a runtime from within a runtime".
        let codes = ["en", "fr", "es", "ar", "zh", "ru", "vi", "ur", "de", "it", "pt", "ja", "ko", "nl", "pl", "tr"];
        let (languages, site) = pages_in(&codes, 150);
        let pool = rayon::ThreadPoolBuilder::new().num_threads(8).build().unwrap();
        for _ in 0..10 {
            let mut out = site.clone();
            let stats = pool.install(|| add_index(&mut out, &languages, &root(), None)).unwrap();
            assert_eq!(stats.len(), codes.len());
            assert!(stats.values().all(|s| s.pages == 150));
        }
    }

    /// Pagefind's files are gzip streams whose content starts with a `pagefind_dcd` marker.
    fn gunzip(bytes: &[u8]) -> String {
        use std::io::Read;
        let mut text = String::new();
        flate2::read::GzDecoder::new(bytes).read_to_string(&mut text).unwrap();
        text
    }
}

//! The search index's cache: each language's index kept beside the output between builds,
//! keyed by everything it was made from, so that a rebuild indexes again only the languages
//! whose pages changed.

use std::path::PathBuf;

use pagefind::api::SyntheticFile;

use crate::config::LangId;

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
pub(super) const CACHE_FORMAT: &[u8] = b"accord search cache 2 postcard\n";

#[derive(serde::Serialize, serde::Deserialize)]
pub(super) struct CachedIndex {
    pub(super) key: String,
    pub(super) files: Vec<(String, Vec<u8>)>,
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

    pub(super) fn path(&self, lang: &LangId) -> PathBuf {
        self.dir.join(format!("search-{}.bin", lang.as_str()))
    }

    pub(super) fn load(&self, lang: &LangId, key: &str) -> Option<Vec<SyntheticFile>> {
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
    pub(super) fn store(&self, lang: &LangId, key: &str, files: &[SyntheticFile]) {
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
pub(super) fn decode_cache(bytes: &[u8]) -> Option<CachedIndex> {
    postcard::from_bytes(bytes.strip_prefix(CACHE_FORMAT)?).ok()
}

/// What an index depends on: the versions of accord and Pagefind, the language (which
/// sets Pagefind's options) and every indexed page, path and bytes.
pub(super) fn cache_key(lang: &LangId, pages: &[(&String, &Vec<u8>)]) -> String {
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

//! The translators' workflow on disk: `accord i18n stamp` records in each translation
//! which version of its default-language source it was made from (`source_hash:` in its
//! front matter), and `accord i18n status` reports what is translated, stale or missing.
//!
//! Staleness itself is decided in `model`; this module only reads and writes files.

use std::fs;
use std::path::{Path, PathBuf};

use crate::build;
use crate::config::LangId;
use crate::content::PageKey;
use crate::diag::{Diagnostic, Failure, Location};
use crate::model::TranslationState;
use crate::render::pages::translation_matrix;
use crate::source;

/// What `stamp` did to one file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Stamped {
    pub path: PathBuf,
    pub previous: Option<String>,
    pub hash: String,
}

/// Stamps every translation (or those of `only`) with its source's current hash.
/// Files already stamped with the current hash are left alone.
pub fn stamp(root: &Path, only: Option<&str>) -> Result<Vec<Stamped>, Failure> {
    let loaded = build::load(source::read_site(root)?, None)?;
    let model = &loaded.model;
    let default = &model.config.default_lang;
    let mut stamped = Vec::new();
    for translations in model.files.values() {
        let Some(source) = translations.get(default) else { continue };
        for (lang, file) in translations {
            if lang == default || only.is_some_and(|o| o != lang.as_str()) {
                continue;
            }
            if file.front.source_hash.as_deref() == Some(source.source_hash.as_str()) {
                continue;
            }
            let path = root.join(&file.path);
            let text = fs::read_to_string(&path).map_err(|e| io_failure(&file.path, &e))?;
            fs::write(&path, with_source_hash(&text, &source.source_hash)).map_err(|e| io_failure(&file.path, &e))?;
            stamped.push(Stamped {
                path: file.path.clone(),
                previous: file.front.source_hash.clone(),
                hash: source.source_hash.clone(),
            });
        }
    }
    Ok(stamped)
}

fn io_failure(path: &Path, err: &std::io::Error) -> Failure {
    Failure::single(Diagnostic::error("io", Location::file(path), format!("cannot update file: {err}")))
}

/// The file with `source_hash: <hash>` set in its front matter (added, or replaced).
pub fn with_source_hash(text: &str, hash: &str) -> String {
    let line = format!("source_hash: {hash}\n");
    let Some(rest) = text.strip_prefix("---\n") else {
        return format!("---\n{line}---\n{text}");
    };
    let end = rest.find("\n---").map_or(0, |i| i + 1);
    let (front, body) = rest.split_at(end);
    let kept: String = front.split_inclusive('\n').filter(|l| !l.starts_with("source_hash:")).collect();
    format!("---\n{kept}{line}{body}")
}

/// One language's line of the status report.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LanguageReport {
    pub lang: LangId,
    pub translated: usize,
    pub stale: Vec<PageKey>,
    pub missing: Vec<PageKey>,
}

/// Which pages are translated, stale or missing, per language.
pub fn report(root: &Path) -> Result<(usize, Vec<LanguageReport>), Failure> {
    let loaded = build::load(source::read_site(root)?, None)?;
    let matrix = translation_matrix(&loaded.model);
    let reports = loaded
        .model
        .config
        .languages
        .iter()
        .map(|l| {
            let mut report =
                LanguageReport { lang: l.id.clone(), translated: 0, stale: Vec::new(), missing: Vec::new() };
            for (key, cells) in &matrix {
                match cells.iter().find(|(id, _)| id == &l.id).map(|(_, s)| *s) {
                    Some(TranslationState::Source | TranslationState::Translated) => report.translated += 1,
                    Some(TranslationState::Stale) => report.stale.push(key.clone()),
                    _ => report.missing.push(key.clone()),
                }
            }
            report
        })
        .collect();
    Ok((matrix.len(), reports))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stamp_adds_or_replaces_the_hash_and_keeps_everything_else() {
        let added = with_source_hash("---\ntitle: A\n---\nBody\n", "abc");
        assert_eq!(added, "---\ntitle: A\nsource_hash: abc\n---\nBody\n");
        assert_eq!(with_source_hash(&added, "def"), "---\ntitle: A\nsource_hash: def\n---\nBody\n");
        assert_eq!(with_source_hash("Body\n", "abc"), "---\nsource_hash: abc\n---\nBody\n");
    }
}

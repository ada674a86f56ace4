//! The translators' workflow on disk: `accord i18n stamp` records in each translation
//! which version of its default-language source it was made from (`source_hash:` in its
//! front matter), and `accord i18n status` reports what is translated, stale or missing.
//!
//! Staleness itself is decided in `model`; this module only reads and writes files.

use std::fs;
use std::path::{Path, PathBuf};

use crate::build;
use crate::config::{Config, LangId};
use crate::content::PageKey;
use crate::diag::{Code, Diagnostic, Failure, Location};
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

/// `Err` (a usage error) unless `lang` is one of the site's translation languages: the
/// `--lang` of `accord i18n stamp`.
pub fn require_translation_language(config: &Config, lang: &LangId) -> Result<(), Diagnostic> {
    let default = &config.default_lang;
    if config.lang_by_code(lang.as_str()).is_some() && lang != default {
        return Ok(());
    }
    let others: Vec<&str> = config.languages.iter().map(|l| l.id.as_str()).filter(|l| l != &default.as_str()).collect();
    Err(Diagnostic::error(
        Code::Usage,
        Location::file(source::CONFIG_FILE),
        format!("`--lang {lang}`: the site has no translation language `{lang}`"),
    )
    .with_hint(format!("its translations are in: {}", others.join(", "))))
}

/// Stamps every translation (or those of `only`) with its source's current hash.
/// Files already stamped with the current hash are left alone.
pub fn stamp(root: &Path, only: Option<&LangId>) -> Result<Vec<Stamped>, Failure> {
    let loaded = build::load(source::read_site(root, source::PageText::Held)?, None)?;
    let model = &loaded.model;
    let default = &model.config.default_lang;
    if let Some(lang) = only {
        require_translation_language(&model.config, lang)?;
    }
    let mut stamped = Vec::new();
    for translations in model.files.values() {
        let Some(source) = translations.get(default) else { continue };
        for (lang, file) in translations {
            if lang == default || only.is_some_and(|o| o != lang) {
                continue;
            }
            if file.front.source_hash.as_deref() == Some(source.source_hash.as_str()) {
                continue;
            }
            let path = root.join(&file.path);
            let text = fs::read_to_string(&path).map_err(|e| io_failure(&file.path, &e))?;
            replace_file(&path, with_source_hash(&text, &source.source_hash).as_bytes())
                .map_err(|e| io_failure(&file.path, &e))?;
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
    Failure::single(Diagnostic::error(Code::Io, Location::file(path), format!("cannot update file: {err}")))
}

/// Replaces the file at `path` with `bytes` through a temporary file beside it and a
/// rename, so that an interrupted stamp leaves the old file or the new one, never half of
/// one. The file keeps its permissions.
fn replace_file(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    let permissions = fs::metadata(path)?.permissions();
    let mut temporary = tempfile::NamedTempFile::new_in(path.parent().unwrap_or(Path::new(".")))?;
    std::io::Write::write_all(&mut temporary, bytes)?;
    temporary.as_file().set_permissions(permissions)?;
    temporary.as_file().sync_all()?;
    temporary.persist(path).map_err(|e| e.error)?;
    Ok(())
}

/// The file with `source_hash: <hash>` set in its front matter (added, or replaced). A
/// byte-order mark and the file's line endings (CRLF or LF) are kept.
pub fn with_source_hash(text: &str, hash: &str) -> String {
    let (bom, text) = match text.strip_prefix('\u{feff}') {
        Some(rest) => ("\u{feff}", rest),
        None => ("", text),
    };
    let eol = match text.find('\n') {
        Some(i) if text[..i].ends_with('\r') => "\r\n",
        _ => "\n",
    };
    let line = format!("source_hash: {hash}{eol}");
    let Some(rest) = text.strip_prefix("---\n").or_else(|| text.strip_prefix("---\r\n")) else {
        return format!("{bom}---{eol}{line}---{eol}{text}");
    };
    let mut front = String::new();
    let mut lines = rest.split_inclusive('\n');
    for l in lines.by_ref() {
        if l.trim_end() == "---" {
            let body: String = lines.collect();
            return format!("{bom}---{eol}{front}{line}{l}{body}");
        }
        if !l.starts_with("source_hash:") {
            front.push_str(l);
        }
    }
    // Not closed: the build reports that; leave the text as it is.
    format!("{bom}{text}")
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
    let loaded = build::load(source::read_site(root, source::PageText::Held)?, None)?;
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

    #[test]
    fn stamp_keeps_crlf_line_endings_and_a_byte_order_mark() {
        // The bug: a CRLF file, or one with a BOM, got a second front matter prepended,
        // and the next build failed.
        let crlf = "---\r\ntitle: A\r\nsource_hash: old\r\n---\r\nBody\r\n";
        assert_eq!(with_source_hash(crlf, "abc"), "---\r\ntitle: A\r\nsource_hash: abc\r\n---\r\nBody\r\n");
        let bom = "\u{feff}---\ntitle: A\n---\nBody\n";
        assert_eq!(with_source_hash(bom, "abc"), "\u{feff}---\ntitle: A\nsource_hash: abc\n---\nBody\n");
        let both = "\u{feff}---\r\ntitle: A\r\n---\r\nBody\r\n";
        let stamped = with_source_hash(both, "abc");
        assert_eq!(stamped, "\u{feff}---\r\ntitle: A\r\nsource_hash: abc\r\n---\r\nBody\r\n");
        // What was stamped parses as one front matter holding the hash.
        let split = crate::content::split_front_matter(Path::new("a.md"), &stamped).unwrap();
        assert!(split.yaml.unwrap().contains("source_hash: abc"));
        assert_eq!(split.body, "Body\r\n");
    }
}

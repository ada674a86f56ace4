//! Translations: pages not yet translated into a language (published in the default
//! language there), translations made from an older version of their source (stale),
//! and chapter and article titles missing from `content/data/titles/<lang>.yaml`.
//! All are warnings: the site still works, in the default language where text is
//! missing. Missing UI strings are reported while loading (see `i18n`).

use std::collections::BTreeMap;
use std::path::Path;

use crate::build::LoadedSite;
use crate::config::LangId;
use crate::diag::{Code, Diagnostic, Location};
use crate::model::TranslationState;

pub fn check(loaded: &LoadedSite) -> Vec<Diagnostic> {
    let model = &loaded.model;
    let default = &model.config.default_lang;
    let mut out = Vec::new();
    let mut missing: BTreeMap<&Path, Vec<&LangId>> = BTreeMap::new();
    for variant in model.variants() {
        match variant.state {
            TranslationState::Missing => {
                missing.entry(variant.file.path.as_path()).or_default().push(variant.lang);
            }
            TranslationState::Stale => {
                let Some(source) = model.files.get(variant.key).and_then(|t| t.get(default)) else {
                    continue;
                };
                let file = variant.file;
                let (at, message) = match &file.front.source_hash {
                    Some(_) => (
                        file.front_location("source_hash"),
                        format!("stale translation: {} changed since this translation was made", source.path.display()),
                    ),
                    None => (
                        Location::at(&file.path, 1, 1),
                        format!(
                            "translation of {} does not say which version of it it was made from",
                            source.path.display()
                        ),
                    ),
                };
                let warning = Diagnostic::warning(Code::StaleTranslation, at, message).with_hint(format!(
                    "bring it in line with the source, then run `accord i18n stamp --lang {}` (it sets `source_hash: {}`)",
                    variant.lang, source.source_hash
                ));
                out.push(match file.text() {
                    Some(text) => warning.with_source(text),
                    None => warning,
                });
            }
            TranslationState::Source | TranslationState::Translated => {}
        }
    }
    for (path, langs) in missing {
        let names: Vec<&str> = langs.iter().map(|l| l.as_str()).collect();
        out.push(
            Diagnostic::warning(
                Code::MissingTranslation,
                Location::file(path),
                format!("not translated into {}: shown in {default} there", names.join(", ")),
            )
            .with_hint(format!(
                "translate it into content/{}/{}",
                if names.len() == 1 { names[0] } else { "<lang>" },
                path.iter().skip(2).collect::<std::path::PathBuf>().display()
            )),
        );
    }
    out.extend(missing_titles(loaded));
    out
}

/// Chapter and article titles a language lacks (shown in the default language).
fn missing_titles(loaded: &LoadedSite) -> Vec<Diagnostic> {
    let model = &loaded.model;
    let mut out = Vec::new();
    for language in &model.config.languages {
        let lang = &language.id;
        if lang == &model.config.default_lang {
            continue;
        }
        let file = Path::new("content/data/titles").join(format!("{lang}.yaml"));
        let Some(titles) = model.titles.get(lang) else {
            out.push(
                Diagnostic::warning(
                    Code::MissingTranslation,
                    Location::file(&file),
                    format!(
                        "no chapter and article titles in `{lang}`: they are shown in {}",
                        model.config.default_lang
                    ),
                )
                .with_hint(format!("add {} with the titles in {lang}", file.display())),
            );
            continue;
        };
        let chapters: Vec<u32> =
            model.convention.chapters.iter().map(|c| c.number).filter(|n| !titles.chapters.contains_key(n)).collect();
        let articles: Vec<u32> =
            model.convention.articles().map(|(_, a)| a.number).filter(|n| !titles.articles.contains_key(n)).collect();
        let mut parts = Vec::new();
        if !chapters.is_empty() {
            parts.push(format!("chapters {}", ranges(&chapters)));
        }
        if !articles.is_empty() {
            parts.push(format!("articles {}", ranges(&articles)));
        }
        if !parts.is_empty() {
            out.push(Diagnostic::warning(
                Code::MissingTranslation,
                Location::file(&file),
                format!(
                    "titles missing in `{lang}` for {}: shown in {}",
                    parts.join(" and "),
                    model.config.default_lang
                ),
            ));
        }
    }
    out
}

/// `1, 2, 3, 5, 7, 8` → `1–3, 5, 7–8`.
fn ranges(numbers: &[u32]) -> String {
    let mut parts: Vec<String> = Vec::new();
    let mut i = 0;
    while i < numbers.len() {
        let start = numbers[i];
        let mut end = start;
        while i + 1 < numbers.len() && numbers[i + 1] == end + 1 {
            i += 1;
            end = numbers[i];
        }
        parts.push(if start == end { start.to_string() } else { format!("{start}–{end}") });
        i += 1;
    }
    parts.join(", ")
}

#[cfg(test)]
mod tests {
    use super::ranges;

    #[test]
    fn numbers_collapse_into_ranges() {
        assert_eq!(ranges(&[1, 2, 3, 5, 7, 8]), "1–3, 5, 7–8");
        assert_eq!(ranges(&[4]), "4");
    }
}

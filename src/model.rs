//! The site graph: which pages exist in which language, which are translations,
//! which fall back to the default language and which translations are stale; the
//! convention's chapters and articles; and the treaty's status computed from data.
//!
//! Pure: built from parsed files and config, no I/O. Rendering reads this model and
//! never changes it.

use std::collections::BTreeMap;
use std::path::Path;

use crate::config::{Config, LangId};
use crate::content::data::{ConventionData, SignatoriesData, TitlesData};
use crate::content::{ContentFile, PageKey, PageKind};
use crate::diag::{Code, Diagnostic, Diagnostics, Failure, Location};
use crate::status::SiteStatus;

/// How a page in one language relates to its source in the default language.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum TranslationState {
    /// The default language's own page.
    Source,
    /// Translated, and made from the current source.
    Translated,
    /// Translated, but the source changed since (or the translation was never stamped).
    Stale,
    /// Not translated: the default language's text is shown.
    Missing,
}

/// One page of one language, as it will be rendered.
#[derive(Debug, Clone)]
pub struct PageVariant<'a> {
    pub lang: &'a LangId,
    pub key: &'a PageKey,
    pub kind: &'a PageKind,
    /// The file whose text is shown: the translation, or the source when missing.
    pub file: &'a ContentFile,
    /// The language `file` is written in: `lang`, or the default language when missing.
    pub file_lang: &'a LangId,
    pub state: TranslationState,
}

/// A page's files by language. Boxed: a map's node keeps room for eleven values, so a
/// page in one language would otherwise hold ten empty files' worth of memory (about
/// 3 KB a page, a third of a build's peak at 10,000 pages).
pub type Translations = BTreeMap<LangId, Box<ContentFile>>;

/// The whole site, ready to render.
pub struct SiteModel {
    pub config: Config,
    pub convention: ConventionData,
    pub signatories: SignatoriesData,
    pub titles: BTreeMap<LangId, TitlesData>,
    /// Every content file, by page and language.
    pub files: BTreeMap<PageKey, Translations>,
    pub status: SiteStatus,
}

impl SiteModel {
    /// Checks the files against the data (article numbers, chapters, duplicates) and
    /// builds the model. All problems are reported together.
    pub fn build(
        config: Config,
        convention: ConventionData,
        signatories: SignatoriesData,
        titles: BTreeMap<LangId, TitlesData>,
        files: Vec<ContentFile>,
    ) -> Result<SiteModel, Failure> {
        let mut problems = Diagnostics::default();
        let mut by_key: BTreeMap<PageKey, Translations> = BTreeMap::new();
        let mut articles_seen: BTreeMap<(LangId, u32), std::path::PathBuf> = BTreeMap::new();
        for file in files {
            let Some(lang) = config.lang_by_code(&file.lang).cloned() else {
                problems.push(
                    Diagnostic::error(
                        Code::ContentPath,
                        Location::file(&file.path),
                        format!("`{}` is not one of the site's languages", file.lang),
                    )
                    .with_hint("add the language to `languages` in site.yaml, or move the file"),
                );
                continue;
            };
            if let Err(d) = check_against_data(&file, &convention, &mut articles_seen, &lang) {
                problems.push(d);
                continue;
            }
            for (i, related) in file.front.related.iter().enumerate() {
                if !convention.has_article(*related) {
                    problems.push(Diagnostic::error(
                        Code::FrontMatter,
                        file.front_location(&format!("related[{i}]")),
                        format!("`related` lists article {related}, which the convention does not have"),
                    ));
                }
            }
            by_key.entry(file.key.clone()).or_default().insert(lang, Box::new(file));
        }
        // A translation is of a source page: one without it (a renamed or deleted source)
        // would be published with nothing to be checked against.
        for translations in by_key.values().filter(|t| !t.contains_key(&config.default_lang)) {
            for file in translations.values() {
                let source = Path::new("content")
                    .join(config.default_lang.as_str())
                    .join(file.path.components().skip(2).collect::<std::path::PathBuf>());
                problems.push(
                    Diagnostic::error(
                        Code::Translation,
                        Location::file(&file.path),
                        format!("this translation has no source page: {} does not exist", source.display()),
                    )
                    .with_hint("write the source page first, or move this file to the path of the page it translates"),
                );
            }
        }
        problems.finish()?;
        let status = SiteStatus::compute(&convention, &signatories);
        Ok(SiteModel { config, convention, signatories, titles, files: by_key, status })
    }

    /// Every page in every language, in a stable order: by language, then by key.
    pub fn variants(&self) -> Vec<PageVariant<'_>> {
        let mut out = Vec::new();
        for lang in &self.config.languages {
            for (key, translations) in &self.files {
                if let Some(variant) = self.variant(&lang.id, key, translations) {
                    out.push(variant);
                }
            }
        }
        out
    }

    pub fn variant_of<'a>(&'a self, lang: &'a LangId, key: &PageKey) -> Option<PageVariant<'a>> {
        let (key, translations) = self.files.get_key_value(key)?;
        self.variant(lang, key, translations)
    }

    fn variant<'a>(
        &'a self,
        lang: &'a LangId,
        key: &'a PageKey,
        translations: &'a Translations,
    ) -> Option<PageVariant<'a>> {
        let default = &self.config.default_lang;
        let source = translations.get(default);
        let (file, state) = match (translations.get(lang), source) {
            (Some(own), _) if lang == default => (own, TranslationState::Source),
            (Some(own), Some(source)) => {
                let current = own.front.source_hash.as_deref() == Some(source.source_hash.as_str());
                (own, if current { TranslationState::Translated } else { TranslationState::Stale })
            }
            // A page that exists only in this language has nothing to be stale against.
            (Some(own), None) => (own, TranslationState::Translated),
            (None, Some(source)) => (source, TranslationState::Missing),
            (None, None) => return None,
        };
        let file_lang = if state == TranslationState::Missing { default } else { lang };
        Some(PageVariant { lang, key, kind: &file.kind, file, file_lang, state })
    }

    /// The title of an article in a language (falls back to the data's English title).
    pub fn article_title(&self, lang: &LangId, number: u32) -> &str {
        self.titles
            .get(lang)
            .and_then(|t| t.articles.get(&number))
            .map(String::as_str)
            .or_else(|| self.convention.articles().find(|(_, a)| a.number == number).map(|(_, a)| a.title.as_str()))
            .unwrap_or("")
    }

    pub fn chapter_title(&self, lang: &LangId, number: u32) -> &str {
        self.titles
            .get(lang)
            .and_then(|t| t.chapters.get(&number))
            .map(String::as_str)
            .or_else(|| self.convention.chapters.iter().find(|c| c.number == number).map(|c| c.title.as_str()))
            .unwrap_or("")
    }

    pub fn convention_title(&self, lang: &LangId) -> &str {
        self.titles.get(lang).map_or(self.convention.title.short.as_str(), |t| t.convention.as_str())
    }
}

/// An article file must name an article the data has, in the right chapter folder,
/// once per language.
fn check_against_data(
    file: &ContentFile,
    convention: &ConventionData,
    seen: &mut BTreeMap<(LangId, u32), std::path::PathBuf>,
    lang: &LangId,
) -> Result<(), Diagnostic> {
    match &file.kind {
        PageKind::Article { chapter, number } => {
            let Some(owner) = convention.chapter_of(*number) else {
                let last = convention.articles().last().map_or(0, |(_, a)| a.number);
                return Err(Diagnostic::error(
                    Code::ContentPath,
                    Location::file(&file.path),
                    format!("the convention has no article {number}"),
                )
                .with_hint(format!("articles are numbered 1 to {last} in content/data/convention.yaml")));
            };
            if owner.number != *chapter {
                return Err(Diagnostic::error(
                    Code::ContentPath,
                    Location::file(&file.path),
                    format!("article {number} belongs to chapter {}, not chapter {chapter}", owner.number),
                )
                .with_hint(format!("move it to convention/chapter-{:02}/article-{number:02}.md", owner.number)));
            }
            if let Some(previous) = seen.insert((lang.clone(), *number), file.path.clone()) {
                return Err(Diagnostic::error(
                    Code::Duplicate,
                    Location::file(&file.path),
                    format!(
                        "two files for article {number} in `{lang}`: {} and {}",
                        previous.display(),
                        file.path.display()
                    ),
                )
                .with_hint("keep one file per article and language"));
            }
            Ok(())
        }
        PageKind::Chapter(n) if !convention.chapters.iter().any(|c| c.number == *n) => Err(Diagnostic::error(
            Code::ContentPath,
            Location::file(&file.path),
            format!("the convention has no chapter {n}"),
        )),
        _ => Ok(()),
    }
}

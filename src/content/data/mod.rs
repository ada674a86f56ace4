//! The site's data files, typed: `content/data/convention.yaml` (chapters,
//! articles, key dates, the entry-into-force rule), `content/data/signatories.yaml`
//! (one record per participant) and `content/data/titles/<lang>.yaml` (translated
//! chapter and article titles).
//!
//! Parsing reports serde errors with file, line and column; validation then checks
//! what serde cannot (ISO codes, order of dates, article numbers) and points at the
//! key or value it is about, through the file's YAML index (kept with the data as `spans`,
//! for `check`). Computing the treaty's status is not done here (see `model`).

use std::collections::BTreeMap;
use std::path::Path;

use jiff::civil::Date;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

pub use crate::content::participant::ParticipantCode;
pub use crate::content::reported::{ReportedCount, ReportedDate, ReportedEvent, ReportedKind};
use crate::diag::{Code, Diagnostic, Diagnostics, Failure, Location};
use crate::yaml::Index;

mod signatories;

pub use signatories::*;

/// How sure the data is of a fact: `verified` (seen in a source) or `inferred` (from partial
/// sources; to be checked against the official text).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum Confidence {
    #[default]
    Verified,
    Inferred,
}

#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(
    title = "convention.yaml",
    description = "The structure and key facts of a convention: content/data/convention.yaml."
)]
pub struct ConventionData {
    pub title: ConventionTitle,
    pub adopted: Adoption,
    /// The negotiated draft the adopted text came from, where there was one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub negotiated_draft: Option<DatedDocument>,
    /// Who keeps the treaty and receives the instruments (e.g. the Secretary-General of the United Nations).
    pub depositary: String,
    /// The depositary's reference for the treaty, where it has one (e.g. the chapter and number in the UN Treaty Collection).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub treaty_collection_id: Option<String>,
    /// The address of the authentic text; `{lang}` is replaced by one of `authentic_languages`.
    pub official_text_url: String,
    pub signature: SignaturePeriod,
    /// The languages whose texts are equally authentic (language codes).
    pub authentic_languages: Vec<String>,
    /// How sure the data is of `authentic_languages`, where it says.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub authentic_languages_confidence: Option<Confidence>,
    pub entry_into_force: EntryIntoForceData,
    /// Provisions a State may declare it will not be bound by.
    #[serde(default)]
    pub opt_outs: Vec<OptOut>,
    /// Where the facts in this file come from (URLs).
    pub sources: Vec<String>,
    /// The chapters, numbered 1, 2, 3 …, each with its articles, numbered on from the last chapter's.
    pub chapters: Vec<ChapterData>,
    /// Where each key and value is written in the file, for checks made after reading it.
    #[serde(skip)]
    #[schemars(skip)]
    pub spans: Index,
}

#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ConventionTitle {
    /// The title in the default language, as pages name the convention.
    pub short: String,
    /// The full title.
    pub long: String,
    /// Another name the convention goes by, where it has one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub also_known_as: Option<String>,
}

#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Adoption {
    #[schemars(schema_with = "crate::schema::date")]
    pub date: Date,
    /// Who adopted it (e.g. a resolution of an assembly).
    pub by: String,
    /// The symbol of the document with the adopted text (e.g. `A/RES/1/1`).
    pub document: String,
    /// How each language cites that document in a sentence, by language code (e.g. `en:
    /// UN document A/RES/1/1`); a language not listed shows `document` alone.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub document_names: BTreeMap<String, String>,
}

#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct DatedDocument {
    #[schemars(schema_with = "crate::schema::date")]
    pub date: Date,
    pub document: String,
}

#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct SignaturePeriod {
    pub opening_place: String,
    #[schemars(schema_with = "crate::schema::date")]
    pub opening_from: Date,
    #[schemars(schema_with = "crate::schema::date")]
    pub opening_to: Date,
    pub then_place: String,
    #[schemars(schema_with = "crate::schema::date")]
    pub open_until: Date,
    /// The places written in signatories.yaml (`place:`), each with its name by language
    /// code; a language not listed shows the place as written.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub place_names: BTreeMap<String, BTreeMap<String, String>>,
}

#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct EntryIntoForceData {
    pub instruments_required: u32,
    /// Day counts: never negative (serde refuses a negative number at its line).
    pub days_after_threshold: u32,
    pub later_parties_days: u32,
    /// Whether an instrument of a regional economic integration organization counts
    /// toward the threshold in addition to its member States' (default: no).
    #[serde(default)]
    pub organizations_count_extra: bool,
    /// Confidence of the threshold and of the rule for later parties (default: verified).
    #[serde(default)]
    pub threshold_confidence: Confidence,
    #[serde(default)]
    pub later_parties_confidence: Confidence,
}

#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct OptOut {
    pub article: u32,
    pub paragraph: u32,
    #[serde(default)]
    pub about: Option<String>,
    pub confidence: Confidence,
}

#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ChapterData {
    pub number: u32,
    pub title: String,
    pub articles: Vec<ArticleData>,
}

#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ArticleData {
    pub number: u32,
    pub title: String,
    /// Whether the title is verified against the official text.
    pub confidence: Confidence,
}

impl ConventionData {
    pub fn articles(&self) -> impl Iterator<Item = (&ChapterData, &ArticleData)> {
        self.chapters.iter().flat_map(|c| c.articles.iter().map(move |a| (c, a)))
    }

    pub fn chapter_of(&self, article: u32) -> Option<&ChapterData> {
        self.chapters.iter().find(|c| c.articles.iter().any(|a| a.number == article))
    }

    pub fn has_article(&self, article: u32) -> bool {
        self.chapter_of(article).is_some()
    }
}

/// The longest wait a day count may give (ten years).
const MAX_DAYS: u32 = 3_660;

/// Parses and checks `convention.yaml`: chapters numbered 1..n, articles 1..m in order.
pub fn parse_convention(path: &Path, text: &str) -> Result<ConventionData, Failure> {
    let (data, problems) = read_convention(path, text)?;
    let mut all = Diagnostics::default();
    all.extend(problems);
    all.finish()?;
    Ok(data)
}

/// Parses `convention.yaml` and returns it with every problem its checks found, so that
/// the files that depend on it can still be checked in the same run (serde stops at a
/// file's first error; the checks after it never do).
pub fn read_convention(path: &Path, text: &str) -> Result<(ConventionData, Vec<Diagnostic>), Failure> {
    let (mut data, spans): (ConventionData, Index) =
        crate::yaml::read(Code::Data, path, text).map_err(Failure::single)?;
    let err = |at: &str, message: String| Diagnostic::error(Code::Data, spans.locate(at), message).with_source(text);
    let mut problems = Diagnostics::default();
    // Published as a link on every page: only a web address may be one.
    let official = data.official_text_url.trim_start().to_ascii_lowercase();
    if !(official.starts_with("https://") || official.starts_with("http://")) {
        problems.push(
            err(
                "official_text_url",
                format!("`official_text_url` must be an http(s) address, not `{}`", data.official_text_url),
            )
            .with_hint("the link to the authentic text is on every page: give its https:// address"),
        );
    }
    let mut expected_article = 1;
    for (i, chapter) in data.chapters.iter().enumerate() {
        if chapter.number as usize != i + 1 {
            problems.push(err(
                &format!("chapters[{i}].number"),
                format!("chapter {} is out of order: chapters are numbered 1, 2, 3 …", chapter.number),
            ));
        }
        for (j, article) in chapter.articles.iter().enumerate() {
            if article.number != expected_article {
                problems.push(err(
                    &format!("chapters[{i}].articles[{j}].number"),
                    format!("article {} is out of order: expected article {expected_article}", article.number),
                ));
            }
            expected_article = article.number + 1;
        }
    }
    let force = &data.entry_into_force;
    for (key, days) in
        [("days_after_threshold", force.days_after_threshold), ("later_parties_days", force.later_parties_days)]
    {
        if days > MAX_DAYS {
            problems.push(err(
                &format!("entry_into_force.{key}"),
                format!("`{key}: {days}` is more than {MAX_DAYS} days (ten years); no treaty waits that long"),
            ));
        }
    }
    for (i, opt_out) in data.opt_outs.iter().enumerate().filter(|(_, o)| !data.has_article(o.article)) {
        problems.push(err(
            &format!("opt_outs[{i}].article"),
            format!("an opt-out names article {}, which the convention does not have", opt_out.article),
        ));
    }
    data.spans = spans;
    Ok((data, problems.into_sorted()))
}

/// Translated chapter and article titles for one language.
#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(
    title = "titles/<lang>.yaml",
    description = "The convention's, chapters' and articles' titles in one language: content/data/titles/<lang>.yaml."
)]
pub struct TitlesData {
    /// The language code, the same as the file's name.
    pub lang: String,
    /// The convention's title in this language.
    pub convention: String,
    /// Chapter titles by chapter number.
    pub chapters: BTreeMap<u32, String>,
    /// Article titles by article number.
    pub articles: BTreeMap<u32, String>,
}

/// Parses `titles/<lang>.yaml`; numbers the convention does not have, and a `lang` other
/// than the file's name, are errors.
pub fn parse_titles(path: &Path, text: &str, convention: &ConventionData) -> Result<TitlesData, Failure> {
    let (data, spans): (TitlesData, Index) = crate::yaml::read(Code::Data, path, text).map_err(Failure::single)?;
    let err = |at: Location, message: String| Diagnostic::error(Code::Data, at, message).with_source(text);
    let mut problems = Diagnostics::default();
    let named = path.file_stem().map(|s| s.to_string_lossy().into_owned()).unwrap_or_default();
    if data.lang != named {
        problems.push(
            err(spans.locate("lang"), format!("this file says `lang: {}`, but its name says `{named}`", data.lang))
                .with_hint(format!("the titles of `{named}` go in titles/{named}.yaml with `lang: {named}`")),
        );
    }
    for number in data.chapters.keys().filter(|n| !convention.chapters.iter().any(|c| c.number == **n)) {
        problems.push(err(spans.locate(&format!("chapters.{number}")), format!("chapter {number} does not exist")));
    }
    for number in data.articles.keys().filter(|n| !convention.has_article(**n)) {
        problems.push(err(spans.locate(&format!("articles.{number}")), format!("article {number} does not exist")));
    }
    problems.finish()?;
    Ok(data)
}

#[cfg(test)]
mod tests;

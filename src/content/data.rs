//! The site's data files, typed: `content/data/convention.yaml` (chapters,
//! articles, key dates, the entry-into-force rule), `content/data/signatories.yaml`
//! (one record per participant) and `content/data/titles/<lang>.yaml` (translated
//! chapter and article titles).
//!
//! Parsing reports serde errors with file, line and column; validation then checks
//! what serde cannot (ISO codes, order of dates, article numbers) and points at the
//! key or value it is about, through the file's YAML index (kept with the data as `spans`,
//! for `check`). Computing the treaty's status is not done here (see `model`).

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

use jiff::civil::Date;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

pub use crate::content::participant::ParticipantCode;
use crate::content::reported::{self, Confirmed};
pub use crate::content::reported::{ReportedCount, ReportedDate, ReportedEvent, ReportedKind};
use crate::diag::{Code, Diagnostic, Diagnostics, Failure, Location};
use crate::yaml::Index;

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

/// The kind of a participant: a State, or a regional economic integration organization.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize, JsonSchema, strum::IntoStaticStr,
)]
#[serde(rename_all = "lowercase")]
#[strum(serialize_all = "lowercase")]
pub enum ParticipantKind {
    State,
    Organization,
}

#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize, JsonSchema, strum::IntoStaticStr,
)]
#[serde(rename_all = "lowercase")]
#[strum(serialize_all = "lowercase")]
pub enum InstrumentKind {
    Ratification,
    Acceptance,
    Approval,
    Accession,
}

impl ParticipantKind {
    /// `state` or `organization`, as the data file writes it.
    pub fn as_str(self) -> &'static str {
        self.into()
    }
}

impl InstrumentKind {
    /// `ratification`, `acceptance` …, as the data file writes it; also the word in messages.
    pub fn as_str(self) -> &'static str {
        self.into()
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum StatementKind {
    Declaration,
    Reservation,
    Notification,
}

#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(title = "signatories.yaml", description = "Who has signed and ratified: content/data/signatories.yaml.")]
pub struct SignatoriesData {
    /// The date up to which the records are complete: the status is computed as of it.
    #[schemars(schema_with = "crate::schema::date")]
    pub as_of: Date,
    /// Source keys (`untc`) to what they are (a URL or a description).
    pub sources: BTreeMap<String, String>,
    #[serde(default)]
    pub notes: Vec<String>,
    pub participants: Vec<ParticipantRecord>,
    /// Events reported by a government or the press that the depositary's records do
    /// not show: shown apart, never counted (see `content::reported`).
    #[serde(default)]
    pub reported: Vec<ReportedEvent>,
    /// Counts of signatories given in the news.
    #[serde(default)]
    pub reported_counts: Vec<ReportedCount>,
    /// Where each key and value is written in the file, for checks made after reading it.
    #[serde(skip)]
    #[schemars(skip)]
    pub spans: Index,
}

#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ParticipantRecord {
    /// ISO 3166-1 alpha-2; `EU` for the European Union (an ISO-reserved code).
    pub code: ParticipantCode,
    /// The name as the UN Treaty Collection writes it, in English.
    pub name: String,
    /// The name in other languages, by language code, where ICU's country name is not
    /// the UN's designation (e.g. "State of Palestine").
    #[serde(default)]
    pub names: BTreeMap<String, String>,
    pub kind: ParticipantKind,
    #[serde(default)]
    pub signature: Option<SignatureRecord>,
    #[serde(default)]
    pub deposit: Option<DepositRecord>,
    #[serde(default)]
    pub statements: Vec<StatementRecord>,
    /// Keys of `sources`.
    #[serde(default)]
    pub sources: Vec<String>,
    #[serde(default)]
    pub notes: Vec<String>,
}

#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct SignatureRecord {
    #[schemars(schema_with = "crate::schema::date")]
    pub date: Date,
    pub place: String,
    pub confidence: Confidence,
}

#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct DepositRecord {
    pub kind: InstrumentKind,
    #[schemars(schema_with = "crate::schema::date")]
    pub date: Date,
    #[serde(default)]
    pub confidence: Confidence,
}

#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct StatementRecord {
    pub kind: StatementKind,
    #[schemars(schema_with = "crate::schema::date")]
    pub date: Date,
    #[serde(default)]
    pub articles: Vec<u32>,
    /// A summary in our words (English), never the statement's text.
    pub summary: String,
    #[serde(default)]
    pub confidence: Confidence,
}

/// Parses and validates `signatories.yaml` against the convention's articles.
pub fn parse_signatories(path: &Path, text: &str, convention: &ConventionData) -> Result<SignatoriesData, Failure> {
    let (mut data, spans): (SignatoriesData, Index) =
        crate::yaml::read(Code::Data, path, text).map_err(Failure::single)?;
    let mut problems = Diagnostics::default();
    let mut seen = BTreeSet::new();
    for (i, record) in data.participants.iter().enumerate() {
        let at = |field: &str| spans.locate(&format!("participants[{i}].{field}"));
        let err = |field: &str, message: String| Diagnostic::error(Code::Data, at(field), message).with_source(text);
        let code = record.code.as_str();
        if !record.code.is_valid_for(record.kind) {
            problems.push(
                err("code", format!("`{code}` is not an ISO 3166-1 alpha-2 code for a {}", kind_word(record.kind)))
                    .with_hint(
                        "use a two-letter code such as FR or VN; the European Union is EU with kind: organization",
                    ),
            );
        }
        if !seen.insert(code.to_owned()) {
            problems.push(err("code", format!("participant `{code}` appears twice")));
        }
        for source in &record.sources {
            if !data.sources.contains_key(source) {
                problems.push(err(
                    "sources",
                    format!("source `{source}` is not one of the `sources` at the top of the file"),
                ));
            }
        }
        let mut dates = Vec::new();
        if let Some(signature) = &record.signature {
            dates.push(("signature", signature.date));
            // A place is written short (`Lakeside`) and the period names it in full
            // (`Lakeside, Freedonia (Congress Hall)`).
            let places = [&convention.signature.opening_place, &convention.signature.then_place];
            let short = signature.place.trim().to_lowercase();
            if short.is_empty() || !places.iter().any(|long| long.to_lowercase().contains(&short)) {
                problems.push(
                    err(
                        "signature",
                        format!(
                            "{code}: `{}` is not a place where the convention is open for signature",
                            signature.place
                        ),
                    )
                    .with_hint(format!(
                        "convention.yaml names {} and {}",
                        convention.signature.opening_place, convention.signature.then_place
                    )),
                );
            }
        }
        match (&record.deposit, &record.signature) {
            (Some(deposit), Some(signature)) if deposit.date < signature.date => {
                problems.push(err(
                    "deposit",
                    format!(
                        "{code}: the {} ({}) is dated before the signature ({})",
                        deposit.kind.as_str(),
                        deposit.date,
                        signature.date
                    ),
                ));
            }
            (Some(deposit), None) if deposit.kind != InstrumentKind::Accession => {
                problems.push(err(
                    "deposit",
                    format!(
                        "{code}: a {} needs a signature first; only an accession needs none",
                        deposit.kind.as_str()
                    ),
                ));
            }
            _ => {}
        }
        if let Some(deposit) = &record.deposit {
            dates.push(("deposit", deposit.date));
        }
        for statement in &record.statements {
            dates.push(("statements", statement.date));
            for article in &statement.articles {
                if !convention.has_article(*article) {
                    problems.push(err(
                        "statements",
                        format!("{code}: a statement refers to article {article}, which the convention does not have"),
                    ));
                }
            }
        }
        for (field, date) in dates {
            if date > data.as_of {
                problems.push(
                    err(field, format!("{code}: {date} is after the data's `as_of` date {}", data.as_of))
                        .with_hint("raise `as_of` once the whole file is complete up to the new date"),
                );
            }
        }
    }
    let confirmed: Vec<Confirmed<'_>> =
        data.participants.iter().map(|p| Confirmed { code: &p.code, signed: p.signature.is_some() }).collect();
    problems.extend(reported::validate(text, &spans, &data.reported, &confirmed));
    problems.finish()?;
    data.spans = spans;
    Ok(data)
}

fn kind_word(kind: ParticipantKind) -> &'static str {
    match kind {
        ParticipantKind::State => "State",
        ParticipantKind::Organization => "regional economic integration organization",
    }
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
mod tests {
    use super::*;

    /// The made-up treaty of tests/fixtures/treaty/en-es.
    const FIXTURE: &str =
        concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/treaty/en-es/content/data/convention.yaml");

    fn convention() -> ConventionData {
        let text = std::fs::read_to_string(FIXTURE).unwrap();
        parse_convention(Path::new("convention.yaml"), &text).unwrap()
    }

    fn signatories(body: &str) -> Result<SignatoriesData, Failure> {
        let text = format!("as_of: 2025-11-19\nsources: {{untc: https://example.org}}\nparticipants:\n{body}");
        parse_signatories(Path::new("s.yaml"), &text, &convention())
    }

    #[test]
    fn a_signature_place_the_convention_does_not_name_is_an_error_at_its_line() {
        let err = signatories("  - code: FR\n    name: France\n    kind: state\n    signature: {date: 2025-10-25, place: Lakeview, confidence: verified}\n").unwrap_err();
        let d = &err.diagnostics[0];
        assert!(d.message.contains("`Lakeview` is not a place"), "{}", d.message);
        assert_eq!(d.location.line, Some(7));
        assert!(signatories("  - code: FR\n    name: France\n    kind: state\n    signature: {date: 2025-10-25, place: Lakeside, confidence: verified}\n").is_ok());
    }

    /// The fixture's convention.yaml with `from` replaced by `to`.
    fn convention_with(from: &str, to: &str) -> Result<ConventionData, Failure> {
        let text = std::fs::read_to_string(FIXTURE).unwrap();
        assert!(text.contains(from), "the fixture no longer has {from:?}");
        parse_convention(Path::new("convention.yaml"), &text.replacen(from, to, 1))
    }

    #[test]
    fn an_opt_out_naming_an_article_that_does_not_exist_is_an_error() {
        let text = std::fs::read_to_string(FIXTURE).unwrap();
        let first = text.lines().find(|l| l.contains("article:") && l.contains("paragraph:")).unwrap();
        let number = first.split("article:").nth(1).unwrap().split(',').next().unwrap().trim().to_owned();
        let err = convention_with(&format!("article: {number},"), "article: 99,").unwrap_err();
        assert!(err.diagnostics[0].message.contains("article 99"), "{err}");
        assert!(err.diagnostics[0].location.line.is_some());
    }

    #[test]
    fn an_official_text_url_that_is_not_a_web_address_is_an_error() {
        // The bug: `javascript:alert(1)` was published as a link on every page.
        let text = std::fs::read_to_string(FIXTURE).unwrap();
        let line = text.lines().find(|l| l.starts_with("official_text_url:")).unwrap();
        let err = convention_with(line, "official_text_url: \"javascript:alert(1)\"").unwrap_err();
        assert!(err.diagnostics[0].message.contains("http(s) address"), "{err}");
        assert!(err.diagnostics[0].location.line.is_some());
    }

    #[test]
    fn negative_and_absurd_day_counts_are_errors_at_their_line() {
        let err = convention_with("days_after_threshold: 60", "days_after_threshold: -90").unwrap_err();
        assert!(err.diagnostics[0].location.line.is_some(), "{err}");
        let err = convention_with("days_after_threshold: 60", "days_after_threshold: 90000").unwrap_err();
        assert!(err.diagnostics[0].message.contains("ten years"), "{err}");
    }

    #[test]
    fn a_titles_file_whose_lang_is_not_its_name_is_an_error() {
        let text = "lang: fr\nconvention: Convención\nchapters: {}\narticles: {}\n";
        let err = parse_titles(Path::new("content/data/titles/es.yaml"), text, &convention()).unwrap_err();
        let d = &err.diagnostics[0];
        assert!(d.message.contains("`lang: fr`") && d.message.contains("`es`"), "{}", d.message);
        assert_eq!(d.location.line, Some(1));
        assert!(parse_titles(Path::new("content/data/titles/fr.yaml"), text, &convention()).is_ok());
    }

    #[test]
    fn invalid_iso_code_names_its_line() {
        let err = signatories(
            "  - code: FR\n    name: France\n    kind: state\n  - code: XX\n    name: Nowhere\n    kind: state\n",
        )
        .unwrap_err();
        let d = &err.diagnostics[0];
        assert!(d.message.contains("`XX` is not an ISO 3166-1"), "{}", d.message);
        assert_eq!(d.location.line, Some(7));
    }

    #[test]
    fn impossible_date_is_a_located_error() {
        let err = signatories("  - code: FR\n    name: France\n    kind: state\n    signature: {date: 2025-02-30, place: Lakeside, confidence: verified}\n").unwrap_err();
        assert_eq!(err.diagnostics[0].location.line, Some(7), "{err}");
    }

    #[test]
    fn deposit_before_signature_and_after_as_of_are_errors() {
        let err = signatories("  - code: FR\n    name: France\n    kind: state\n    signature: {date: 2025-10-25, place: Lakeside, confidence: verified}\n    deposit: {kind: ratification, date: 2025-10-01}\n  - code: DE\n    name: Germany\n    kind: state\n    signature: {date: 2025-12-25, place: Rivertown, confidence: verified}\n").unwrap_err();
        let messages: Vec<&str> = err.diagnostics.iter().map(|d| d.message.as_str()).collect();
        assert!(messages.iter().any(|m| m.contains("before the signature")), "{messages:?}");
        assert!(messages.iter().any(|m| m.contains("after the data's `as_of`")), "{messages:?}");
    }

    #[test]
    fn accession_needs_no_signature_but_ratification_does() {
        assert!(
            signatories(
                "  - code: FR\n    name: France\n    kind: state\n    deposit: {kind: accession, date: 2025-11-01}\n"
            )
            .is_ok()
        );
        assert!(
            signatories(
                "  - code: FR\n    name: France\n    kind: state\n    deposit: {kind: ratification, date: 2025-11-01}\n"
            )
            .is_err()
        );
    }

    #[test]
    fn duplicate_code_and_unknown_article_are_errors() {
        let err = signatories("  - code: FR\n    name: France\n    kind: state\n    statements: [{kind: reservation, date: 2025-10-25, articles: [99], summary: x}]\n  - code: FR\n    name: France\n    kind: state\n").unwrap_err();
        let messages: Vec<&str> = err.diagnostics.iter().map(|d| d.message.as_str()).collect();
        assert!(messages.iter().any(|m| m.contains("article 99")), "{messages:?}");
        // The bug: the second record was reported at the first one's line.
        let twice = err.diagnostics.iter().find(|d| d.message.contains("appears twice")).expect("reported");
        assert_eq!((twice.location.line, twice.location.column), (Some(8), Some(5)), "at the duplicate's `code:`");
    }

    #[test]
    fn convention_checks_point_at_the_value_they_are_about() {
        // The bug: `number: 4` was searched for in the text; its first occurrence is not
        // always the article out of order.
        let err = convention_with("{number: 3, title: Grazing", "{number: 4, title: Grazing").unwrap_err();
        let d = err.diagnostics.iter().find(|d| d.message.contains("expected article 3")).expect("reported");
        assert_eq!((d.location.line, d.location.column), (Some(33), Some(10)), "{err}");
    }

    const FRANCE: &str = "  - code: FR\n    name: France\n    kind: state\n    signature: {date: 2025-10-25, place: Lakeside, confidence: verified}\n";

    #[test]
    fn a_reported_signature_keeps_its_month_precision() {
        let data = signatories(&format!(
            "{FRANCE}reported:\n  - code: CA\n    name: Canada\n    event: signature\n    date: 2026-07\n    sources: [\"https://example.org/ca\", a news release]\n  - {{code: FR, event: domestic_approval, date: 2026-02-10, by: true, sources: [x], note: not a deposit}}\nreported_counts:\n  - {{count: 77, date: 2026-07}}\n"
        ))
        .unwrap();
        let [canada, france] = &data.reported[..] else { panic!("{:?}", data.reported) };
        assert_eq!(canada.date, ReportedDate::Month { year: 2026, month: 7 });
        assert_eq!((canada.event, canada.by, canada.sources.len()), (ReportedKind::Signature, false, 2));
        assert_eq!(france.date, ReportedDate::Day(jiff::civil::date(2026, 2, 10)));
        assert!(france.by && france.name.is_none(), "a participant's name comes from its record");
        assert_eq!(data.reported_counts[0].count, 77);
        // After `as_of` on purpose: a reported event is what the confirmed records cannot show yet.
        assert!(canada.date.first_day() > data.as_of);
    }

    #[test]
    fn a_bad_reported_date_is_an_error_at_its_line() {
        let err = signatories(&format!(
            "{FRANCE}reported:\n  - code: CA\n    name: Canada\n    event: signature\n    date: July 2026\n    sources: [x]\n"
        ))
        .unwrap_err();
        let d = &err.diagnostics[0];
        assert!(d.message.contains("`July 2026` is not a date"), "{}", d.message);
        // serde_yaml places a value's own error at the start of the record holding it.
        assert_eq!(d.location.line, Some(9));
    }

    #[test]
    fn an_unknown_key_in_a_reported_event_is_an_error_at_its_line() {
        let err = signatories(&format!(
            "{FRANCE}reported:\n  - code: CA\n    name: Canada\n    event: signature\n    date: 2026-07\n    confidence: reported\n    sources: [x]\n"
        ))
        .unwrap_err();
        let d = &err.diagnostics[0];
        assert!(d.message.contains("unknown field `confidence`"), "{}", d.message);
        assert_eq!(d.location.line, Some(13));
    }

    #[test]
    fn reported_events_that_contradict_the_records_name_their_line() {
        let err = signatories(&format!(
            "{FRANCE}reported:\n  - {{code: CA, event: signature, date: 2026-07, sources: [x]}}\n  - code: FR\n    event: signature\n    date: 2026-01\n    sources: []\n  - {{code: AE, name: United Arab Emirates, event: other, date: 2026-02, sources: [x]}}\n"
        ))
        .unwrap_err();
        let found: Vec<(Option<usize>, &str)> =
            err.diagnostics.iter().map(|d| (d.location.line, d.message.as_str())).collect();
        let has = |line: usize, text: &str| found.iter().any(|(l, m)| *l == Some(line) && m.contains(text));
        assert!(has(9, "needs a `name`"), "{found:?}");
        assert!(has(11, "confirmed record has one already"), "{found:?}");
        assert!(has(13, "has no source"), "{found:?}");
        assert!(has(14, "needs a `description`"), "{found:?}");
    }

    #[test]
    fn eu_is_valid_only_as_an_organization() {
        assert!(signatories("  - code: EU\n    name: European Union\n    kind: organization\n").is_ok());
        assert!(signatories("  - code: EU\n    name: European Union\n    kind: state\n").is_err());
    }
}

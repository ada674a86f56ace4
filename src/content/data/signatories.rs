//! `content/data/signatories.yaml`: one record per participant (signature, deposit,
//! statements, sources), read and checked against the convention.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

use jiff::civil::Date;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use super::*;
use crate::content::reported::{self, Confirmed};
use crate::diag::{Code, Diagnostic, Diagnostics, Failure};
use crate::yaml::Index;

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

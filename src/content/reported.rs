//! Reported events in `signatories.yaml`: what a government release or the press says
//! happened (a signature, a domestic approval) that the depositary's records do not
//! show as of the file's `as_of`, and news counts of signatories.
//!
//! They are kept apart from the confirmed records on purpose: nothing here is ever
//! counted toward entry into force or in the confirmed totals (`status` never reads
//! them for that), and a reported event dated after `as_of` is not an error, since it
//! is exactly what the confirmed records cannot show yet. This module parses and
//! validates them; showing them is `render`'s job.

use std::collections::BTreeSet;
use std::fmt;

use jiff::civil::Date;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use crate::content::participant::ParticipantCode;
use crate::diag::{Code, Diagnostic};
use crate::yaml::Index;

/// A date as precise as its report: a day (`2026-02-10`) or a month (`2026-07`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, strum::IntoStaticStr)]
#[serde(try_from = "String", into = "String")]
#[strum(serialize_all = "lowercase")]
pub enum ReportedDate {
    Day(Date),
    Month { year: i16, month: i8 },
}

impl ReportedDate {
    /// `day` or `month`.
    pub fn precision(self) -> &'static str {
        self.into()
    }

    /// The first day the date can mean, for sorting and for feeds that need a day.
    pub fn first_day(self) -> Date {
        match self {
            ReportedDate::Day(date) => date,
            ReportedDate::Month { year, month } => Date::new(year, month, 1).unwrap_or(Date::MIN),
        }
    }
}

impl JsonSchema for ReportedDate {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "ReportedDate".into()
    }

    fn json_schema(generator: &mut schemars::SchemaGenerator) -> schemars::Schema {
        crate::schema::day_or_month(generator)
    }
}

impl TryFrom<String> for ReportedDate {
    type Error = String;

    fn try_from(text: String) -> Result<Self, String> {
        let bad = || format!("`{text}` is not a date: write a day (2026-02-10) or a month (2026-07)");
        match text.len() {
            10 => text.parse::<Date>().map(ReportedDate::Day).map_err(|_| bad()),
            7 => {
                let (year, month) = text.split_once('-').ok_or_else(bad)?;
                let year: i16 = year.parse().map_err(|_| bad())?;
                let month: i8 = month.parse().map_err(|_| bad())?;
                Date::new(year, month, 1).map_err(|_| bad())?;
                Ok(ReportedDate::Month { year, month })
            }
            _ => Err(bad()),
        }
    }
}

impl From<ReportedDate> for String {
    fn from(date: ReportedDate) -> String {
        date.to_string()
    }
}

impl fmt::Display for ReportedDate {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ReportedDate::Day(date) => write!(f, "{date}"),
            ReportedDate::Month { year, month } => write!(f, "{year:04}-{month:02}"),
        }
    }
}

/// What was reported to have happened.
// (Not in the doc comment, which is the schema's description:) the data file writes it in
// snake case (`domestic_approval`), feed ids in kebab case, which `as_str` gives.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema, strum::IntoStaticStr)]
#[serde(rename_all = "snake_case")]
#[strum(serialize_all = "kebab-case")]
pub enum ReportedKind {
    /// A signature of the convention.
    Signature,
    /// A step of the State's own procedure toward ratification (a parliament's vote, a
    /// law signed): not a deposit, so never a step toward entry into force.
    DomesticApproval,
    /// Anything else; `description` says what.
    Other,
}

impl ReportedKind {
    pub fn as_str(self) -> &'static str {
        self.into()
    }
}

#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ReportedEvent {
    /// ISO 3166-1 alpha-2 (or `EU`).
    pub code: ParticipantCode,
    /// The name as the UN writes it (English); required when the code has no record in
    /// `participants`.
    #[serde(default)]
    pub name: Option<String>,
    pub event: ReportedKind,
    /// What exactly was reported, in English (required for `other`).
    #[serde(default)]
    pub description: Option<String>,
    /// When it was reported to have happened.
    pub date: ReportedDate,
    /// The report only says it had happened by this date (at the latest).
    #[serde(default)]
    pub by: bool,
    /// URLs, or descriptions of a source without one.
    pub sources: Vec<String>,
    #[serde(default)]
    pub note: Option<String>,
}

/// A count of signatories given in the news, whose States are not all named.
#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ReportedCount {
    pub count: u32,
    /// When the count was reported.
    pub date: ReportedDate,
    #[serde(default)]
    pub note: Option<String>,
}

/// A source of a reported event: a URL to link, or a text to show.
pub fn source_url(source: &str) -> Option<&str> {
    source.starts_with("https://").then_some(source)
}

/// What a participant's confirmed record says, for checking the reported events against it.
pub struct Confirmed<'a> {
    pub code: &'a ParticipantCode,
    pub signed: bool,
}

/// Checks the reported events against the confirmed participants; `spans` is the file's
/// index, where the events are `reported[i]`.
pub fn validate(text: &str, spans: &Index, events: &[ReportedEvent], confirmed: &[Confirmed<'_>]) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    let mut reported_signatures = BTreeSet::new();
    for (i, event) in events.iter().enumerate() {
        let at = |field: &str| spans.locate(&format!("reported[{i}].{field}"));
        let err = |field: &str, message: String| Diagnostic::error(Code::Data, at(field), message).with_source(text);
        let code = event.code.as_str();
        let record = confirmed.iter().find(|c| *c.code == event.code);
        if !event.code.is_valid() {
            out.push(
                err("code", format!("reported event: `{code}` is not an ISO 3166-1 alpha-2 code"))
                    .with_hint("use a two-letter code such as CA or AE"),
            );
        }
        if record.is_none() && event.name.is_none() {
            out.push(
                err("code", format!("reported event: `{code}` has no record in `participants`, so it needs a `name`"))
                    .with_hint("add `name:` as the UN Treaty Collection writes it"),
            );
        }
        if event.event == ReportedKind::Other && event.description.is_none() {
            out.push(err("event", format!("reported event of `{code}`: `event: other` needs a `description`")));
        }
        if event.sources.is_empty() {
            out.push(
                err("sources", format!("reported event of `{code}` has no source"))
                    .with_hint("a reported event is only worth showing with the release or article that reports it"),
            );
        }
        if event.event == ReportedKind::Signature {
            if record.is_some_and(|c| c.signed) {
                out.push(
                    err(
                        "event",
                        format!("`{code}` has a reported signature, but its confirmed record has one already"),
                    )
                    .with_hint("remove the reported event: the depositary's record replaces it"),
                );
            }
            if !reported_signatures.insert(code) {
                out.push(err("event", format!("`{code}` has two reported signatures")));
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_kind_is_snake_case_in_data_and_kebab_case_in_feed_ids() {
        let kind: ReportedKind = serde_yaml::from_str("domestic_approval").unwrap();
        assert_eq!(kind.as_str(), "domestic-approval");
        assert_eq!(ReportedDate::Month { year: 2026, month: 7 }.precision(), "month");
    }

    #[test]
    fn dates_keep_their_precision() {
        let month = ReportedDate::try_from("2026-07".to_owned()).unwrap();
        assert_eq!(month, ReportedDate::Month { year: 2026, month: 7 });
        assert_eq!(month.to_string(), "2026-07");
        assert_eq!(month.first_day(), jiff::civil::date(2026, 7, 1));
        let day = ReportedDate::try_from("2026-02-10".to_owned()).unwrap();
        assert_eq!(day, ReportedDate::Day(jiff::civil::date(2026, 2, 10)));
        for bad in ["2026-13", "2026", "2026-02-30", "July 2026", "2026-7"] {
            assert!(ReportedDate::try_from(bad.to_owned()).is_err(), "{bad}");
        }
    }

    #[test]
    fn only_https_sources_are_links() {
        assert_eq!(source_url("https://example.org/a"), Some("https://example.org/a"));
        assert_eq!(source_url("Government of Canada news release, July 2026"), None);
        assert_eq!(source_url("javascript:alert(1)"), None);
    }
}

//! The treaty's status as the site shows it: counts, entry into force, each
//! participant's own date and the cumulative series for the chart, all computed
//! from `signatories.yaml` and the convention's rule at build time.
//!
//! `treaty` holds the rule itself (pure functions over participants); this module
//! feeds it the site's data. Drawing (chart, map) lives in `chart` and `map`.
//!
//! Only the confirmed records feed the rule and the totals. Reported events (a signature
//! in the press, a parliament's vote) are counted apart, in `reported_signatures`, and
//! never reach `treaty`: what the depositary has not recorded does not move the
//! convention toward entry into force.

pub mod chart;
#[cfg(test)]
mod examples;
pub mod map;
pub mod treaty;

use std::collections::BTreeMap;

use jiff::civil::Date;

use crate::content::data::{Confidence, ConventionData, ParticipantCode, ReportedKind, SignatoriesData};
use treaty::{Deposit, EntryIntoForceRule, ForceState, Participant, Summary};

/// Everything about the status that pages show, computed once per build.
#[derive(Debug, Clone)]
pub struct SiteStatus {
    pub as_of: Date,
    pub required: u32,
    pub summary: Summary,
    pub force: ForceState,
    /// The general date of entry into force, once the threshold is reached.
    pub general_date: Option<Date>,
    /// Each participant's own date of entry into force, when known.
    pub own_dates: BTreeMap<ParticipantCode, Date>,
    /// One point per date on which something happened: cumulative signatures, counting deposits.
    pub series: Vec<(Date, u32, u32)>,
    /// Participants with a reported signature the confirmed records do not have: shown
    /// next to the confirmed total, never added to it.
    pub reported_signatures: u32,
    /// Signatures in the records whose confidence is only `inferred` (reported, the day
    /// inferred, not seen in an official source): part of `summary.signatories`, but the
    /// headline counts them as reported, not as confirmed.
    pub inferred_signatures: u32,
    /// Whether the convention is still open for signature as of `as_of`.
    pub signature_period: SignaturePeriod,
}

/// The signature period (open for signature until a date, then only accession), as of the data's date.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SignaturePeriod {
    /// `as_of` is on or before the last day for signature.
    Open { until: Date },
    /// `as_of` is after it: States can now join only by accession.
    Closed { on: Date },
}

/// The signature period as of `as_of` (the data's date, never the clock).
pub fn signature_period(open_until: Date, as_of: Date) -> SignaturePeriod {
    if as_of <= open_until {
        SignaturePeriod::Open { until: open_until }
    } else {
        SignaturePeriod::Closed { on: open_until }
    }
}

impl SiteStatus {
    pub fn compute(convention: &ConventionData, data: &SignatoriesData) -> SiteStatus {
        let rule = rule_of(convention);
        let participants = participants_of(data);
        let own_dates = participants
            .iter()
            .filter_map(|p| {
                treaty::entry_into_force_for(&rule, &participants, p.code.as_str()).map(|d| (p.code.clone(), d))
            })
            .collect();
        SiteStatus {
            as_of: data.as_of,
            required: rule.instruments_required,
            summary: treaty::summary(&rule, &participants),
            force: treaty::force_state(&rule, &participants, data.as_of),
            general_date: treaty::general_entry_into_force(&rule, &participants),
            own_dates,
            series: {
                let mut points = chart::cumulative_points(&rule, &participants);
                chart::extend_to(&mut points, data.as_of);
                points
            },
            reported_signatures: {
                let codes: std::collections::BTreeSet<&str> = data
                    .reported
                    .iter()
                    .filter(|e| e.event == ReportedKind::Signature)
                    .map(|e| e.code.as_str())
                    .filter(|code| !data.participants.iter().any(|p| p.code.as_str() == *code && p.signature.is_some()))
                    .collect();
                u32::try_from(codes.len()).unwrap_or(u32::MAX)
            },
            inferred_signatures: u32::try_from(
                data.participants
                    .iter()
                    .filter(|p| p.signature.as_ref().is_some_and(|s| s.confidence == Confidence::Inferred))
                    .count(),
            )
            .unwrap_or(u32::MAX),
            signature_period: signature_period(convention.signature.open_until, data.as_of),
        }
    }
}

pub fn rule_of(convention: &ConventionData) -> EntryIntoForceRule {
    let e = &convention.entry_into_force;
    EntryIntoForceRule {
        instruments_required: e.instruments_required,
        // parse_convention bounds both to ten years, so they fit.
        days_after_threshold: i32::try_from(e.days_after_threshold).unwrap_or(i32::MAX),
        later_parties_days: i32::try_from(e.later_parties_days).unwrap_or(i32::MAX),
        organizations_count_extra: e.organizations_count_extra,
    }
}

pub fn participants_of(data: &SignatoriesData) -> Vec<Participant> {
    data.participants
        .iter()
        .map(|r| Participant {
            code: r.code.clone(),
            kind: r.kind,
            signed: r.signature.as_ref().map(|s| s.date),
            deposit: r.deposit.as_ref().map(|d| Deposit { kind: d.kind, date: d.date }),
        })
        .collect()
}

/// XML-escapes text (shared by the chart and the map) for element content and attribute
/// values: `&`, `<`, `>`, `"` and `'` by pulldown-cmark's escaper (its entities are XML's
/// too), after dropping the characters XML 1.0 forbids.
pub fn svg_escape(text: &str) -> String {
    let allowed = |c: &char| matches!(c, '\t' | '\n' | '\r') || !matches!(c, '\0'..='\u{1F}' | '\u{FFFE}' | '\u{FFFF}');
    let text: String = text.chars().filter(allowed).collect();
    let mut out = String::with_capacity(text.len());
    // Writing to a String cannot fail.
    let _ = pulldown_cmark_escape::escape_html(&mut out, &text);
    out
}

#[cfg(test)]
mod tests {
    use std::path::Path;

    use jiff::civil::date;

    use super::*;
    use crate::content::data::{parse_convention, parse_signatories};

    fn fixture(path: &str) -> String {
        std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures").join(path)).unwrap()
    }

    /// The mini convention and the signatories of `tests/fixtures/status/reported`.
    fn with_reported() -> (ConventionData, SignatoriesData) {
        let convention =
            parse_convention(Path::new("c.yaml"), &fixture("base/minimal/content/data/convention.yaml")).unwrap();
        let text = fixture("status/reported/site/content/data/signatories.yaml");
        let data = parse_signatories(Path::new("s.yaml"), &text, &convention).unwrap();
        (convention, data)
    }

    #[test]
    fn reported_events_never_count_toward_entry_into_force_or_the_confirmed_totals() {
        let (convention, data) = with_reported();
        assert!(data.reported.len() >= 3, "the fixture has reported events");
        let with = SiteStatus::compute(&convention, &data);
        let without = SiteStatus::compute(&convention, &SignatoriesData { reported: Vec::new(), ..data.clone() });
        assert_eq!(with.summary, without.summary);
        assert_eq!(with.force, without.force);
        assert_eq!(with.general_date, without.general_date);
        assert_eq!(with.own_dates, without.own_dates);
        assert_eq!(with.series, without.series);
        let confirmed = data.participants.iter().filter(|p| p.signature.is_some()).count();
        assert_eq!(with.summary.signatories as usize, confirmed);
        // Canada and the United Arab Emirates, reported; the other events are not signatures.
        assert_eq!((with.reported_signatures, without.reported_signatures), (2, 0));
    }

    #[test]
    fn the_signature_period_is_open_up_to_its_last_day_as_of_the_data() {
        let last = date(2026, 12, 31);
        assert_eq!(signature_period(last, date(2025, 11, 19)), SignaturePeriod::Open { until: last });
        assert_eq!(signature_period(last, last), SignaturePeriod::Open { until: last });
        assert_eq!(signature_period(last, date(2027, 1, 1)), SignaturePeriod::Closed { on: last });
    }
}

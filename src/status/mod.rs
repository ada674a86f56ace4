//! The treaty's status as the site shows it: counts, entry into force, each
//! participant's own date and the cumulative series for the chart, all computed
//! from `signatories.yaml` and the convention's rule at build time.
//!
//! `treaty` holds the rule itself (pure functions over participants); this module
//! feeds it the site's data. Drawing (chart, map) lives in `chart` and `map`.

pub mod chart;
pub mod map;
pub mod treaty;

use std::collections::BTreeMap;

use jiff::civil::Date;

use crate::content::data::{ConventionData, SignatoriesData};
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
    pub own_dates: BTreeMap<String, Date>,
    /// One point per date on which something happened: cumulative signatures, counting deposits.
    pub series: Vec<(Date, u32, u32)>,
}

impl SiteStatus {
    pub fn compute(convention: &ConventionData, data: &SignatoriesData) -> SiteStatus {
        let rule = rule_of(convention);
        let participants = participants_of(data);
        let own_dates = participants
            .iter()
            .filter_map(|p| treaty::entry_into_force_for(&rule, &participants, &p.code).map(|d| (p.code.clone(), d)))
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

/// XML-escapes text (shared by the chart and the map) for element content and attribute values; drops characters XML 1.0 forbids.
pub fn svg_escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for ch in text.chars() {
        match ch {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            '\t' | '\n' | '\r' => out.push(ch),
            c if (c as u32) < 0x20 || c == '\u{FFFE}' || c == '\u{FFFF}' => {}
            c => out.push(c),
        }
    }
    out
}

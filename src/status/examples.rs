//! A rule and participants for the status tests (`treaty`, `chart`): made up, and only
//! what the tests need, never the site's own data.

use jiff::civil::Date;

use super::treaty::{Deposit, EntryIntoForceRule, InstrumentKind, Participant, ParticipantKind};

/// Forty instruments, then ninety days; thirty for a later party; an organization's
/// instrument not counted on top of its members'.
pub const RULE: EntryIntoForceRule = EntryIntoForceRule {
    instruments_required: 40,
    days_after_threshold: 90,
    later_parties_days: 30,
    organizations_count_extra: false,
};

/// A State that signed on `signed` and deposited an instrument of ratification on `deposit`.
pub fn state(code: &str, signed: Option<Date>, deposit: Option<Date>) -> Participant {
    Participant {
        code: code.into(),
        kind: ParticipantKind::State,
        signed,
        deposit: deposit.map(|date| Deposit { kind: InstrumentKind::Ratification, date }),
    }
}

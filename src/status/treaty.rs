//! Status of a treaty computed from its participants: which deposits count towards entry into
//! force, when the treaty enters into force generally and for each participant, whether it is in
//! force as of the data's date, and the headline counts for a status page.
//!
//! It is for pure computation over data already loaded: no I/O, no clock (the caller passes the
//! data's `as_of` date, never "today"), no global state, and the same input always gives the same
//! output. It is not a data loader, a validator of the facts files, nor a renderer, and it does not
//! decide what a participant's instrument legally is: it counts what it is given.
//!
//! The rule is the usual entry-into-force clause of a multilateral convention, its numbers
//! from the data: the treaty enters into force on the Dth day after the date on which the Nth
//! instrument of ratification, acceptance, approval or accession is deposited; an instrument
//! deposited by a regional economic integration organization is not counted in addition to those
//! of its member States (unless the data says it is); for a participant depositing after that
//! Nth instrument, the treaty enters into force on the Lth day after its own deposit, or on the
//! general date if that is later. "The Nth day after D" is D + N days.

use jiff::Span;
use jiff::civil::Date;

use crate::content::participant::ParticipantCode;

pub use crate::content::data::{InstrumentKind, ParticipantKind};

/// An instrument deposited with the depositary.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Deposit {
    pub kind: InstrumentKind,
    pub date: Date,
}

/// A State or organization that has signed, deposited an instrument, or both.
/// `code` is the participant's identifier (ISO 3166-1 alpha-2 for States); codes are expected
/// to be unique, and where one is repeated the first participant with it is used.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Participant {
    pub code: ParticipantCode,
    pub kind: ParticipantKind,
    pub signed: Option<Date>,
    pub deposit: Option<Deposit>,
}

/// The treaty's entry-into-force clause, as numbers.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct EntryIntoForceRule {
    /// Counting instruments needed (the tests use 40).
    pub instruments_required: u32,
    /// The general date is this many days after the threshold day (90).
    pub days_after_threshold: i32,
    /// A later participant's own date is this many days after its deposit (30).
    pub later_parties_days: i32,
    /// Whether an organization's instrument counts in addition to its members' (false).
    pub organizations_count_extra: bool,
}

/// Whether the treaty is in force as of a given date.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ForceState {
    /// Fewer counting instruments than required have been deposited.
    NotInForce { counted: u32, required: u32 },
    /// Enough instruments are deposited; the treaty enters into force on `date` (after as_of).
    Scheduled { date: Date },
    /// The treaty has been in force since `since` (on or before as_of).
    InForce { since: Date },
}

/// Headline counts for a status page.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Summary {
    /// Participants that signed (States and organizations).
    pub signatories: u32,
    /// States that signed.
    pub states_signed: u32,
    /// Organizations that signed.
    pub organizations_signed: u32,
    /// Participants that deposited an instrument, counting or not (with or without signature).
    pub parties: u32,
    /// Deposits that count towards entry into force.
    pub counted: u32,
    /// Counting deposits still needed to reach the rule's number; 0 once reached.
    pub remaining: u32,
}

fn counts(rule: &EntryIntoForceRule, p: &Participant) -> bool {
    p.kind == ParticipantKind::State || rule.organizations_count_extra
}

fn add_days(date: Date, days: i32) -> Option<Date> {
    date.checked_add(Span::new().days(days)).ok()
}

fn to_u32(n: usize) -> u32 {
    u32::try_from(n).unwrap_or(u32::MAX)
}

/// The deposits that count towards entry into force, with their dates, sorted by date and then
/// by code. Organizations are left out unless `rule.organizations_count_extra`.
pub fn counting_deposits<'a>(
    rule: &EntryIntoForceRule,
    participants: &'a [Participant],
) -> Vec<(&'a Participant, Date)> {
    let mut out: Vec<(&Participant, Date)> =
        participants.iter().filter(|p| counts(rule, p)).filter_map(|p| p.deposit.map(|d| (p, d.date))).collect();
    out.sort_by(|a, b| a.1.cmp(&b.1).then_with(|| a.0.code.cmp(&b.0.code)));
    out
}

/// The day on which the required number of counting instruments was reached: the deposit date of
/// the Nth counting instrument (when several are deposited on one day, the day the count reaches
/// N). `None` while fewer are deposited, or if the rule requires none.
pub fn threshold_date(rule: &EntryIntoForceRule, participants: &[Participant]) -> Option<Date> {
    let n = usize::try_from(rule.instruments_required).ok()?;
    if n == 0 {
        return None;
    }
    counting_deposits(rule, participants).get(n - 1).map(|(_, date)| *date)
}

/// The date on which the treaty enters into force generally: `days_after_threshold` days after
/// the threshold day. `None` while not enough counting instruments are deposited (or if the date
/// would fall outside the calendar jiff supports).
pub fn general_entry_into_force(rule: &EntryIntoForceRule, participants: &[Participant]) -> Option<Date> {
    add_days(threshold_date(rule, participants)?, rule.days_after_threshold)
}

/// The date on which the treaty enters into force for the participant with `code`: the general
/// date if it deposited on or before the threshold day; otherwise `later_parties_days` after its
/// own deposit, or the general date if that is later. An organization follows the same rule
/// although its instrument did not count. `None` if the code is unknown, the participant has not
/// deposited, or the treaty has no general date yet.
pub fn entry_into_force_for(rule: &EntryIntoForceRule, participants: &[Participant], code: &str) -> Option<Date> {
    let deposit = participants.iter().find(|p| p.code.as_str() == code)?.deposit?;
    let threshold = threshold_date(rule, participants)?;
    let general = add_days(threshold, rule.days_after_threshold)?;
    if deposit.date <= threshold {
        Some(general)
    } else {
        Some(add_days(deposit.date, rule.later_parties_days)?.max(general))
    }
}

/// Whether the treaty is in force as of `as_of` (the date the data is known to be complete for).
pub fn force_state(rule: &EntryIntoForceRule, participants: &[Participant], as_of: Date) -> ForceState {
    match general_entry_into_force(rule, participants) {
        None => ForceState::NotInForce {
            counted: to_u32(counting_deposits(rule, participants).len()),
            required: rule.instruments_required,
        },
        Some(date) if date > as_of => ForceState::Scheduled { date },
        Some(since) => ForceState::InForce { since },
    }
}

/// Headline counts: signatories, parties (participants that deposited) and counting deposits.
pub fn summary(rule: &EntryIntoForceRule, participants: &[Participant]) -> Summary {
    let signed = |kind| to_u32(participants.iter().filter(|p| p.signed.is_some() && p.kind == kind).count());
    let states_signed = signed(ParticipantKind::State);
    let organizations_signed = signed(ParticipantKind::Organization);
    let counted = to_u32(counting_deposits(rule, participants).len());
    Summary {
        signatories: states_signed.saturating_add(organizations_signed),
        states_signed,
        organizations_signed,
        parties: to_u32(participants.iter().filter(|p| p.deposit.is_some()).count()),
        counted,
        remaining: rule.instruments_required.saturating_sub(counted),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::status::examples::{RULE, state};
    use jiff::civil::date;

    fn eu(deposit: Option<Date>) -> Participant {
        Participant {
            code: "EU".into(),
            kind: ParticipantKind::Organization,
            signed: Some(date(2025, 10, 25)),
            deposit: deposit.map(|date| Deposit { kind: InstrumentKind::Approval, date }),
        }
    }

    /// `n` States "S00".."S{n-1}", all signed on the first day, deposits from `deposits` in order.
    fn states(n: usize, deposits: &[Date]) -> Vec<Participant> {
        (0..n).map(|i| state(&format!("S{i:02}"), Some(date(2025, 10, 25)), deposits.get(i).copied())).collect()
    }

    /// `n` deposits one day apart starting on `first`.
    fn daily(first: Date, n: i32) -> Vec<Date> {
        (0..n).map(|i| add_days(first, i).unwrap()).collect()
    }

    #[test]
    fn nothing_deposited_is_not_in_force() {
        let ps = states(72, &[]);
        assert!(counting_deposits(&RULE, &ps).is_empty());
        assert_eq!(general_entry_into_force(&RULE, &ps), None);
        assert_eq!(entry_into_force_for(&RULE, &ps, "S00"), None);
        assert_eq!(force_state(&RULE, &ps, date(2025, 11, 19)), ForceState::NotInForce { counted: 0, required: 40 });
        let s = summary(&RULE, &ps);
        assert_eq!((s.signatories, s.parties, s.counted, s.remaining), (72, 0, 0, 40));
    }

    #[test]
    fn thirty_nine_is_below_threshold() {
        let ps = states(50, &daily(date(2026, 1, 1), 39));
        assert_eq!(counting_deposits(&RULE, &ps).len(), 39);
        assert_eq!(general_entry_into_force(&RULE, &ps), None);
        assert_eq!(threshold_date(&RULE, &ps), None);
        assert_eq!(force_state(&RULE, &ps, date(2030, 1, 1)), ForceState::NotInForce { counted: 39, required: 40 });
        assert_eq!(summary(&RULE, &ps).remaining, 1);
    }

    #[test]
    fn fortieth_on_a_day_with_several_deposits() {
        // 37 on separate days, then 3 on 2026-06-10: the count reaches 40 on 2026-06-10.
        let mut deps = daily(date(2026, 1, 1), 37);
        deps.extend([date(2026, 6, 10); 3]);
        let ps = states(40, &deps);
        assert_eq!(threshold_date(&RULE, &ps), Some(date(2026, 6, 10)));
        // 2026-06-10 + 90 days = 2026-09-08 (20 in June, 31 in July, 31 in August, 8).
        assert_eq!(general_entry_into_force(&RULE, &ps), Some(date(2026, 9, 8)));
        for p in &ps {
            assert_eq!(entry_into_force_for(&RULE, &ps, p.code.as_str()), Some(date(2026, 9, 8)));
        }
    }

    #[test]
    fn forty_first_on_the_threshold_day_gets_the_general_date() {
        // 38 earlier, then 3 on one day: the count passes from 38 to 41 that day.
        let mut deps = daily(date(2026, 1, 1), 38);
        deps.extend([date(2026, 6, 10); 3]);
        let ps = states(41, &deps);
        let counting = counting_deposits(&RULE, &ps);
        assert_eq!(counting.len(), 41);
        // Same-day deposits are ordered by code.
        let last3: Vec<&str> = counting[38..].iter().map(|(p, _)| p.code.as_str()).collect();
        assert_eq!(last3, ["S38", "S39", "S40"]);
        assert_eq!(threshold_date(&RULE, &ps), Some(date(2026, 6, 10)));
        // The 41st (S40) deposited on the threshold day itself: general date, not +30.
        assert_eq!(entry_into_force_for(&RULE, &ps, "S40"), Some(date(2026, 9, 8)));
    }

    #[test]
    fn counting_order_is_by_date_then_code_whatever_the_input_order() {
        let ps = vec![
            state("ZZ", None, Some(date(2026, 1, 2))),
            state("BB", None, Some(date(2026, 1, 1))),
            state("AA", None, Some(date(2026, 1, 2))),
            state("CC", None, None),
        ];
        let codes: Vec<&str> = counting_deposits(&RULE, &ps).iter().map(|(p, _)| p.code.as_str()).collect();
        assert_eq!(codes, ["BB", "AA", "ZZ"]);
    }

    #[test]
    fn organization_deposit_does_not_count() {
        // 39 States and the EU deposited: still 39 counting, not in force.
        let mut ps = states(39, &daily(date(2026, 1, 1), 39));
        ps.push(eu(Some(date(2026, 1, 1))));
        assert_eq!(counting_deposits(&RULE, &ps).len(), 39);
        assert_eq!(general_entry_into_force(&RULE, &ps), None);
        let s = summary(&RULE, &ps);
        assert_eq!(s.parties, 40);
        assert_eq!(s.counted, 39);
        assert_eq!(s.remaining, 1);
        assert_eq!(s.organizations_signed, 1);
        assert_eq!(s.states_signed, 39);
        assert_eq!(s.signatories, 40);
        assert_eq!(force_state(&RULE, &ps, date(2030, 1, 1)), ForceState::NotInForce { counted: 39, required: 40 });
        // With a rule that counts organizations, the EU would be the last one needed (first, by date and code).
        let extra = EntryIntoForceRule { organizations_count_extra: true, ..RULE };
        assert_eq!(counting_deposits(&extra, &ps).len(), 40);
        assert_eq!(threshold_date(&extra, &ps), Some(date(2026, 2, 8)));
    }

    #[test]
    fn organization_follows_the_later_party_rule_without_counting() {
        let mut ps = states(40, &daily(date(2026, 1, 1), 40));
        // Threshold 2026-02-09, general date 2026-05-10.
        assert_eq!(general_entry_into_force(&RULE, &ps), Some(date(2026, 5, 10)));
        ps.push(eu(Some(date(2026, 1, 5))));
        assert_eq!(entry_into_force_for(&RULE, &ps, "EU"), Some(date(2026, 5, 10)));
        ps.pop();
        ps.push(eu(Some(date(2026, 8, 1))));
        assert_eq!(entry_into_force_for(&RULE, &ps, "EU"), Some(date(2026, 8, 31)));
        // The EU's deposit moved nothing for the others.
        assert_eq!(general_entry_into_force(&RULE, &ps), Some(date(2026, 5, 10)));
    }

    #[test]
    fn later_state_after_entry_into_force_gets_thirty_days() {
        let mut deps = daily(date(2026, 1, 1), 40); // threshold 2026-02-09
        deps.push(date(2026, 7, 1));
        let ps = states(41, &deps);
        assert_eq!(general_entry_into_force(&RULE, &ps), Some(date(2026, 5, 10)));
        assert_eq!(entry_into_force_for(&RULE, &ps, "S40"), Some(date(2026, 7, 31)));
        assert_eq!(force_state(&RULE, &ps, date(2026, 7, 1)), ForceState::InForce { since: date(2026, 5, 10) });
    }

    #[test]
    fn later_state_before_general_date_waits_for_it() {
        // Deposits after the threshold day but within 30 days of the general date: max() rule.
        let mut deps = daily(date(2026, 1, 1), 40); // threshold 2026-02-09, general 2026-05-10
        deps.push(date(2026, 2, 10)); // +30 = 2026-03-12, before the general date
        deps.push(date(2026, 4, 20)); // +30 = 2026-05-20, after the general date
        deps.push(date(2026, 4, 10)); // +30 = 2026-05-10, the general date exactly
        let ps = states(43, &deps);
        assert_eq!(entry_into_force_for(&RULE, &ps, "S40"), Some(date(2026, 5, 10)));
        assert_eq!(entry_into_force_for(&RULE, &ps, "S41"), Some(date(2026, 5, 20)));
        assert_eq!(entry_into_force_for(&RULE, &ps, "S42"), Some(date(2026, 5, 10)));
    }

    #[test]
    fn scheduled_between_threshold_and_general_date() {
        let ps = states(40, &daily(date(2026, 1, 1), 40));
        let general = date(2026, 5, 10);
        assert_eq!(force_state(&RULE, &ps, date(2026, 2, 9)), ForceState::Scheduled { date: general });
        assert_eq!(force_state(&RULE, &ps, date(2026, 5, 9)), ForceState::Scheduled { date: general });
        assert_eq!(force_state(&RULE, &ps, general), ForceState::InForce { since: general });
    }

    #[test]
    fn leap_year_dates() {
        // Threshold reached on 2027-12-15: 16 days to 31 Dec, 31 in Jan, 29 in Feb 2028, 14 in March.
        let mut deps = daily(date(2027, 1, 1), 39);
        deps.push(date(2027, 12, 15));
        let ps = states(40, &deps);
        assert_eq!(general_entry_into_force(&RULE, &ps), Some(date(2028, 3, 14)));

        // Threshold reached on 2028-02-29 itself: +90 = 2028-05-29.
        let mut deps = daily(date(2027, 1, 1), 39);
        deps.push(date(2028, 2, 29));
        deps.push(date(2028, 3, 1)); // a later State
        let ps = states(41, &deps);
        assert_eq!(general_entry_into_force(&RULE, &ps), Some(date(2028, 5, 29)));
        assert_eq!(entry_into_force_for(&RULE, &ps, "S40"), Some(date(2028, 5, 29)));

        // General date landing on 2028-02-29: threshold reached on 2027-12-01.
        let mut deps = daily(date(2027, 1, 1), 39);
        deps.push(date(2027, 12, 1));
        deps.push(date(2028, 1, 30)); // later State: +30 = 2028-02-29 (the max() is equal)
        deps.push(date(2028, 2, 29)); // later State depositing on a leap day: +30 = 2028-03-30
        let ps = states(42, &deps);
        assert_eq!(general_entry_into_force(&RULE, &ps), Some(date(2028, 2, 29)));
        assert_eq!(entry_into_force_for(&RULE, &ps, "S40"), Some(date(2028, 2, 29)));
        assert_eq!(entry_into_force_for(&RULE, &ps, "S41"), Some(date(2028, 3, 30)));

        // The same span in a common year: 2026-12-15 + 90 = 2027-03-15.
        let mut deps = daily(date(2026, 1, 1), 39);
        deps.push(date(2026, 12, 15));
        let ps = states(40, &deps);
        assert_eq!(general_entry_into_force(&RULE, &ps), Some(date(2027, 3, 15)));
    }

    #[test]
    fn accession_without_signature_counts() {
        let mut ps = states(39, &daily(date(2026, 1, 1), 39));
        ps.push(Participant {
            code: "XA".into(),
            kind: ParticipantKind::State,
            signed: None,
            deposit: Some(Deposit { kind: InstrumentKind::Accession, date: date(2026, 3, 1) }),
        });
        assert_eq!(counting_deposits(&RULE, &ps).len(), 40);
        assert_eq!(threshold_date(&RULE, &ps), Some(date(2026, 3, 1)));
        assert_eq!(general_entry_into_force(&RULE, &ps), Some(date(2026, 5, 30)));
        let s = summary(&RULE, &ps);
        assert_eq!((s.signatories, s.parties, s.counted, s.remaining), (39, 40, 40, 0));
    }

    #[test]
    fn unknown_or_undeposited_participant_has_no_date() {
        let mut ps = states(40, &daily(date(2026, 1, 1), 40));
        ps.push(state("ND", Some(date(2025, 10, 25)), None));
        assert_eq!(entry_into_force_for(&RULE, &ps, "ND"), None);
        assert_eq!(entry_into_force_for(&RULE, &ps, "??"), None);
    }

    #[test]
    fn remaining_saturates_past_the_threshold() {
        let ps = states(45, &daily(date(2026, 1, 1), 45));
        let s = summary(&RULE, &ps);
        assert_eq!((s.counted, s.remaining), (45, 0));
    }

    #[test]
    fn zero_required_never_gives_a_date() {
        let rule = EntryIntoForceRule { instruments_required: 0, ..RULE };
        let ps = states(3, &daily(date(2026, 1, 1), 3));
        assert_eq!(general_entry_into_force(&rule, &ps), None);
    }

    #[test]
    fn output_does_not_depend_on_input_order() {
        let mut deps = daily(date(2026, 1, 1), 38);
        deps.extend([date(2026, 6, 10); 3]);
        let ps = states(41, &deps);
        let mut rev = ps.clone();
        rev.reverse();
        assert_eq!(summary(&RULE, &ps), summary(&RULE, &rev));
        assert_eq!(general_entry_into_force(&RULE, &ps), general_entry_into_force(&RULE, &rev));
        let a: Vec<_> = counting_deposits(&RULE, &ps).iter().map(|x| x.0.code.clone()).collect();
        let b: Vec<_> = counting_deposits(&RULE, &rev).iter().map(|x| x.0.code.clone()).collect();
        assert_eq!(a, b);
    }
}

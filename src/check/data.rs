//! Data consistency: facts that each parse and validate on their own but disagree with
//! each other. The convention's dates must follow each other (negotiated, adopted,
//! opened for signature, closed); a signature must fall inside the signature period, at
//! the place where the convention was open for signature that day; a statement cannot
//! predate its signature; a signatory deposits ratification, acceptance or approval
//! rather than accession; every source listed should be cited by some record; a name
//! given in `names` must be in one of the site's languages.
//!
//! Record-level rules (ISO codes, a deposit after its signature, dates up to `as_of`)
//! are checked while loading, in `content::data`.

use std::path::Path;

use jiff::civil::Date;

use crate::build::LoadedSite;
use crate::content::data::InstrumentKind;
use crate::diag::{Code, Diagnostic};

const CONVENTION: &str = "content/data/convention.yaml";
const SIGNATORIES: &str = "content/data/signatories.yaml";

pub fn check(loaded: &LoadedSite) -> Vec<Diagnostic> {
    let text_of =
        |name: &str| loaded.sources.data.iter().find(|f| f.path == Path::new(name)).map_or("", |f| f.text.as_str());
    let mut out = convention_dates(loaded, text_of(CONVENTION));
    out.extend(participants(loaded, text_of(SIGNATORIES)));
    out
}

fn convention_dates(loaded: &LoadedSite, text: &str) -> Vec<Diagnostic> {
    let c = &loaded.model.convention;
    // The negotiated draft is optional: not every treaty records one.
    let draft = c.negotiated_draft.as_ref().map(|d| ("negotiated_draft.date", "date of the negotiated draft", d.date));
    let steps: Vec<(&str, &str, Date)> = draft
        .into_iter()
        .chain([
            ("adopted.date", "adoption", c.adopted.date),
            ("signature.opening_from", "opening for signature", c.signature.opening_from),
            ("signature.opening_to", "end of the opening ceremony", c.signature.opening_to),
            ("signature.open_until", "close of the signature period", c.signature.open_until),
        ])
        .collect();
    let mut out = Vec::new();
    for pair in steps.windows(2) {
        let ((_, earlier, first), (key, later, second)) = (pair[0], pair[1]);
        if second < first {
            out.push(
                Diagnostic::error(
                    Code::Data,
                    c.spans.locate(key),
                    format!("the {later} ({second}) is before the {earlier} ({first})"),
                )
                .with_source(text),
            );
        }
    }
    if c.entry_into_force.instruments_required == 0 {
        out.push(
            Diagnostic::error(
                Code::Data,
                c.spans.locate("entry_into_force.instruments_required"),
                "`instruments_required` is 0: the convention would never need a deposit to enter into force",
            )
            .with_source(text),
        );
    }
    out
}

fn participants(loaded: &LoadedSite, text: &str) -> Vec<Diagnostic> {
    let model = &loaded.model;
    let period = &model.convention.signature;
    let data = &model.signatories;
    let mut out = Vec::new();
    for (i, record) in data.participants.iter().enumerate() {
        let at = |field: &str| data.spans.locate(&format!("participants[{i}].{field}"));
        let code = record.code.as_str();
        for lang in record.names.keys().filter(|l| model.config.lang_by_code(l).is_none()) {
            out.push(
                Diagnostic::warning(
                    Code::Data,
                    at("names"),
                    format!("{code}: `names` has a name in `{lang}`, which is not one of the site's languages"),
                )
                .with_hint("the name is never shown; use the site's language codes (site.yaml)")
                .with_source(text),
            );
        }
        if let Some(signature) = &record.signature {
            let date = signature.date;
            if date < period.opening_from || date > period.open_until {
                out.push(
                    Diagnostic::error(
                        Code::Data,
                        at("signature"),
                        format!(
                            "{code}: signed on {date}, outside the signature period ({} to {})",
                            period.opening_from, period.open_until
                        ),
                    )
                    .with_hint("check the date against the depositary's record")
                    .with_source(text),
                );
            } else if let Some(expected) = expected_place(period, date, &signature.place) {
                out.push(
                    Diagnostic::warning(
                        Code::Data,
                        at("signature"),
                        format!(
                            "{code}: signed at {} on {date}, but on that date the convention was open for signature at {expected}",
                            signature.place
                        ),
                    )
                    .with_source(text),
                );
            }
            for statement in &record.statements {
                if statement.date < date {
                    out.push(
                        Diagnostic::warning(
                            Code::Data,
                            at("statements"),
                            format!("{code}: a statement is dated {}, before the signature ({date})", statement.date),
                        )
                        .with_source(text),
                    );
                }
            }
            if let Some(deposit) = &record.deposit
                && deposit.kind == InstrumentKind::Accession
            {
                out.push(
                    Diagnostic::warning(
                        Code::Data,
                        at("deposit"),
                        format!("{code} signed, yet its instrument is recorded as an accession"),
                    )
                    .with_hint("a signatory deposits ratification, acceptance or approval; accession is for those that did not sign")
                    .with_source(text),
                );
            }
        }
    }
    for key in data.sources.keys() {
        let cited = data.participants.iter().any(|p| p.sources.contains(key));
        if !cited {
            out.push(
                Diagnostic::warning(
                    Code::Data,
                    source_location(data, key),
                    format!("source `{key}` is listed but no record cites it"),
                )
                .with_hint("cite it in a record's `sources`, or remove it")
                .with_source(text),
            );
        }
    }
    out
}

/// Where the source `key` is listed, in `sources` at the top of signatories.yaml.
fn source_location(data: &crate::content::data::SignatoriesData, key: &str) -> crate::diag::Location {
    let listed = data.spans.node("sources").and_then(|sources| sources.entry(key));
    listed.map_or_else(|| data.spans.locate("sources"), |(key, _)| key.location())
}

/// Where the convention was open for signature on `date`, when `place` names the other
/// place: the opening place during the opening, the later place after it.
fn expected_place<'p>(period: &'p crate::content::data::SignaturePeriod, date: Date, place: &str) -> Option<&'p str> {
    let (expected, other) = if date <= period.opening_to {
        (&period.opening_place, &period.then_place)
    } else {
        (&period.then_place, &period.opening_place)
    };
    let names = |long: &str| long.to_lowercase().contains(&place.trim().to_lowercase());
    (!place.trim().is_empty() && names(other) && !names(expected)).then_some(expected.as_str())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::content::data::SignaturePeriod;
    use jiff::civil::date;

    fn period() -> SignaturePeriod {
        SignaturePeriod {
            opening_place: "Lakeside, Freedonia (Congress Hall)".into(),
            opening_from: date(2025, 10, 25),
            opening_to: date(2025, 10, 26),
            then_place: "Headquarters, Rivertown".into(),
            open_until: date(2026, 12, 31),
            place_names: Default::default(),
        }
    }

    #[test]
    fn signatures_after_the_opening_belong_at_the_later_place() {
        let p = period();
        assert_eq!(expected_place(&p, date(2025, 10, 25), "Lakeside"), None);
        assert_eq!(expected_place(&p, date(2025, 11, 3), "Lakeside"), Some("Headquarters, Rivertown"));
        assert_eq!(expected_place(&p, date(2025, 11, 3), "Rivertown"), None);
        assert_eq!(expected_place(&p, date(2025, 11, 3), "Geneva"), None);
    }
}

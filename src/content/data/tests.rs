use super::*;

/// The made-up treaty of tests/fixtures/treaty/en-es.
const FIXTURE: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/treaty/en-es/content/data/convention.yaml");

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

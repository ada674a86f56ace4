//! The status pages' extras, in one language: the cumulative chart and the world map
//! (SVG drawn at build time, with text alternatives), the declarations section, the
//! reported events and the signature period, the Atom feed of status events, and the
//! open-data files (JSON and CSV) with their documented, stable schema (docs/open-data.md).

use std::collections::BTreeMap;

use serde::Serialize;
use tera::Value;

use crate::config::LangId;
use crate::content::data::{Confidence, InstrumentKind, ParticipantCode, ParticipantKind, StatementKind};
use crate::i18n::{Args, LanguageData};
use crate::model::SiteModel;
use crate::render::reported;
use crate::render::views::{self, participant_name, paths};
use crate::status::SignaturePeriod;
use crate::status::chart::{self, ChartLabels};
use crate::status::map::{self, MapLabels, Shade};
use crate::status::treaty::ForceState;

const WORLD: &str = include_str!("../../assets/world-110m.tsv");

/// Version of the open-data files' schema; raise it on any incompatible change.
pub const OPEN_DATA_SCHEMA: u32 = 1;

#[derive(Serialize)]
struct StatementRow {
    name: String,
    url: String,
    kind: String,
    date: String,
    date_text: String,
    /// The articles concerned, as one list in the page's language ("articles 18 and 19").
    articles: String,
    summary: String,
}

/// The sentence on the signature period, as of the data's date: open until a date, or
/// closed (then only accession).
pub fn signature_period_text(strings: &LanguageData, period: SignaturePeriod) -> String {
    match period {
        SignaturePeriod::Open { until } => {
            strings.format("signature_open_until", &Args { date: Some(until), ..Args::default() })
        }
        SignaturePeriod::Closed { on } => {
            strings.format("signature_closed", &Args { date: Some(on), ..Args::default() })
        }
    }
}

/// What the status page's template receives beside the page: each field is a value of
/// its context under the field's name.
pub struct StatusPageView {
    /// The cumulative chart, SVG and table accord made itself: marked safe.
    pub chart: String,
    /// The world map, SVG accord made itself: marked safe.
    pub map: String,
    /// The participants the map does not show, as one list in the page's language.
    pub map_missing: String,
    statements: Vec<StatementRow>,
    pub signature_period: String,
    pub status_rule: String,
    reported: Vec<reported::ReportedView>,
    reported_counts: Vec<reported::ReportedCountView>,
}

impl StatusPageView {
    /// Puts the view into a page's context, the SVG marked safe.
    pub fn insert_into(self, cx: &mut tera::Context) {
        cx.insert_value("chart", Value::safe_string(&self.chart));
        cx.insert_value("map", Value::safe_string(&self.map));
        cx.insert("map_missing", &self.map_missing);
        cx.insert("statements", &self.statements);
        cx.insert("signature_period", &self.signature_period);
        cx.insert("status_rule", &self.status_rule);
        cx.insert("reported", &self.reported);
        cx.insert("reported_counts", &self.reported_counts);
    }
}

/// The status page's own values, in one language.
pub fn status_page_view(model: &SiteModel, strings: &LanguageData, lang: &LangId, rtl: bool) -> StatusPageView {
    let status = &model.status;
    let fmt_tick = |d: jiff::civil::Date| strings.locale.format_date_medium(d);
    let fmt_date = |d: jiff::civil::Date| strings.locale.format_date(d);
    let fmt_number = |n: u32| strings.locale.format_integer(n.into());
    let required = Some(i64::from(status.required));
    let title = strings.text("chart_title");
    let desc = strings.format("chart_desc", &Args { date: Some(status.as_of), n: required, ..Args::default() });
    let x_axis = strings.text("chart_x");
    let y_axis = strings.text("chart_y");
    let required_line = strings.format("chart_required", &Args { n: required, ..Args::default() });
    let signatures = strings.text("chart_signatures");
    let deposits = strings.text("chart_deposits");
    let no_deposits = strings.text("chart_no_deposits");
    let table_summary = strings.text("chart_table");
    let labels = ChartLabels {
        title: &title,
        desc: &desc,
        x_axis: &x_axis,
        y_axis: &y_axis,
        required_line: &required_line,
        signatures: &signatures,
        deposits: &deposits,
        no_deposits: &no_deposits,
        table_summary: &table_summary,
        format_tick_date: &fmt_tick,
        format_date: &fmt_date,
        format_number: &fmt_number,
        dir: if rtl { "rtl" } else { "ltr" },
    };
    let chart_html = chart::cumulative_chart_html(&status.series, status.required, &labels);

    // The map knows its land by the codes in the SVG, plain strings.
    let shades: BTreeMap<String, Shade> = model
        .signatories
        .participants
        .iter()
        .map(|p| (p.code.to_string(), if p.deposit.is_some() { Shade::Party } else { Shade::Signed }))
        .collect();
    let names: BTreeMap<&str, String> = model
        .signatories
        .participants
        .iter()
        .map(|p| (p.code.as_str(), participant_name(strings, p, &model.config.default_lang)))
        .collect();
    let signed_word = strings.text("map_signed");
    let party_word = strings.text("map_party");
    let country_title = |code: &str, shade: Option<Shade>| {
        let name =
            names.get(code).cloned().or_else(|| strings.locale.region_name(code)).unwrap_or_else(|| code.to_owned());
        match shade {
            Some(Shade::Signed) => format!("{name}: {signed_word}"),
            Some(Shade::Party) => format!("{name}: {party_word}"),
            None => name,
        }
    };
    let map_title = strings.text("map_title");
    let map_desc = strings.format("map_desc", &Args { date: Some(status.as_of), ..Args::default() });
    let world = map::world_map_svg(
        WORLD,
        &shades,
        &MapLabels { title: &map_title, desc: &map_desc, country_title: &country_title },
    );
    let mut missing: Vec<String> =
        world.missing.iter().map(|c| names.get(c.as_str()).cloned().unwrap_or_else(|| c.clone())).collect();
    strings.locale.sort_by_collation(&mut missing, |s| s.as_str());

    let mut statements: Vec<StatementRow> = Vec::new();
    for p in &model.signatories.participants {
        for s in &p.statements {
            statements.push(StatementRow {
                name: names.get(p.code.as_str()).cloned().unwrap_or_default(),
                url: model.config.base_url.link(&paths::participant(lang.as_str(), &p.code)),
                kind: strings.text(match s.kind {
                    StatementKind::Declaration => "statement_declaration",
                    StatementKind::Reservation => "statement_reservation",
                    StatementKind::Notification => "statement_notification",
                }),
                date: s.date.to_string(),
                date_text: strings.locale.format_date(s.date),
                articles: strings.locale.format_list(
                    &s.articles
                        .iter()
                        .map(|n| strings.format("article_number", &Args { n: Some((*n).into()), ..Args::default() }))
                        .collect::<Vec<_>>(),
                ),
                summary: s.summary.clone(),
            });
        }
    }
    statements.sort_by(|a, b| a.date.cmp(&b.date).then_with(|| strings.locale.compare(&a.name, &b.name)));

    StatusPageView {
        chart: chart_html,
        map: world.svg,
        map_missing: strings.locale.format_list(&missing),
        statements,
        signature_period: signature_period_text(strings, status.signature_period),
        status_rule: entry_into_force_rule_text(model, strings),
        reported: reported::reported_views(model, strings, lang),
        reported_counts: reported::reported_count_views(model, strings),
    }
}

/// The entry-into-force rule in words, with the data's threshold and day count: `{n}` is
/// the number of instruments (its plural form chosen by it), `{total}` the days and
/// `{period}` the days in words ("90 days").
pub fn entry_into_force_rule_text(model: &SiteModel, strings: &LanguageData) -> String {
    let force = &model.convention.entry_into_force;
    let days = i64::from(force.days_after_threshold);
    let period = strings.format("day_count", &Args { n: Some(days), ..Args::default() });
    strings.format(
        "status_rule",
        &Args {
            n: Some(force.instruments_required.into()),
            total: Some(days),
            period: Some(&period),
            ..Args::default()
        },
    )
}

#[derive(Serialize)]
pub struct FeedEntry {
    id: String,
    title: String,
    date: String,
    url: String,
    /// A reported event, not confirmed by the depositary.
    reported: bool,
    /// The participant's status (a confirmed event), or what a reported event means.
    summary: String,
}

/// Status events (each signature and deposit, and each reported event, marked), newest
/// first, for the Atom feed.
pub fn feed_entries(model: &SiteModel, strings: &LanguageData, lang: &LangId) -> Vec<FeedEntry> {
    let host = model.config.base_url.absolute(&paths::chooser());
    let mut entries = Vec::new();
    let summaries: std::collections::BTreeMap<ParticipantCode, String> = views::participants_view(model, strings, lang)
        .iter()
        .map(|v| (v.code.clone(), views::participant_summary(model, strings, v)))
        .collect();
    for p in &model.signatories.participants {
        let summary = summaries.get(&p.code).cloned().unwrap_or_default();
        let name = participant_name(strings, p, &model.config.default_lang);
        let url = model.config.base_url.absolute(&paths::participant(lang.as_str(), &p.code));
        if let Some(s) = &p.signature {
            entries.push(FeedEntry {
                id: format!("{host}#signature-{}", p.code),
                title: strings.format("feed_signed", &Args { name: Some(&name), ..Args::default() }),
                date: s.date.to_string(),
                url: url.clone(),
                reported: false,
                summary: summary.clone(),
            });
        }
        if let Some(d) = &p.deposit {
            let kind = strings.text(instrument_key(d.kind)).to_lowercase();
            entries.push(FeedEntry {
                id: format!("{host}#deposit-{}", p.code),
                title: strings
                    .format("feed_deposited", &Args { name: Some(&name), kind: Some(&kind), ..Args::default() }),
                date: d.date.to_string(),
                url,
                reported: false,
                summary,
            });
        }
    }
    entries.extend(reported::feed_entries(model, strings, lang).into_iter().map(|e| FeedEntry {
        id: e.id,
        title: e.title,
        date: e.date,
        url: e.url,
        reported: true,
        summary: strings.format("reported_intro", &Args { date: Some(model.status.as_of), ..Args::default() }),
    }));
    entries.sort_by(|a, b| b.date.cmp(&a.date).then_with(|| a.id.cmp(&b.id)));
    entries
}

fn instrument_key(kind: InstrumentKind) -> &'static str {
    match kind {
        InstrumentKind::Ratification => "kind_ratification",
        InstrumentKind::Acceptance => "kind_acceptance",
        InstrumentKind::Approval => "kind_approval",
        InstrumentKind::Accession => "kind_accession",
    }
}

#[derive(Serialize)]
struct OpenData<'a> {
    schema_version: u32,
    as_of: String,
    convention: OpenConvention<'a>,
    summary: OpenSummary,
    participants: Vec<OpenParticipant<'a>>,
    /// Reported, not confirmed by the depositary; never in `summary`.
    reported: Vec<OpenReported<'a>>,
    reported_counts: Vec<OpenReportedCount<'a>>,
}

#[derive(Serialize)]
struct OpenReported<'a> {
    code: &'a ParticipantCode,
    name: &'a str,
    event: crate::content::data::ReportedKind,
    description: Option<&'a str>,
    date: String,
    /// `day` or `month`.
    date_precision: &'static str,
    /// The report only says it had happened by `date`.
    by: bool,
    sources: &'a [String],
    note: Option<&'a str>,
}

#[derive(Serialize)]
struct OpenReportedCount<'a> {
    count: u32,
    date: String,
    date_precision: &'static str,
    note: Option<&'a str>,
}

#[derive(Serialize)]
struct OpenConvention<'a> {
    title: &'a str,
    document: &'a str,
    instruments_required: u32,
    entry_into_force: OpenForce,
}

#[derive(Serialize)]
struct OpenForce {
    state: &'static str,
    date: Option<String>,
}

#[derive(Serialize)]
struct OpenSummary {
    signatories: u32,
    parties: u32,
    counted: u32,
    remaining: u32,
}

#[derive(Serialize)]
struct OpenParticipant<'a> {
    code: &'a ParticipantCode,
    name: &'a str,
    kind: ParticipantKind,
    signature: Option<OpenEvent<'a>>,
    deposit: Option<OpenDeposit>,
    entry_into_force: Option<String>,
    statements: usize,
    sources: Vec<&'a str>,
}

#[derive(Serialize)]
struct OpenEvent<'a> {
    date: String,
    place: &'a str,
    confidence: Confidence,
}

#[derive(Serialize)]
struct OpenDeposit {
    kind: InstrumentKind,
    date: String,
    confidence: Confidence,
}

/// `data/signatories.json` and `data/signatories.csv`.
pub fn open_data(model: &SiteModel) -> Result<Vec<(String, Vec<u8>)>, String> {
    let status = &model.status;
    let (state, date) = match status.force {
        ForceState::NotInForce { .. } => ("not-in-force", None),
        ForceState::Scheduled { date } => ("scheduled", Some(date.to_string())),
        ForceState::InForce { since } => ("in-force", Some(since.to_string())),
    };
    let participants: Vec<OpenParticipant<'_>> = model
        .signatories
        .participants
        .iter()
        .map(|p| OpenParticipant {
            code: &p.code,
            name: &p.name,
            kind: p.kind,
            signature: p.signature.as_ref().map(|s| OpenEvent {
                date: s.date.to_string(),
                place: &s.place,
                confidence: s.confidence,
            }),
            deposit: p.deposit.as_ref().map(|d| OpenDeposit {
                kind: d.kind,
                date: d.date.to_string(),
                confidence: d.confidence,
            }),
            entry_into_force: status.own_dates.get(&p.code).map(ToString::to_string),
            statements: p.statements.len(),
            sources: p.sources.iter().filter_map(|k| model.signatories.sources.get(k)).map(String::as_str).collect(),
        })
        .collect();
    let data = OpenData {
        schema_version: OPEN_DATA_SCHEMA,
        as_of: status.as_of.to_string(),
        convention: OpenConvention {
            title: &model.convention.title.short,
            document: &model.convention.adopted.document,
            instruments_required: status.required,
            entry_into_force: OpenForce { state, date },
        },
        summary: OpenSummary {
            signatories: status.summary.signatories,
            parties: status.summary.parties,
            counted: status.summary.counted,
            remaining: status.summary.remaining,
        },
        participants,
        reported: model
            .signatories
            .reported
            .iter()
            .map(|e| OpenReported {
                code: &e.code,
                name: model
                    .signatories
                    .participants
                    .iter()
                    .find(|p| p.code == e.code)
                    .map(|p| p.name.as_str())
                    .or(e.name.as_deref())
                    .unwrap_or(e.code.as_str()),
                event: e.event,
                description: e.description.as_deref(),
                date: e.date.to_string(),
                date_precision: e.date.precision(),
                by: e.by,
                sources: &e.sources,
                note: e.note.as_deref(),
            })
            .collect(),
        reported_counts: model
            .signatories
            .reported_counts
            .iter()
            .map(|c| OpenReportedCount {
                count: c.count,
                date: c.date.to_string(),
                date_precision: c.date.precision(),
                note: c.note.as_deref(),
            })
            .collect(),
    };
    let mut json = serde_json::to_string_pretty(&data).map_err(|e| e.to_string())?;
    json.push('\n');

    let mut csv = csv::Writer::from_writer(Vec::new());
    csv.write_record(CSV_HEADER).map_err(|e| e.to_string())?;
    for p in &data.participants {
        let kind = p.kind.as_str();
        let confidence = |c: Confidence| if c == Confidence::Verified { "verified" } else { "inferred" };
        let deposit_kind = p.deposit.as_ref().map(|d| d.kind.as_str()).unwrap_or("");
        let record = [
            p.code.as_str(),
            p.name,
            kind,
            p.signature.as_ref().map_or("", |s| s.date.as_str()),
            p.signature.as_ref().map_or("", |s| s.place),
            p.signature.as_ref().map_or("", |s| confidence(s.confidence)),
            deposit_kind,
            p.deposit.as_ref().map_or("", |d| d.date.as_str()),
            p.entry_into_force.as_deref().unwrap_or(""),
        ];
        csv.write_record(record.map(|cell| spreadsheet_safe(cell).into_owned())).map_err(|e| e.to_string())?;
    }
    let csv = csv.into_inner().map_err(|e| e.to_string())?;
    let [json_path, csv_path] = OPEN_DATA_FILES;
    Ok(vec![(json_path.into(), json.into_bytes()), (csv_path.into(), csv)])
}

/// The open data files, by output path: the JSON, then the CSV.
pub const OPEN_DATA_FILES: [&str; 2] = ["data/signatories.json", "data/signatories.csv"];

/// A CSV cell that a spreadsheet will not run as a formula: one that starts with `=`,
/// `+`, `-`, `@`, a tab or a carriage return gets a leading `'`, as OWASP advises for CSV
/// injection. The JSON keeps the value as it is.
fn spreadsheet_safe(cell: &str) -> std::borrow::Cow<'_, str> {
    if cell.starts_with(['=', '+', '-', '@', '\t', '\r']) { format!("'{cell}").into() } else { cell.into() }
}

/// The CSV's columns, in order (documented in docs/open-data.md).
pub const CSV_HEADER: [&str; 9] = [
    "code",
    "name",
    "kind",
    "signature_date",
    "signature_place",
    "signature_confidence",
    "deposit_kind",
    "deposit_date",
    "entry_into_force",
];

/// schema.org `Legislation` for the convention or one of its articles, as JSON safe to
/// put inside a `<script>` element.
pub fn legislation_json_ld(model: &SiteModel, lang: &LangId, url: &str, article: Option<(u32, &str)>) -> String {
    let force = match model.status.force {
        ForceState::InForce { .. } => "https://schema.org/InForce",
        _ => "https://schema.org/NotInForce",
    };
    let mut convention = serde_json::json!({
        "@type": "Legislation",
        "name": model.convention_title(lang),
        "legislationIdentifier": model.convention.adopted.document,
        "legislationDate": model.convention.adopted.date.to_string(),
        "legislationLegalForce": force,
        "legislationType": "Treaty",
    });
    if let Some(other) = &model.convention.title.also_known_as {
        convention["alternateName"] = other.as_str().into();
    }
    let value = match article {
        Some((number, title)) => serde_json::json!({
            "@context": "https://schema.org",
            "@type": "Legislation",
            "name": title,
            "legislationIdentifier": format!("{} art. {number}", model.convention.adopted.document),
            "legislationLegalForce": force,
            "inLanguage": lang.as_str(),
            "url": url,
            "isPartOf": convention,
        }),
        None => {
            let mut c = convention;
            c["@context"] = "https://schema.org".into();
            c["inLanguage"] = lang.as_str().into();
            c["url"] = url.into();
            c
        }
    };
    json_for_script(&value)
}

/// JSON to put inside a `<script>` element. `<`, `>` and `&` are written as `\u003c`,
/// `\u003e` and `\u0026`: JSON means the same by them, and the HTML parser then cannot see
/// `</script>` or `<!--` (which would hide the rest of the page) in a title. They only
/// ever occur inside JSON strings, where the escapes are valid; U+2028 and U+2029 are
/// escaped too, for scripts that read the element as JavaScript.
pub fn json_for_script(value: &serde_json::Value) -> String {
    let json = value.to_string();
    let mut safe = String::with_capacity(json.len());
    for c in json.chars() {
        match c {
            '<' => safe.push_str("\\u003c"),
            '>' => safe.push_str("\\u003e"),
            '&' => safe.push_str("\\u0026"),
            '\u{2028}' => safe.push_str("\\u2028"),
            '\u{2029}' => safe.push_str("\\u2029"),
            c => safe.push(c),
        }
    }
    safe
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn csv_cells_a_spreadsheet_would_run_as_formulas_are_neutralized() {
        for formula in ["=HYPERLINK(\"x\")", "+1", "-2+3", "@SUM(A1)", "\tx", "\rx"] {
            assert_eq!(spreadsheet_safe(formula), format!("'{formula}"));
        }
        for plain in ["Viet Nam", "2025-10-25", "Côte d'Ivoire", ""] {
            assert_eq!(spreadsheet_safe(plain), plain);
        }
    }

    #[test]
    fn json_in_a_script_cannot_end_or_comment_out_the_script() {
        // The bug: a title holding `<!--<script>` put the browser's parser in a state in
        // which the rest of the page was script: every article page was blank.
        let title = "Convention <!--<script></script> & more \u{2028}";
        let json = json_for_script(&serde_json::json!({ "name": title, "list": ["</script>"] }));
        assert!(!json.contains(['<', '>', '&', '\u{2028}']), "{json}");
        let back: serde_json::Value = serde_json::from_str(&json).unwrap();
        assert_eq!(back["name"], title);
        assert_eq!(back["list"][0], "</script>");
    }
}

//! Reported events as the pages show them, in one language: each with its date at its
//! precision ("July 2026", "by February 2026"), what was reported, and its sources
//! (links for URLs, text otherwise), on the status page, on the participant's own page
//! and in the status feed, always marked as reported and apart from the confirmed records.
//!
//! It only shows; what counts is decided in `status` (reported events never do).

use serde::Serialize;

use crate::config::LangId;
use crate::content::data::{ParticipantCode, ReportedDate, ReportedEvent, ReportedKind};
use crate::content::reported::source_url;
use crate::i18n::{Args, LanguageData};
use crate::model::SiteModel;
use crate::render::views::{SourceView, participant_name, paths};

/// One reported event in one language.
#[derive(Serialize, Clone)]
pub struct ReportedView {
    pub code: ParticipantCode,
    pub name: String,
    pub url: String,
    /// What was reported: "Signature", "Domestic approval (not a deposit)" …
    pub kind: String,
    /// The data's own words (English).
    pub description: Option<String>,
    /// `2026-07` or `2026-02-10`: a valid `<time datetime>` at the date's precision.
    pub date: String,
    pub date_text: String,
    pub sources: Vec<SourceView>,
    /// In English.
    pub note: Option<String>,
}

/// A count of signatories given in the news.
#[derive(Serialize)]
pub struct ReportedCountView {
    pub date: String,
    pub text: String,
    pub note: Option<String>,
}

/// The name of a participant or of a State known only from a reported event, in a language.
pub fn reported_name(model: &SiteModel, strings: &LanguageData, event: &ReportedEvent) -> String {
    let default = &model.config.default_lang;
    if let Some(record) = model.signatories.participants.iter().find(|p| p.code == event.code) {
        return participant_name(strings, record, default);
    }
    let english = event.name.clone().unwrap_or_else(|| event.code.to_string());
    if strings.id == *default {
        return english;
    }
    strings.locale.region_name(event.code.as_str()).unwrap_or(english)
}

/// A reported date at its precision, with "by" when the report only says it had happened by then.
pub fn date_text(strings: &LanguageData, date: ReportedDate, by: bool) -> String {
    let text = match date {
        ReportedDate::Day(day) => strings.locale.format_date(day),
        ReportedDate::Month { year, month } => strings.locale.format_month(year, month),
    };
    if by { strings.format("reported_by_date", &Args { date_text: Some(&text), ..Args::default() }) } else { text }
}

fn kind_key(kind: ReportedKind) -> &'static str {
    match kind {
        ReportedKind::Signature => "reported_kind_signature",
        ReportedKind::DomesticApproval => "reported_kind_domestic_approval",
        ReportedKind::Other => "reported_kind_other",
    }
}

/// Every reported event, oldest first (a month sorts as its first day), then by name.
pub fn reported_views(model: &SiteModel, strings: &LanguageData, lang: &LangId) -> Vec<ReportedView> {
    let mut events: Vec<(jiff::civil::Date, ReportedView)> = model
        .signatories
        .reported
        .iter()
        .map(|e| {
            let view = ReportedView {
                code: e.code.clone(),
                name: reported_name(model, strings, e),
                url: model.config.base_url.link(&paths::participant(lang.as_str(), &e.code)),
                kind: strings.text(kind_key(e.event)),
                description: e.description.clone(),
                date: e.date.to_string(),
                date_text: date_text(strings, e.date, e.by),
                sources: e
                    .sources
                    .iter()
                    .map(|s| SourceView { url: source_url(s).map(str::to_owned), text: s.clone() })
                    .collect(),
                note: e.note.clone(),
            };
            (e.date.first_day(), view)
        })
        .collect();
    events.sort_by(|a, b| a.0.cmp(&b.0).then_with(|| strings.locale.compare(&a.1.name, &b.1.name)));
    events.into_iter().map(|(_, v)| v).collect()
}

pub fn reported_count_views(model: &SiteModel, strings: &LanguageData) -> Vec<ReportedCountView> {
    model
        .signatories
        .reported_counts
        .iter()
        .map(|c| {
            let date = date_text(strings, c.date, false);
            ReportedCountView {
                date: c.date.to_string(),
                text: strings.format(
                    "reported_count",
                    &Args { n: Some(c.count.into()), date_text: Some(&date), ..Args::default() },
                ),
                note: c.note.clone(),
            }
        })
        .collect()
}

/// Codes known only from reported events (no record in `participants`), each once, with
/// the English name: they get a page of their own, which says that the depositary's
/// records do not show them.
pub fn reported_only(model: &SiteModel) -> Vec<(&ParticipantCode, &ReportedEvent)> {
    let mut out: Vec<(&ParticipantCode, &ReportedEvent)> = Vec::new();
    for event in &model.signatories.reported {
        let known = model.signatories.participants.iter().any(|p| p.code == event.code);
        if !known && !out.iter().any(|(code, _)| **code == event.code) {
            out.push((&event.code, event));
        }
    }
    out.sort_by_key(|(code, _)| *code);
    out
}

/// An Atom entry for a reported event: the `reported` flag marks it as such in the feed.
#[derive(Serialize)]
pub struct ReportedFeedEntry {
    pub id: String,
    pub title: String,
    /// A day for Atom's `updated`: a month's first day.
    pub date: String,
    pub url: String,
}

pub fn feed_entries(model: &SiteModel, strings: &LanguageData, lang: &LangId) -> Vec<ReportedFeedEntry> {
    let host = model.config.base_url.absolute(&paths::chooser());
    model
        .signatories
        .reported
        .iter()
        .map(|e| {
            let name = reported_name(model, strings, e);
            // Mid-sentence, as the feed's deposits write their kind.
            let kind = strings.text(kind_key(e.event)).to_lowercase();
            let date = date_text(strings, e.date, e.by);
            let event = e.event.as_str();
            ReportedFeedEntry {
                id: format!("{host}#reported-{}-{event}-{}", e.code, e.date),
                title: strings.format(
                    "feed_reported",
                    &Args { name: Some(&name), kind: Some(&kind), date_text: Some(&date), ..Args::default() },
                ),
                date: e.date.first_day().to_string(),
                url: model.config.base_url.absolute(&paths::participant(lang.as_str(), &e.code)),
            }
        })
        .collect()
}

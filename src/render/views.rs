//! View models: the values templates receive, built from the model in one language.
//! Values shared by every page of a language (navigation, the convention's table of
//! contents, status figures, UI strings) are built once per language and shared.
//!
//! Dates and numbers are formatted here with ICU, so templates never format.

use serde::Serialize;

use crate::config::{LangId, Language};
use crate::content::data::{Confidence, InstrumentKind, ParticipantCode, ParticipantRecord};
use crate::content::{PageKey, PageKind};
use crate::i18n::{Args, LanguageData};
use crate::model::SiteModel;
use crate::render::reported::{ReportedView, reported_views};
use crate::status::treaty::ForceState;
use crate::url::SitePath;

/// Where every kind of page is: the URL scheme lives below `render`, in `crate::url`.
pub use crate::url::paths;

#[derive(Serialize, Clone)]
pub struct LangView {
    pub code: LangId,
    pub name: String,
    pub dir: &'static str,
}

impl LangView {
    pub fn of(lang: &Language) -> Self {
        LangView { code: lang.id.clone(), name: lang.name.clone(), dir: lang.dir.as_str() }
    }
}

#[derive(Serialize)]
pub struct SiteView {
    pub title: String,
    pub base: String,
    pub languages: Vec<LangView>,
}

#[derive(Serialize)]
pub struct NavItem {
    pub key: &'static str,
    pub title: String,
    pub url: String,
}

#[derive(Serialize, Clone)]
pub struct ArticleLink {
    pub number: u32,
    pub label: String,
    pub title: String,
    pub url: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// Set when the description is shown in another language than the page's.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub description_lang: Option<LangId>,
}

#[derive(Serialize, Clone)]
pub struct ChapterView {
    pub number: u32,
    pub label: String,
    pub title: String,
    pub url: String,
    pub span: String,
    pub articles: Vec<ArticleLink>,
}

#[derive(Serialize)]
pub struct ConventionView {
    pub chapters: Vec<ChapterView>,
    pub chapter_count: usize,
    pub article_count: usize,
}

#[derive(Serialize)]
pub struct StatusView {
    pub as_of: String,
    pub required: u32,
    pub counted: u32,
    pub remaining: u32,
    pub signatories: u32,
    pub parties: u32,
    pub signatories_n: String,
    pub parties_n: String,
    pub signatories_text: String,
    /// Participants with a reported, unconfirmed signature, never in `signatories`.
    pub reported_signatures: u32,
    /// ", 2 more reported", written to follow `signatories_text`; empty when there are none.
    pub reported_text: String,
    pub parties_text: String,
    pub counted_text: String,
    pub remaining_text: String,
    pub state: &'static str,
    pub state_text: String,
    /// `NotInForce` or `InForce`, for schema.org.
    pub legal_force: &'static str,
}

/// Builds the link to an article in a language.
pub fn article_link(model: &SiteModel, strings: &LanguageData, lang: &LangId, number: u32) -> ArticleLink {
    ArticleLink {
        number,
        label: strings.format("article_number", &Args { n: Some(number.into()), ..Args::default() }),
        title: model.article_title(lang, number).to_owned(),
        url: model.config.base_url.link(&paths::article(lang.as_str(), number)),
        description: None,
        description_lang: None,
    }
}

/// The convention's chapters and articles in one language, with each article's
/// description (in this language when translated, else the source's, marked).
pub fn convention_view(model: &SiteModel, strings: &LanguageData, lang: &LangId) -> ConventionView {
    let chapters: Vec<ChapterView> = model
        .convention
        .chapters
        .iter()
        .map(|chapter| {
            let articles: Vec<ArticleLink> = chapter
                .articles
                .iter()
                .map(|a| {
                    let mut link = article_link(model, strings, lang, a.number);
                    let key = crate::content::PageKey::new(format!(
                        "convention/chapter-{:02}/article-{:02}",
                        chapter.number, a.number
                    ));
                    if let Some(variant) = model.variant_of(lang, &key) {
                        link.description = variant.file.front.description.clone();
                        if variant.state == crate::model::TranslationState::Missing {
                            link.description_lang = Some(model.config.default_lang.clone());
                        }
                    }
                    link
                })
                .collect();
            let first = articles.first().map_or(0, |a| a.number);
            let last = articles.last().map_or(0, |a| a.number);
            let span = if first == last {
                strings.format("article_number", &Args { n: Some(first.into()), ..Args::default() })
            } else {
                strings.format(
                    "articles_span",
                    &Args { from: Some(first.into()), to: Some(last.into()), ..Args::default() },
                )
            };
            ChapterView {
                number: chapter.number,
                label: strings.format("chapter_number", &Args { n: Some(chapter.number.into()), ..Args::default() }),
                title: model.chapter_title(lang, chapter.number).to_owned(),
                url: model.config.base_url.link(&paths::chapter(lang.as_str(), chapter.number)),
                span,
                articles,
            }
        })
        .collect();
    let article_count = chapters.iter().map(|c| c.articles.len()).sum();
    ConventionView { chapter_count: chapters.len(), article_count, chapters }
}

/// The site's navigation: the status and news pages, which are always built, and those of
/// the pages written in `content/` that the site has (in any language, since a missing translation
/// is built from the default language).
pub fn nav(model: &SiteModel, strings: &LanguageData, lang: &LangId) -> Vec<NavItem> {
    let lang = lang.as_str();
    let item = |key: &'static str, label: &str, path: SitePath| NavItem {
        key,
        title: strings.text(label),
        url: model.config.base_url.link(&path),
    };
    let has = |page: &str| model.files.contains_key(&PageKey::new(page));
    [
        has("").then(|| item("home", "nav_home", paths::home(lang))),
        has("convention").then(|| item("convention", "nav_convention", paths::overview(lang))),
        Some(item("status", "nav_status", paths::status(lang))),
        has("glossary").then(|| item("glossary", "nav_glossary", paths::glossary(lang))),
        Some(item("news", "nav_news", paths::news(lang))),
        has("about").then(|| item("about", "nav_about", paths::about(lang))),
    ]
    .into_iter()
    .flatten()
    .collect()
}

/// The glossary (`glossary.md`): its `##` terms are sorted by the language's collation and
/// indexed by their first letter.
pub fn is_glossary(kind: &PageKind) -> bool {
    matches!(kind, PageKind::Page(key) if key == "glossary")
}

/// Which navigation entry a page belongs to.
pub fn section_of(kind: &PageKind) -> &'static str {
    match kind {
        PageKind::Home => "home",
        PageKind::Overview | PageKind::Chapter(_) | PageKind::Article { .. } => "convention",
        PageKind::NewsIndex | PageKind::News(_) => "news",
        kind if is_glossary(kind) => "glossary",
        PageKind::Page(key) if key == "about" || key.starts_with("about/") => "about",
        PageKind::Page(_) => "",
    }
}

pub fn status_view(model: &SiteModel, strings: &LanguageData) -> StatusView {
    let status = &model.status;
    let s = &status.summary;
    let n = |v: u32| Some(i64::from(v));
    let confirmed = s.signatories.saturating_sub(status.inferred_signatures);
    let reported = status.reported_signatures.saturating_add(status.inferred_signatures);
    let (state, state_text, legal_force) = match status.force {
        ForceState::NotInForce { .. } => ("not-in-force", strings.text("status_not_in_force"), "NotInForce"),
        ForceState::Scheduled { date } => (
            "scheduled",
            strings.format("status_scheduled", &Args { date: Some(date), ..Args::default() }),
            "NotInForce",
        ),
        ForceState::InForce { since } => {
            ("in-force", strings.format("status_in_force", &Args { date: Some(since), ..Args::default() }), "InForce")
        }
    };
    StatusView {
        as_of: status.as_of.to_string(),
        required: status.required,
        counted: s.counted,
        remaining: s.remaining,
        signatories: s.signatories,
        parties: s.parties,
        signatories_n: strings.locale.format_integer(confirmed.into()),
        parties_n: strings.locale.format_integer(s.parties.into()),
        // With reported signatures beside them (reported events, and records whose
        // signature is only inferred), the confirmed ones say they are confirmed.
        signatories_text: strip_number(
            &strings.format(
                if reported > 0 { "status_signatories_confirmed" } else { "status_signatories" },
                &Args { n: n(confirmed), ..Args::default() },
            ),
            &strings.locale.format_integer(confirmed.into()),
        ),
        reported_signatures: reported,
        reported_text: if reported > 0 {
            strings.format("status_reported_more", &Args { n: n(reported), ..Args::default() })
        } else {
            String::new()
        },
        parties_text: strip_number(
            &strings.format("status_parties", &Args { n: n(s.parties), ..Args::default() }),
            &strings.locale.format_integer(s.parties.into()),
        ),
        counted_text: strings
            .format("status_counted", &Args { n: n(s.counted), total: n(status.required), ..Args::default() }),
        remaining_text: strings.format("status_remaining", &Args { n: n(s.remaining), ..Args::default() }),
        state,
        state_text,
        legal_force,
    }
}

/// "72 signatories" shown as a big figure and a label: the label without the number.
fn strip_number(text: &str, number: &str) -> String {
    text.replacen(number, "", 1).trim().to_owned()
}

/// One row of the participants table, and the participant's own page.
#[derive(Serialize)]
pub struct ParticipantView {
    pub code: ParticipantCode,
    pub name: String,
    pub url: String,
    pub kind: String,
    pub signed: Option<String>,
    pub signed_text: Option<String>,
    pub signed_sentence: Option<String>,
    pub signed_inferred: bool,
    pub deposit: Option<String>,
    pub deposit_text: Option<String>,
    pub deposit_abbr: Option<String>,
    pub deposit_sentence: Option<String>,
    pub own_entry_into_force: Option<String>,
    pub statements: Vec<StatementView>,
    pub notes: Vec<String>,
    pub sources: Vec<SourceView>,
    /// What is reported of this participant and not confirmed by the depositary.
    pub reported: Vec<ReportedView>,
}

#[derive(Serialize)]
pub struct StatementView {
    pub kind: String,
    pub date: String,
    pub date_text: String,
    /// The articles concerned, as one list in the page's language.
    pub articles: String,
    /// In English: statements are summarized in the data's language.
    pub summary: String,
    pub inferred: bool,
}

#[derive(Serialize, Clone)]
pub struct SourceView {
    pub url: Option<String>,
    pub text: String,
}

/// The participant's name in a language: ICU's country name, else the data's (English) name.
/// The participant's name in a language: the data's own name for that language when it
/// gives one (the UN's designation where ICU's differs), else ICU's country name, else the
/// data's English name.
pub fn participant_name(strings: &LanguageData, record: &ParticipantRecord, default_lang: &LangId) -> String {
    if strings.id == *default_lang {
        return record.name.clone();
    }
    if let Some(name) = record.names.get(strings.id.as_str()) {
        return name.clone();
    }
    strings.locale.region_name(record.code.as_str()).unwrap_or_else(|| record.name.clone())
}

/// A signature place in a language: its name in convention.yaml's `place_names`, else as
/// signatories.yaml writes it.
pub fn place_name(model: &SiteModel, strings: &LanguageData, place: &str) -> String {
    model
        .convention
        .signature
        .place_names
        .get(place)
        .and_then(|names| names.get(strings.id.as_str()))
        .cloned()
        .unwrap_or_else(|| place.to_owned())
}

pub fn participants_view(model: &SiteModel, strings: &LanguageData, lang: &LangId) -> Vec<ParticipantView> {
    let reported = reported_views(model, strings, lang);
    let reported_of = |code: &ParticipantCode| reported.iter().filter(|r| r.code == *code).cloned().collect::<Vec<_>>();
    let mut rows: Vec<ParticipantView> = model
        .signatories
        .participants
        .iter()
        .map(|p| {
            let name = participant_name(strings, p, &model.config.default_lang);
            let signed = p.signature.as_ref();
            let place = signed.map(|s| place_name(model, strings, &s.place));
            let deposit = p.deposit.as_ref();
            let kind_key = |k: InstrumentKind| match k {
                InstrumentKind::Ratification => ("kind_ratification", None),
                InstrumentKind::Acceptance => ("kind_acceptance", Some("abbr_acceptance")),
                InstrumentKind::Approval => ("kind_approval", Some("abbr_approval")),
                InstrumentKind::Accession => ("kind_accession", Some("abbr_accession")),
            };
            ParticipantView {
                code: p.code.clone(),
                url: model.config.base_url.link(&paths::participant(lang.as_str(), &p.code)),
                kind: strings.text(match p.kind {
                    crate::content::data::ParticipantKind::State => "kind_state",
                    crate::content::data::ParticipantKind::Organization => "kind_organization",
                }),
                signed: signed.map(|s| s.date.to_string()),
                signed_text: signed.map(|s| strings.locale.format_date(s.date)),
                signed_sentence: signed.map(|s| {
                    strings
                        .format("signed_on", &Args { date: Some(s.date), place: place.as_deref(), ..Args::default() })
                }),
                signed_inferred: signed.is_some_and(|s| s.confidence == Confidence::Inferred),
                deposit: deposit.map(|d| d.date.to_string()),
                deposit_text: deposit.map(|d| strings.locale.format_date(d.date)),
                deposit_abbr: deposit.and_then(|d| kind_key(d.kind).1.map(|k| strings.text(k))),
                deposit_sentence: deposit.map(|d| {
                    strings.format(
                        "deposited_on",
                        &Args { name: Some(&strings.text(kind_key(d.kind).0)), date: Some(d.date), ..Args::default() },
                    )
                }),
                own_entry_into_force: model
                    .status
                    .own_dates
                    .get(&p.code)
                    .map(|d| strings.format("own_entry_into_force", &Args { date: Some(*d), ..Args::default() })),
                statements: p
                    .statements
                    .iter()
                    .map(|s| StatementView {
                        kind: strings.text(match s.kind {
                            crate::content::data::StatementKind::Declaration => "statement_declaration",
                            crate::content::data::StatementKind::Reservation => "statement_reservation",
                            crate::content::data::StatementKind::Notification => "statement_notification",
                        }),
                        date: s.date.to_string(),
                        date_text: strings.locale.format_date(s.date),
                        articles: strings.locale.format_list(
                            &s.articles
                                .iter()
                                .map(|n| {
                                    strings.format("article_number", &Args { n: Some((*n).into()), ..Args::default() })
                                })
                                .collect::<Vec<_>>(),
                        ),
                        summary: s.summary.clone(),
                        inferred: s.confidence == Confidence::Inferred,
                    })
                    .collect(),
                notes: p.notes.clone(),
                sources: p
                    .sources
                    .iter()
                    .filter_map(|key| model.signatories.sources.get(key))
                    .map(|text| SourceView {
                        url: text.starts_with("https://").then(|| text.clone()),
                        text: text.clone(),
                    })
                    .collect(),
                reported: reported_of(&p.code),
                name,
            }
        })
        .collect();
    strings.locale.sort_by_collation(&mut rows, |r| r.name.as_str());
    rows
}

/// The page of a State known only from reported events: no confirmed fact, only what is
/// reported (the template says the depositary's records do not show it).
pub fn reported_only_views(model: &SiteModel, strings: &LanguageData, lang: &LangId) -> Vec<ParticipantView> {
    let reported = reported_views(model, strings, lang);
    crate::render::reported::reported_only(model)
        .into_iter()
        .map(|(code, event)| ParticipantView {
            code: code.clone(),
            name: crate::render::reported::reported_name(model, strings, event),
            url: model.config.base_url.link(&paths::participant(lang.as_str(), code)),
            kind: strings.text("kind_state"),
            signed: None,
            signed_text: None,
            signed_sentence: None,
            signed_inferred: false,
            deposit: None,
            deposit_text: None,
            deposit_abbr: None,
            deposit_sentence: None,
            own_entry_into_force: None,
            statements: Vec::new(),
            notes: Vec::new(),
            sources: Vec::new(),
            reported: reported.iter().filter(|r| r.code == *code).cloned().collect(),
        })
        .collect()
}

/// "France: Signed on … · No instrument deposited yet": a participant's page described,
/// and its events' summary in the feed.
pub fn participant_summary(model: &SiteModel, strings: &LanguageData, p: &ParticipantView) -> String {
    let signature = p.signed_sentence.clone().unwrap_or_else(|| {
        strings.format("no_confirmed_signature", &Args { date: Some(model.status.as_of), ..Args::default() })
    });
    let deposit = p.deposit_sentence.clone().unwrap_or_else(|| strings.text("no_deposit"));
    format!("{}{}{signature} · {deposit}", p.name, strings.text("colon"))
}

//! What every page of a language shares, built once per language and render ([`Shared`]),
//! and the shell of every page's view ([`ShellView`]: title, addresses, alternates, the
//! language switcher, the footer's links), which each page kind's view extends.
//!
//! Addresses come from `crate::url` only: a page is a [`SitePath`], and the base URL
//! makes its link and permalink.

use std::collections::BTreeMap;
use std::sync::OnceLock;

use serde::Serialize;
use tera::{Context, Value};

use crate::config::{LangId, Language};
use crate::content::data::ParticipantCode;
use crate::content::{PageKey, PageKind};
use crate::i18n::{Args, LanguageData};
use crate::markdown::TocEntry;
use crate::model::{SiteModel, TranslationState};
use crate::render::views::{self, ConventionView, LangView, SiteView};
use crate::url::{SitePath, paths};

use super::RenderInput;

/// Values every page of one language shares, built once: the template values, and the
/// typed views that some pages take a part of (a chapter page its chapter).
pub(crate) struct Shared {
    lang_code: Value,
    lang: Value,
    site: Value,
    t: Value,
    nav: Value,
    conv: Value,
    status: Value,
    news: Value,
    pub convention: ConventionView,
    /// Every news item, newest first (the news index lists them all).
    pub news_all: Vec<NewsItem>,
    /// The participants' views, made when the status or a participant page first needs
    /// them.
    pub participants: OnceLock<Participants>,
}

/// The participants of one language: the status page's table and each one's own page.
pub(crate) struct Participants {
    pub table: Value,
    /// By code: the name, the page's description and the view (`p`).
    pub pages: BTreeMap<ParticipantCode, (String, String, Value)>,
}

impl Shared {
    pub fn of(input: &RenderInput<'_>, language: &Language) -> Shared {
        let model = input.model;
        let strings = input.i18n.get(&language.id);
        let lang = language.id.as_str();
        let convention = views::convention_view(model, strings, &language.id);
        let news_all = news_items(model, strings, &language.id);
        Shared {
            lang_code: Value::from(lang),
            lang: Value::from_serializable(&LangView::of(language)),
            site: Value::from_serializable(&site_view(model, &language.id)),
            t: Value::from_serializable(&strings.plain_strings()),
            nav: Value::from_serializable(&views::nav(model, strings, &language.id)),
            conv: Value::from_serializable(&convention),
            status: Value::from_serializable(&views::status_view(model, strings)),
            news: Value::from_serializable(&news_all.iter().take(5).collect::<Vec<_>>()),
            convention,
            news_all,
            participants: OnceLock::new(),
        }
    }

    /// The context of a page of this language, before the page's own values.
    pub fn context(&self) -> Context {
        let mut cx = self.site_context();
        cx.insert_value("conv", self.conv.clone());
        cx.insert_value("news", self.news.clone());
        cx
    }

    /// The context of a file outside the language folders (the chooser, the 404 page):
    /// no convention or news of a language.
    pub fn site_context(&self) -> Context {
        let mut cx = Context::new();
        cx.insert_value("lang_code", self.lang_code.clone());
        cx.insert_value("lang", self.lang.clone());
        cx.insert_value("site", self.site.clone());
        cx.insert_value("t", self.t.clone());
        cx.insert_value("nav", self.nav.clone());
        cx.insert_value("status", self.status.clone());
        cx
    }

    pub fn participants(&self, input: &RenderInput<'_>, lang: &LangId) -> &Participants {
        self.participants.get_or_init(|| {
            let model = input.model;
            let strings = input.i18n.get(lang);
            let table = views::participants_view(model, strings, lang);
            // States known only from reported events get a page too (not a row in the
            // table): the status page's reported events link to it, and it says what is
            // not confirmed.
            let pages = table
                .iter()
                .chain(&views::reported_only_views(model, strings, lang))
                .map(|p| {
                    let summary = views::participant_summary(model, strings, p);
                    (p.code.clone(), (p.name.clone(), summary, Value::from_serializable(p)))
                })
                .collect();
            Participants { table: Value::from_serializable(&table), pages }
        })
    }
}

fn site_view(model: &SiteModel, lang: &LangId) -> SiteView {
    SiteView {
        title: model.config.title(lang).to_owned(),
        base: model.config.base_url.path().to_owned(),
        languages: model.config.languages.iter().map(LangView::of).collect(),
    }
}

#[derive(Serialize, Clone)]
pub(crate) struct NewsItem {
    pub title: String,
    pub url: String,
    pub date: String,
    pub date_text: String,
    pub description: Option<String>,
}

fn news_items(model: &SiteModel, strings: &LanguageData, lang: &LangId) -> Vec<NewsItem> {
    let mut items: Vec<NewsItem> = model
        .files
        .keys()
        .filter_map(|key| model.variant_of(lang, key))
        .filter_map(|v| match v.kind {
            PageKind::News(_) => {
                let date = v.file.front.date?;
                Some(NewsItem {
                    title: v.file.front.title.clone().unwrap_or_default(),
                    url: model.config.base_url.link(&paths::of_kind(lang.as_str(), v.kind)),
                    date: date.to_string(),
                    date_text: strings.locale.format_date(date),
                    description: v.file.front.description.clone(),
                })
            }
            _ => None,
        })
        .collect();
    items.sort_by(|a, b| b.date.cmp(&a.date).then_with(|| a.url.cmp(&b.url)));
    items
}

#[derive(Serialize)]
pub(crate) struct Alternate {
    pub code: LangId,
    pub permalink: String,
}

#[derive(Serialize)]
struct SwitcherEntry {
    code: LangId,
    name: String,
    dir: &'static str,
    url: String,
    state: TranslationState,
    current: bool,
}

#[derive(Serialize)]
pub(crate) struct Crumb {
    pub title: String,
    pub url: String,
}

/// One letter of the glossary's index and the id of the first term under it.
#[derive(Serialize, Debug, PartialEq, Eq)]
pub(crate) struct IndexLetter {
    pub letter: String,
    pub id: String,
}

/// The page's base values: title, URLs, alternates, switcher, translation state.
#[derive(Serialize)]
pub(crate) struct ShellView {
    pub kind: &'static str,
    pub section: &'static str,
    pub title: String,
    pub description: Option<String>,
    pub url: String,
    pub permalink: String,
    /// The address search engines should index: the page's own, or for a page shown in
    /// the source language for want of a translation, the source page's.
    pub canonical: String,
    /// Kept out of search engines' indexes (and the sitemap): an untranslated page.
    pub noindex: bool,
    pub alternates: Vec<Alternate>,
    pub x_default: Option<String>,
    switcher: Vec<SwitcherEntry>,
    pub state: TranslationState,
    fallback_notice: String,
    pub content: String,
    pub content_lang: LangId,
    pub content_dir: &'static str,
    pub toc: Vec<TocEntry>,
    /// The glossary's letters, each linking to its first term; empty on other pages.
    pub letter_index: Vec<IndexLetter>,
    pub breadcrumbs: Vec<Crumb>,
    pub has_code: bool,
    official_text: String,
    official_text_lang: String,
    /// The link to the authentic text and the footer's notice, naming the document as
    /// the data cites it in this language.
    official_text_link: String,
    footer_notice: String,
    pub date: Option<String>,
    pub date_text: Option<String>,
    pub json_ld: Option<String>,
    feeds: Vec<Crumb>,
}

/// The languages a page is listed in as an alternate: those it is not missing in.
pub(crate) fn alternates(
    model: &SiteModel,
    states: &BTreeMap<LangId, TranslationState>,
    path_in: &dyn Fn(&LangId) -> SitePath,
) -> Vec<Alternate> {
    let config = &model.config;
    config
        .languages
        .iter()
        .filter(|l| states.get(&l.id).is_some_and(|s| *s != TranslationState::Missing))
        .map(|l| Alternate { code: l.id.clone(), permalink: config.base_url.absolute(&path_in(&l.id)) })
        .collect()
}

/// The shell shared by content and generated pages: `path_in` gives the same page in
/// another language.
pub(crate) fn page_view(
    input: &RenderInput<'_>,
    lang: &LangId,
    site_path: &SitePath,
    title: String,
    states: &BTreeMap<LangId, TranslationState>,
    path_in: &dyn Fn(&LangId) -> SitePath,
) -> ShellView {
    let model = input.model;
    let config = &model.config;
    let base = &config.base_url;
    let strings = input.i18n.get(lang);
    let switcher = config
        .languages
        .iter()
        .map(|l| SwitcherEntry {
            code: l.id.clone(),
            name: l.name.clone(),
            dir: l.dir.as_str(),
            url: base.link(&path_in(&l.id)),
            state: states.get(&l.id).copied().unwrap_or(TranslationState::Missing),
            current: &l.id == lang,
        })
        .collect();
    let (official, official_lang) = official_text(model, lang);
    let document = Args { name: Some(document_name(model, lang)), ..Args::default() };
    let lang_name = config.language(lang).map_or(String::new(), |l| l.name.clone());
    ShellView {
        kind: "page",
        section: "",
        title,
        description: None,
        url: base.link(site_path),
        permalink: base.absolute(site_path),
        canonical: base.absolute(site_path),
        noindex: false,
        alternates: alternates(model, states, path_in),
        x_default: Some(base.absolute(&path_in(&config.default_lang))),
        switcher,
        state: states.get(lang).copied().unwrap_or(TranslationState::Source),
        fallback_notice: strings.format("fallback_notice", &Args { lang: Some(&lang_name), ..Args::default() }),
        content: String::new(),
        content_lang: config.default_lang.clone(),
        content_dir: config.language(&config.default_lang).map_or("ltr", |l| l.dir.as_str()),
        toc: Vec::new(),
        letter_index: Vec::new(),
        breadcrumbs: Vec::new(),
        has_code: false,
        official_text: official,
        official_text_lang: official_lang,
        official_text_link: strings.format("official_text", &document),
        footer_notice: strings.format("footer_notice", &document),
        date: None,
        date_text: None,
        json_ld: None,
        feeds: vec![Crumb { title: strings.text("feed_title"), url: base.link(&paths::feed(lang.as_str())) }],
    }
}

/// The official text in the reader's language when it is one of the authentic ones, else
/// in the site's default language when that is, else in the first authentic language.
fn official_text(model: &SiteModel, lang: &LangId) -> (String, String) {
    let authentic = &model.convention.authentic_languages;
    let default = model.config.default_lang.as_str();
    let chosen = [lang.as_str(), default]
        .into_iter()
        .find(|l| authentic.iter().any(|a| a == l))
        .or(authentic.first().map(String::as_str))
        .unwrap_or(default);
    (model.convention.official_text_url.replace("{lang}", chosen), chosen.to_owned())
}

/// How the page's language cites the document with the adopted text.
fn document_name<'m>(model: &'m SiteModel, lang: &LangId) -> &'m str {
    let adopted = &model.convention.adopted;
    adopted.document_names.get(lang.as_str()).map_or(adopted.document.as_str(), String::as_str)
}

/// The trail above a page of `kind`: home, and the convention or the news above it.
pub(crate) fn breadcrumbs(input: &RenderInput<'_>, lang: &LangId, kind: &PageKind) -> Vec<Crumb> {
    let strings = input.i18n.get(lang);
    let l = lang.as_str();
    let crumb = |title: String, path: SitePath| Crumb { title, url: input.model.config.base_url.link(&path) };
    let home = crumb(strings.text("nav_home"), paths::home(l));
    let convention = crumb(strings.text("nav_convention"), paths::overview(l));
    match kind {
        PageKind::Home => Vec::new(),
        PageKind::Overview | PageKind::NewsIndex | PageKind::Page(_) => vec![home],
        PageKind::Chapter(_) => vec![home, convention],
        PageKind::Article { chapter, .. } => {
            let label = strings.format("chapter_number", &Args { n: Some((*chapter).into()), ..Args::default() });
            vec![home, convention, crumb(label, paths::chapter(l, *chapter))]
        }
        PageKind::News(_) => vec![home, crumb(strings.text("news"), paths::news(l))],
    }
}

/// A page's state in every language it has a variant in.
pub(crate) fn states_of(model: &SiteModel, key: &PageKey) -> BTreeMap<LangId, TranslationState> {
    model
        .config
        .languages
        .iter()
        .filter_map(|l| model.variant_of(&l.id, key).map(|v| (l.id.clone(), v.state)))
        .collect()
}

/// Every language translated: a page accord makes from the data.
pub(crate) fn all_translated(model: &SiteModel) -> BTreeMap<LangId, TranslationState> {
    model.config.languages.iter().map(|l| (l.id.clone(), TranslationState::Translated)).collect()
}

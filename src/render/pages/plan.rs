//! The page plan: every file the site has (content pages and their fallbacks, the pages
//! made from the data alone, the generated pages, the site files, the EPUBs) as one entry
//! keyed by its output path, built once from the model without rendering anything. A
//! full build renders every entry; `serve` looks the pages it needs up by path.
//!
//! An entry says what the page is ([`PageSpec`]) and in which language; how its view is
//! built is in the module of its kind (`content`, `generated`, `full`, `site_files`).

use std::collections::BTreeMap;

use crate::config::LangId;
use crate::content::{PageKey, PageKind};
use crate::model::{PageVariant, SiteModel, TranslationState};
use crate::render::status::OPEN_DATA_FILES;
use crate::url::{SitePath, paths};

use super::shell::{all_translated, states_of};

/// What a planned file is.
#[derive(Debug, Clone)]
pub enum PageSpec<'m> {
    /// A content file's page in a language: its own text, or the source's (a fallback).
    Content(PageVariant<'m>),
    /// An article with no file in any language: title from the data, no summary.
    DataArticle {
        chapter: u32,
        number: u32,
    },
    /// A chapter with no `_index.md` in any language: its title and articles.
    DataChapter(u32),
    Status,
    /// A participant's page, by its code (`FR`).
    Participant(String),
    /// The whole convention on one page.
    FullText,
    Translations,
    Search,
    /// The news index, when the site has no `news/_index.md`.
    NewsIndex,
    Chooser,
    NotFound,
    Sitemap,
    Robots,
    /// A language's status feed.
    Feed,
    /// One of the open data files (`data/signatories.json`).
    OpenData(&'static str),
    /// The guide as an EPUB.
    Epub,
}

/// One planned file: what it is and its language (the default one for site files).
#[derive(Debug, Clone)]
pub struct PlannedPage<'m> {
    pub lang: LangId,
    pub spec: PageSpec<'m>,
}

impl PlannedPage<'_> {
    /// The template the page goes through; `None` for files made otherwise.
    pub fn template(&self) -> Option<&'static str> {
        Some(match &self.spec {
            PageSpec::Content(v) => match v.kind {
                PageKind::Home => "home.html",
                PageKind::Overview => "overview.html",
                PageKind::Chapter(_) => "chapter.html",
                PageKind::Article { .. } => "article.html",
                PageKind::NewsIndex => "news_list.html",
                PageKind::News(_) | PageKind::Page(_) => "page.html",
            },
            PageSpec::DataArticle { .. } => "article.html",
            PageSpec::DataChapter(_) => "chapter.html",
            PageSpec::Status => "status.html",
            PageSpec::Participant(_) => "participant.html",
            PageSpec::FullText => "full.html",
            PageSpec::Translations => "translations.html",
            PageSpec::Search => "search.html",
            PageSpec::NewsIndex => "news_list.html",
            PageSpec::Chooser => "chooser.html",
            PageSpec::NotFound => "404.html",
            PageSpec::Sitemap => "sitemap.xml",
            PageSpec::Robots => "robots.txt",
            PageSpec::Feed => "atom.xml",
            PageSpec::OpenData(_) | PageSpec::Epub => return None,
        })
    }

    /// A page of a language folder (counted in the build summary, listed in the sitemap
    /// unless it is `noindex`): not a site file, feed, data file or book.
    pub fn is_language_page(&self) -> bool {
        !matches!(
            self.spec,
            PageSpec::Chooser
                | PageSpec::NotFound
                | PageSpec::Sitemap
                | PageSpec::Robots
                | PageSpec::Feed
                | PageSpec::OpenData(_)
                | PageSpec::Epub
        )
    }

    /// An HTML page: `check` is told where it came from.
    pub fn is_html(&self) -> bool {
        self.is_language_page() || matches!(self.spec, PageSpec::Chooser | PageSpec::NotFound)
    }

    /// Kept out of search engines' indexes: a page shown in the source language.
    pub fn noindex(&self) -> bool {
        matches!(&self.spec, PageSpec::Content(v) if v.state == TranslationState::Missing)
    }

    /// The same page in another language (for the switcher and the alternates).
    pub fn path_in(&self, lang: &str) -> SitePath {
        match &self.spec {
            PageSpec::Content(v) => paths::of_kind(lang, v.kind),
            PageSpec::DataArticle { number, .. } => paths::article(lang, *number),
            PageSpec::DataChapter(n) => paths::chapter(lang, *n),
            PageSpec::Status => paths::status(lang),
            PageSpec::Participant(code) => paths::participant(lang, code),
            PageSpec::FullText => paths::full(lang),
            PageSpec::Translations => paths::translations(lang),
            PageSpec::Search => paths::search(lang),
            PageSpec::NewsIndex => paths::news(lang),
            PageSpec::Chooser => paths::home(lang),
            PageSpec::NotFound => paths::not_found(),
            PageSpec::Sitemap => paths::sitemap(),
            PageSpec::Robots => paths::robots(),
            PageSpec::Feed => paths::feed(lang),
            PageSpec::OpenData(file) => SitePath::new(*file),
            PageSpec::Epub => paths::epub(lang),
        }
    }

    /// The page's state in each language (its alternates are the languages it is not
    /// missing in): a content page's variants, else every language.
    pub fn states(&self, model: &SiteModel) -> BTreeMap<LangId, TranslationState> {
        match &self.spec {
            PageSpec::Content(v) => states_of(model, v.key),
            _ => all_translated(model),
        }
    }

    /// For messages: the file, or the generated page.
    pub fn origin(&self, path: &SitePath) -> String {
        match &self.spec {
            PageSpec::Content(v) => v.file.path.display().to_string(),
            PageSpec::DataArticle { number, .. } => format!("article {number}"),
            PageSpec::DataChapter(n) => format!("chapter {n}"),
            _ if self.is_language_page() => format!("the generated page /{path}"),
            _ => self.template().unwrap_or("the site").to_owned(),
        }
    }
}

/// Every file of the site by output path.
pub struct SitePlan<'m> {
    pages: BTreeMap<SitePath, PlannedPage<'m>>,
}

impl<'m> SitePlan<'m> {
    pub fn build(model: &'m SiteModel) -> SitePlan<'m> {
        let mut plan = SitePlan { pages: BTreeMap::new() };
        let default = &model.config.default_lang;
        let variants = model.variants();
        let has_articles = variants.iter().any(|v| matches!(v.kind, PageKind::Article { .. }));
        let has_news_index = model.files.contains_key(&PageKey::new("news"));
        let reported_only: Vec<&str> =
            crate::render::reported::reported_only(model).into_iter().map(|(code, _)| code).collect();
        for variant in &variants {
            plan.add(
                paths::of_kind(variant.lang.as_str(), variant.kind),
                variant.lang,
                PageSpec::Content(variant.clone()),
            );
        }
        for language in &model.config.languages {
            let (lang, l) = (&language.id, language.id.as_str());
            plan.add(paths::status(l), lang, PageSpec::Status);
            let participants = model.signatories.participants.iter().map(|p| p.code.as_str());
            for code in participants.chain(reported_only.iter().copied()) {
                plan.add(paths::participant(l, code), lang, PageSpec::Participant(code.to_owned()));
            }
            plan.add(paths::full(l), lang, PageSpec::FullText);
            plan.add(paths::translations(l), lang, PageSpec::Translations);
            plan.add(paths::search(l), lang, PageSpec::Search);
            if !has_news_index {
                plan.add(paths::news(l), lang, PageSpec::NewsIndex);
            }
            plan.add(paths::feed(l), lang, PageSpec::Feed);
            plan.add(paths::epub(l), lang, PageSpec::Epub);
        }
        // Pages from the data alone, so that links to every article and chapter lead
        // somewhere (on a site with article pages at all).
        if has_articles {
            for (chapter, article) in model.convention.articles() {
                let number = article.number;
                if variants.iter().any(|v| matches!(v.kind, PageKind::Article { number: n, .. } if *n == number)) {
                    continue;
                }
                for language in &model.config.languages {
                    let spec = PageSpec::DataArticle { chapter: chapter.number, number };
                    plan.add(paths::article(language.id.as_str(), number), &language.id, spec);
                }
            }
            for chapter in &model.convention.chapters {
                let n = chapter.number;
                if variants.iter().any(|v| matches!(v.kind, PageKind::Chapter(c) if *c == n)) {
                    continue;
                }
                for language in &model.config.languages {
                    plan.add(paths::chapter(language.id.as_str(), n), &language.id, PageSpec::DataChapter(n));
                }
            }
        }
        plan.add(paths::chooser(), default, PageSpec::Chooser);
        plan.add(paths::not_found(), default, PageSpec::NotFound);
        plan.add(paths::sitemap(), default, PageSpec::Sitemap);
        plan.add(paths::robots(), default, PageSpec::Robots);
        for file in OPEN_DATA_FILES {
            plan.add(SitePath::new(file), default, PageSpec::OpenData(file));
        }
        plan
    }

    /// The first entry at a path wins, as the first job of a path did before the plan.
    fn add(&mut self, path: SitePath, lang: &LangId, spec: PageSpec<'m>) {
        self.pages.entry(path).or_insert_with(|| PlannedPage { lang: lang.clone(), spec });
    }

    pub fn get(&self, path: &SitePath) -> Option<&PlannedPage<'m>> {
        self.pages.get(path)
    }

    /// The entry whose output file is `file` (`en/about/index.html`).
    pub fn get_file(&self, file: &str) -> Option<(&SitePath, &PlannedPage<'m>)> {
        self.pages.get_key_value(&SitePath::of_output_file(file)).filter(|(path, _)| path.output_file() == file)
    }

    pub fn iter(&self) -> impl Iterator<Item = (&SitePath, &PlannedPage<'m>)> {
        self.pages.iter()
    }

    pub fn len(&self) -> usize {
        self.pages.len()
    }

    pub fn is_empty(&self) -> bool {
        self.pages.is_empty()
    }

    /// Pages per language, for the build summary.
    pub fn pages_per_lang(&self) -> BTreeMap<LangId, usize> {
        let mut counts = BTreeMap::new();
        for page in self.pages.values().filter(|p| p.is_language_page()) {
            *counts.entry(page.lang.clone()).or_default() += 1;
        }
        counts
    }
}

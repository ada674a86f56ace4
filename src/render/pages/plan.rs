//! The page plan: every file the site has (content pages and their fallbacks, the pages
//! made from the data alone, the generated pages, the site files, the EPUBs) as one entry
//! keyed by its output path, built once from the model without rendering anything. A
//! full build renders every entry; `serve` looks the pages it needs up by path.
//!
//! An entry says what the page is ([`PageSpec`]) and in which language; how its view is
//! built is in the module of its kind (`content`, `generated`, `full`, `site_files`).

use std::collections::BTreeMap;

use crate::config::LangId;
use crate::content::data::ParticipantCode;
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
    Participant(ParticipantCode),
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
    pub fn path_in(&self, lang: &LangId) -> SitePath {
        let lang = lang.as_str();
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
        let reported_only: Vec<&ParticipantCode> =
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
            let participants = model.signatories.participants.iter().map(|p| &p.code);
            for code in participants.chain(reported_only.iter().copied()) {
                plan.add(paths::participant(l, code), lang, PageSpec::Participant(code.clone()));
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

#[cfg(test)]
mod tests {
    use std::sync::Mutex;

    use super::*;
    use crate::build::{LoadedSite, compile_templates, load};
    use crate::diag::Diagnostic;
    use crate::markdown::Highlighter;
    use crate::output::FileSink;
    use crate::render::pages::{RenderInput, RenderOptions, render_site};

    /// Two languages; French translates article 1 only; chapter 2 has no `_index.md`.
    fn minimal() -> LoadedSite {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/base/minimal");
        load(crate::source::read_site(&root, crate::source::PageText::Held).unwrap(), None).unwrap()
    }

    /// Records every file put, in order, duplicates included.
    #[derive(Default)]
    struct Recorder(Mutex<Vec<String>>);

    impl FileSink for Recorder {
        fn put(&self, path: String, _: Vec<u8>) -> Result<(), Diagnostic> {
            self.0.lock().unwrap().push(path);
            Ok(())
        }
    }

    #[test]
    fn every_planned_file_is_rendered_exactly_once_and_nothing_else() {
        let site = minimal();
        let plan = SitePlan::build(&site.model);
        let highlighter = Highlighter::default();
        let renderer = compile_templates(&site).unwrap();
        let input =
            RenderInput { model: &site.model, i18n: &site.i18n, renderer: &renderer, highlighter: &highlighter };
        let sink = Recorder::default();
        let stats = render_site(&input, &sink, RenderOptions::default()).unwrap();
        let mut put = sink.0.into_inner().unwrap();
        put.sort();
        let mut planned: Vec<String> = plan.iter().map(|(path, _)| path.output_file()).collect();
        planned.sort();
        assert_eq!(put, planned);
        assert_eq!(stats.files, planned.len());
        assert!(stats.origins.is_empty(), "origins are kept only when asked for");
    }

    #[test]
    fn an_untranslated_article_gets_a_fallback_entry_showing_the_source() {
        let site = minimal();
        let plan = SitePlan::build(&site.model);
        let Some(PlannedPage { lang, spec: PageSpec::Content(v) }) = plan.get(&paths::article("fr", 2)) else {
            panic!("no content entry for fr/convention/article-02/");
        };
        assert_eq!(lang.as_str(), "fr");
        assert_eq!(v.state, TranslationState::Missing);
        assert_eq!(v.file.lang, "en");
        let translated = plan.get(&paths::article("fr", 1)).unwrap();
        assert!(matches!(&translated.spec, PageSpec::Content(v) if v.state != TranslationState::Missing));
        assert!(plan.get(&paths::article("fr", 2)).unwrap().noindex());
    }

    #[test]
    fn a_chapter_without_a_file_is_planned_from_the_data_in_every_language() {
        let site = minimal();
        let plan = SitePlan::build(&site.model);
        for lang in ["en", "fr"] {
            let page = plan.get(&paths::chapter(lang, 2)).unwrap();
            assert!(matches!(page.spec, PageSpec::DataChapter(2)), "{lang}: {:?}", page.spec);
            assert_eq!(page.template(), Some("chapter.html"));
        }
    }

    #[test]
    fn pages_are_found_by_their_output_file() {
        let site = minimal();
        let plan = SitePlan::build(&site.model);
        let (path, page) = plan.get_file("fr/status/index.html").unwrap();
        assert_eq!(path, &paths::status("fr"));
        assert!(matches!(page.spec, PageSpec::Status));
        assert!(matches!(plan.get_file("index.html").unwrap().1.spec, PageSpec::Chooser));
        assert!(matches!(plan.get_file("sitemap.xml").unwrap().1.spec, PageSpec::Sitemap));
        assert!(plan.get_file("fr/status/").is_none(), "a folder is not an output file");
        assert!(plan.get_file("fr/nothing/index.html").is_none());
    }

    #[test]
    fn only_language_pages_are_counted_and_each_language_has_the_same_generated_pages() {
        let site = minimal();
        let plan = SitePlan::build(&site.model);
        let counts = plan.pages_per_lang();
        let languages = plan.iter().filter(|(_, p)| p.is_language_page()).count();
        assert_eq!(counts.values().sum::<usize>(), languages);
        assert_eq!(counts.len(), 2);
        for generated in [paths::status, paths::full, paths::translations, paths::search] {
            for lang in ["en", "fr"] {
                assert!(plan.get(&generated(lang)).is_some_and(|p| p.is_language_page()), "{lang}");
            }
        }
        assert!(!plan.get(&paths::epub("en")).unwrap().is_language_page());
    }
}

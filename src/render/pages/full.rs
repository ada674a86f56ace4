//! Two pages that read the whole site: the convention on one page (every article's text
//! again, its ids prefixed and its headings moved below the page's), and the translation
//! status (every page of the default language × every language, the matrix that
//! `accord i18n` reports too).

use serde::Serialize;

use crate::config::LangId;
use crate::content::PageKey;
use crate::i18n::Args;
use crate::model::{SiteModel, TranslationState};
use crate::url::{SitePath, paths};

use super::generated::{Generated, crumbs};
use super::text::{TextPlacement, render_text};
use super::{PageFailure, PageOut, PageSpec, Pass, PlannedPage};

#[derive(Serialize)]
struct FullChapter {
    number: u32,
    label: String,
    title: String,
    articles: Vec<FullArticle>,
}

#[derive(Serialize)]
struct FullArticle {
    number: u32,
    label: String,
    title: String,
    url: String,
    content: String,
    fallback: bool,
    content_lang: LangId,
    content_dir: &'static str,
}

#[derive(Serialize)]
struct Matrix {
    languages: Vec<MatrixLang>,
    total: usize,
    rows: Vec<MatrixRow>,
}

#[derive(Serialize)]
struct MatrixLang {
    code: LangId,
    translated: usize,
}

#[derive(Serialize)]
struct MatrixRow {
    key: String,
    cells: Vec<TranslationState>,
}

/// The translation matrix: every page of the default language × every language.
pub fn translation_matrix(model: &SiteModel) -> Vec<(PageKey, Vec<(LangId, TranslationState)>)> {
    model
        .files
        .iter()
        .filter(|(_, t)| t.contains_key(&model.config.default_lang))
        .map(|(key, _)| {
            let cells = model
                .config
                .languages
                .iter()
                .map(|l| (l.id.clone(), model.variant_of(&l.id, key).map_or(TranslationState::Missing, |v| v.state)))
                .collect();
            (key.clone(), cells)
        })
        .collect()
}

/// The whole convention on one page, in one language.
pub(super) fn render_full_text(
    pass: &Pass<'_>,
    path: &SitePath,
    page: &PlannedPage<'_>,
) -> Result<PageOut, PageFailure> {
    let input = pass.input;
    let model = input.model;
    let config = &model.config;
    let lang = &page.lang;
    let l = lang.as_str();
    let strings = input.i18n.get(lang);
    let article_url = |n: u32| model.convention.has_article(n).then(|| config.base_url.link(&paths::article(l, n)));
    let internal = |p: &str| config.base_url.link(&paths::internal(l, p));
    let content_dir = config.language(&config.default_lang).map_or("ltr", |x| x.dir.as_str());
    let number = |key: &str, n: u32| strings.format(key, &Args { n: Some(n.into()), ..Args::default() });
    let full: Vec<FullChapter> = model
        .convention
        .chapters
        .iter()
        .map(|chapter| FullChapter {
            number: chapter.number,
            label: number("chapter_number", chapter.number),
            title: model.chapter_title(lang, chapter.number).to_owned(),
            articles: chapter
                .articles
                .iter()
                .map(|a| {
                    let v = match pass.plan.get(&paths::article(l, a.number)).map(|p| &p.spec) {
                        Some(PageSpec::Content(v)) => Some(v),
                        _ => None,
                    };
                    // The article again, its ids prefixed and its headings below the
                    // `<h3>` this page gives its title (its own page reports it if its
                    // Markdown is broken).
                    let prefix = format!("a{}-", a.number);
                    let placement = TextPlacement {
                        id_prefix: &prefix,
                        heading_offset: 2,
                        article_url: &article_url,
                        internal_link: &internal,
                    };
                    let content =
                        v.and_then(|v| render_text(input, v, &placement).ok()).map(|r| r.html).unwrap_or_default();
                    FullArticle {
                        number: a.number,
                        label: number("article_number", a.number),
                        title: model.article_title(lang, a.number).to_owned(),
                        url: config.base_url.link(&paths::article(l, a.number)),
                        content,
                        fallback: v.is_some_and(|v| v.state == TranslationState::Missing),
                        content_lang: config.default_lang.clone(),
                        content_dir,
                    }
                })
                .collect(),
        })
        .collect();
    Generated {
        title: strings.text("full_text_title"),
        description: strings.text("full_text_intro"),
        kind: "full",
        section: "convention",
        crumbs: crumbs(pass, lang, &[("nav_convention", paths::overview(l))]),
        page,
    }
    .render(pass, path, "full.html", |cx| {
        cx.insert("full", &full);
    })
}

/// The translation status page, in one language.
pub(super) fn render_translations(
    pass: &Pass<'_>,
    path: &SitePath,
    page: &PlannedPage<'_>,
) -> Result<PageOut, PageFailure> {
    let model = pass.input.model;
    let rows = translation_matrix(model);
    let translated_in = |lang: &LangId| {
        rows.iter()
            .filter(|(_, cells)| {
                cells
                    .iter()
                    .any(|(id, s)| id == lang && matches!(s, TranslationState::Source | TranslationState::Translated))
            })
            .count()
    };
    let matrix = Matrix {
        total: rows.len(),
        languages: model
            .config
            .languages
            .iter()
            .map(|x| MatrixLang { code: x.id.clone(), translated: translated_in(&x.id) })
            .collect(),
        rows: rows
            .iter()
            .map(|(k, cells)| MatrixRow {
                key: if k.as_str().is_empty() { "/".into() } else { k.as_str().to_owned() },
                cells: cells.iter().map(|(_, s)| *s).collect(),
            })
            .collect(),
    };
    Generated::below_home(pass, page, ("translations", "about"), ("translations_title", "translations_intro")).render(
        pass,
        path,
        "translations.html",
        |cx| {
            cx.insert("matrix", &matrix);
        },
    )
}

//! The views of content pages (a file's page in a language, or its fallback) and of the
//! convention's pages made from the data alone (an article or a chapter no file
//! describes): the shell, then per kind what its template adds (`page.article`,
//! `page.chapter` from the language's shared convention view, `news_all`,
//! `section_pages`). The page's Markdown is rendered here, when its page is.

use serde::Serialize;

use crate::config::LangId;
use crate::content::PageKind;
use crate::i18n::{Args, LocaleData};
use crate::markdown::{Rendered, TocEntry};
use crate::model::{PageVariant, TranslationState};
use crate::render::status;
use crate::render::views::{self, ArticleLink, ChapterView};
use crate::url::{SitePath, paths};

use super::shell::{IndexLetter, ShellView, all_translated, breadcrumbs, page_view, states_of};
use super::{PageFailure, PageOut, Pass, RenderInput};

/// An article's page: the shell and the article's place in the convention.
#[derive(Serialize)]
struct ArticlePage {
    #[serde(flatten)]
    shell: ShellView,
    article: ArticleExtras,
    /// The articles the file names as related; absent on a page made from the data.
    #[serde(skip_serializing_if = "Option::is_none")]
    related: Option<Vec<ArticleLink>>,
    prev: Option<ArticleLink>,
    next: Option<ArticleLink>,
}

/// A chapter's page: the shell and the chapter, taken from the language's convention view.
#[derive(Serialize)]
struct ChapterPage<'a> {
    #[serde(flatten)]
    shell: ShellView,
    chapter: Option<&'a ChapterView>,
}

#[derive(Serialize)]
struct ArticleExtras {
    number: u32,
    label: String,
    chapter: u32,
    chapter_label: String,
    chapter_title: String,
    chapter_url: String,
    title_inferred: bool,
}

/// A content page, through its kind's template.
pub(super) fn render_content(
    pass: &Pass<'_>,
    v: &PageVariant<'_>,
    template: &'static str,
) -> Result<PageOut, PageFailure> {
    let input = pass.input;
    let model = input.model;
    let html = pass.markdown_of(v)?;
    let shared = pass.shared(v.lang);
    let mut cx = shared.context();
    let shell = content_shell(input, v, &html);
    match v.kind {
        PageKind::Chapter(n) => {
            let chapter = shared.convention.chapters.iter().find(|c| c.number == *n);
            cx.insert("page", &ChapterPage { shell, chapter });
        }
        PageKind::Article { number, .. } => {
            let strings = input.i18n.get(v.lang);
            let related =
                v.file.front.related.iter().map(|n| views::article_link(model, strings, v.lang, *n)).collect();
            let (prev, next) = neighbours(input, v.lang, *number);
            let article = article_extras(input, v.lang, *number);
            let page = ArticlePage { shell, article, related: Some(related), prev, next };
            cx.insert("page", &page);
        }
        PageKind::NewsIndex => {
            cx.insert("page", &shell);
            cx.insert("news_all", &shared.news_all);
        }
        _ => cx.insert("page", &shell),
    }
    if let Some(list) = pass.sections.for_variant(v) {
        cx.insert_value("section_pages", list);
    }
    let bytes = pass.render(template, &cx, || v.file.path.display().to_string())?;
    let links = if pass.want_links { html.links.clone() } else { Vec::new() };
    Ok(PageOut { bytes, has_code: html.has_code, links })
}

/// The shell of a content page, its text in it.
fn content_shell(input: &RenderInput<'_>, v: &PageVariant<'_>, html: &Rendered) -> ShellView {
    let model = input.model;
    let base = &model.config.base_url;
    let strings = input.i18n.get(v.lang);
    let lang = v.lang.as_str();
    let site_path = paths::of_kind(lang, v.kind);
    let path_in = |l: &LangId| paths::of_kind(l.as_str(), v.kind);
    let title = match v.kind {
        PageKind::Article { number, .. } => model.article_title(v.lang, *number).to_owned(),
        PageKind::Chapter(n) => model.chapter_title(v.lang, *n).to_owned(),
        PageKind::Home => v.file.front.title.clone().unwrap_or_else(|| model.convention_title(v.lang).to_owned()),
        PageKind::Overview => v.file.front.title.clone().unwrap_or_else(|| strings.text("nav_convention")),
        PageKind::NewsIndex => v.file.front.title.clone().unwrap_or_else(|| strings.text("news")),
        _ => v.file.front.title.clone().unwrap_or_default(),
    };
    let mut page = page_view(input, v.lang, &site_path, title, &states_of(model, v.key), &path_in);
    page.kind = v.kind.name();
    page.section = views::section_of(v.kind);
    page.description = v
        .file
        .front
        .description
        .clone()
        .or_else(|| clip(&html.first_paragraph))
        .or_else(|| match v.kind {
            PageKind::Article { number, .. } => Some(article_description(input, v.lang, *number)),
            PageKind::Chapter(n) => Some(chapter_description(input, v.lang, *n)),
            _ => None,
        })
        .or_else(|| Some(format!("{} · {}", page.title, model.config.title(v.lang))));
    page.content = html.html.clone();
    page.toc = html.toc.clone();
    if views::is_glossary(v.kind) {
        let file_lang = model.config.lang_by_code(&v.file.lang).unwrap_or(&model.config.default_lang);
        page.letter_index = letter_index(&input.i18n.get(file_lang).locale, &html.toc);
    }
    page.has_code = html.has_code;
    page.date = v.file.front.date.map(|d| d.to_string());
    page.date_text = v.file.front.date.map(|d| strings.locale.format_date(d));
    page.breadcrumbs = breadcrumbs(input, v.lang, v.kind);
    if matches!(v.kind, PageKind::Home) {
        // The language chooser is the home page for a reader whose language is not listed;
        // it lists every home page back.
        page.x_default = Some(base.absolute(&paths::chooser()));
    }
    if v.state == TranslationState::Missing {
        page.content_lang = v.file_lang.clone();
        // The source page is the one to index; this copy lists no alternates, as no
        // translation lists it (hreflang links must be reciprocal).
        page.canonical = base.absolute(&path_in_source(input, v));
        page.noindex = true;
        page.alternates = Vec::new();
        page.x_default = None;
    }
    match v.kind {
        PageKind::Overview => page.json_ld = Some(status::legislation_json_ld(model, v.lang, &page.permalink, None)),
        PageKind::Article { number, .. } => {
            let name = format!(
                "{}{}{}",
                strings.format("article_number", &Args { n: Some((*number).into()), ..Args::default() }),
                strings.text("colon"),
                page.title
            );
            page.json_ld = Some(status::legislation_json_ld(model, v.lang, &page.permalink, Some((*number, &name))));
        }
        _ => {}
    }
    page
}

/// An article no file describes, in one language.
pub(super) fn render_data_article(
    pass: &Pass<'_>,
    lang: &LangId,
    chapter: u32,
    number: u32,
) -> Result<PageOut, PageFailure> {
    let input = pass.input;
    let kind = PageKind::Article { chapter, number };
    let title = input.model.article_title(lang, number).to_owned();
    let shell = data_shell(input, lang, &kind, title, article_description(input, lang, number));
    let (prev, next) = neighbours(input, lang, number);
    let article = article_extras(input, lang, number);
    let mut cx = pass.shared(lang).context();
    cx.insert("page", &ArticlePage { shell, article, related: None, prev, next });
    let bytes = pass.render("article.html", &cx, || format!("article {number}"))?;
    Ok(PageOut::of(bytes))
}

/// A chapter no `_index.md` describes, in one language.
pub(super) fn render_data_chapter(pass: &Pass<'_>, lang: &LangId, number: u32) -> Result<PageOut, PageFailure> {
    let input = pass.input;
    let kind = PageKind::Chapter(number);
    let title = input.model.chapter_title(lang, number).to_owned();
    let shell = data_shell(input, lang, &kind, title, chapter_description(input, lang, number));
    let shared = pass.shared(lang);
    let chapter = shared.convention.chapters.iter().find(|c| c.number == number);
    let mut cx = shared.context();
    cx.insert("page", &ChapterPage { shell, chapter });
    let bytes = pass.render("chapter.html", &cx, || format!("chapter {number}"))?;
    Ok(PageOut::of(bytes))
}

/// The shell of a convention page made from the data alone (no content file): translated
/// wherever its title is, in the convention's section, with its breadcrumbs.
fn data_shell(
    input: &RenderInput<'_>,
    lang: &LangId,
    kind: &PageKind,
    title: String,
    description: String,
) -> ShellView {
    let site_path = paths::of_kind(lang.as_str(), kind);
    let path_in = |l: &LangId| paths::of_kind(l.as_str(), kind);
    let mut page = page_view(input, lang, &site_path, title, &all_translated(input.model), &path_in);
    page.description = Some(description);
    page.kind = kind.name();
    page.section = "convention";
    page.breadcrumbs = breadcrumbs(input, lang, kind);
    page
}

/// The site path of the page whose text an untranslated page shows.
fn path_in_source(input: &RenderInput<'_>, v: &PageVariant<'_>) -> SitePath {
    let config = &input.model.config;
    let lang = config.lang_by_code(&v.file.lang).unwrap_or(&config.default_lang);
    paths::of_kind(lang.as_str(), v.kind)
}

/// A description made from a page's first paragraph: about the length search engines
/// show, cut at a word where the language has spaces.
fn clip(text: &str) -> Option<String> {
    const MAX: usize = 160;
    let text = text.split_whitespace().collect::<Vec<_>>().join(" ");
    if text.is_empty() {
        return None;
    }
    if text.chars().count() <= MAX {
        return Some(text);
    }
    let cut: String = text.chars().take(MAX).collect();
    let at_word =
        cut.rfind(' ').filter(|i| cut[..*i].chars().count() > MAX * 3 / 4).map_or(cut.as_str(), |i| &cut[..i]);
    Some(format!("{}…", at_word.trim_end_matches([',', ';', ':', '،', '，'])))
}

/// "Article 7: Title · Chapter 2: Title", for an article page with no text to describe it.
fn article_description(input: &RenderInput<'_>, lang: &LangId, number: u32) -> String {
    let model = input.model;
    let strings = input.i18n.get(lang);
    let colon = strings.text("colon");
    let article = strings.format("article_number", &Args { n: Some(number.into()), ..Args::default() });
    let chapter = model.convention.chapter_of(number).map(|c| chapter_heading(input, lang, c.number));
    let title = model.article_title(lang, number);
    match chapter {
        Some(chapter) => format!("{article}{colon}{title} · {chapter}"),
        None => format!("{article}{colon}{title}"),
    }
}

fn chapter_heading(input: &RenderInput<'_>, lang: &LangId, number: u32) -> String {
    let strings = input.i18n.get(lang);
    let label = strings.format("chapter_number", &Args { n: Some(number.into()), ..Args::default() });
    format!("{label}{}{}", strings.text("colon"), input.model.chapter_title(lang, number))
}

/// "Chapter 2: Title · Articles 7 to 21", for a chapter page with no text to describe it.
fn chapter_description(input: &RenderInput<'_>, lang: &LangId, number: u32) -> String {
    let model = input.model;
    let strings = input.i18n.get(lang);
    let heading = chapter_heading(input, lang, number);
    let numbers: Vec<u32> = model
        .convention
        .chapters
        .iter()
        .find(|c| c.number == number)
        .map(|c| c.articles.iter().map(|a| a.number).collect())
        .unwrap_or_default();
    match (numbers.first(), numbers.last()) {
        (Some(from), Some(to)) if from != to => {
            let span = Args { from: Some((*from).into()), to: Some((*to).into()), ..Args::default() };
            format!("{heading} · {}", strings.format("articles_span", &span))
        }
        (Some(n), _) => format!(
            "{heading} · {}",
            strings.format("article_number", &Args { n: Some((*n).into()), ..Args::default() })
        ),
        _ => heading,
    }
}

/// The letters of the terms (the text's `##` headings, already in collation order), each
/// once, linking to the first term under it.
fn letter_index(locale: &LocaleData, toc: &[TocEntry]) -> Vec<IndexLetter> {
    let mut letters: Vec<IndexLetter> = Vec::new();
    for term in toc.iter().filter(|e| e.level == 2) {
        let letter = locale.index_letter(&term.title);
        if !letters.iter().any(|l| l.letter == letter) {
            letters.push(IndexLetter { letter, id: term.id.clone() });
        }
    }
    letters
}

fn article_extras(input: &RenderInput<'_>, lang: &LangId, number: u32) -> ArticleExtras {
    let model = input.model;
    let strings = input.i18n.get(lang);
    let chapter = model.convention.chapter_of(number).map_or(0, |c| c.number);
    let inferred = model
        .convention
        .articles()
        .any(|(_, a)| a.number == number && a.confidence == crate::content::data::Confidence::Inferred);
    ArticleExtras {
        number,
        label: strings.format("article_number", &Args { n: Some(number.into()), ..Args::default() }),
        chapter,
        chapter_label: strings.format("chapter_number", &Args { n: Some(chapter.into()), ..Args::default() }),
        chapter_title: model.chapter_title(lang, chapter).to_owned(),
        chapter_url: model.config.base_url.link(&paths::chapter(lang.as_str(), chapter)),
        title_inferred: inferred,
    }
}

fn neighbours(input: &RenderInput<'_>, lang: &LangId, number: u32) -> (Option<ArticleLink>, Option<ArticleLink>) {
    let model = input.model;
    let strings = input.i18n.get(lang);
    let numbers: Vec<u32> = model.convention.articles().map(|(_, a)| a.number).collect();
    let i = numbers.iter().position(|n| *n == number);
    let link = |n: &u32| views::article_link(model, strings, lang, *n);
    match i {
        Some(i) => (i.checked_sub(1).and_then(|p| numbers.get(p)).map(link), numbers.get(i + 1).map(link)),
        None => (None, None),
    }
}

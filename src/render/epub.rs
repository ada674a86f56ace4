//! The guide offline: one EPUB 3 per language, with a title page (the convention's
//! overview), every chapter and article in the convention's order, and the glossary.
//! Packaged by `epub-builder` (package document, navigation, NCX, the zip); each
//! document is an XHTML template (`epub/page.xhtml`) around the same Markdown as the
//! site, rendered again with links that lead inside the book.
//!
//! The bytes depend on the sources alone: the book's identifier is a hash of its
//! documents, its date is the status data's `as_of`, and the zip's timestamps are set
//! to that date (see [`repack`]). Not for `serve`'s body edits alone: they call
//! [`render_epub`] again for the languages they touch.

use std::io::{Cursor, Read, Write};

use epub_builder::{EpubBuilder, EpubContent, EpubVersion, ReferenceType, ZipLibrary};
use serde::Serialize;
use tera::{Context, Value};

use crate::config::{LangId, Language};
use crate::content::{PageKey, PageKind};
use crate::diag::{Code, Diagnostic, Failure, Location};
use crate::i18n::Args;
use crate::model::{PageVariant, TranslationState};
use crate::render::pages::{PageSpec, RenderInput, SitePlan, TextPlacement, render_text};
use crate::render::views::LangView;
use crate::url::paths;

/// The template of every document of the book.
const TEMPLATE: &str = "epub/page.xhtml";
/// Its stylesheet (a template too, so that a site can replace it).
const STYLESHEET: &str = "epub/stylesheet.css";

/// One document of the book, as its template receives it.
#[derive(Serialize)]
struct Doc {
    /// `titlepage`, `chapter`, `article` or `glossary` (the body's `epub:type` and class).
    kind: &'static str,
    title: String,
    /// The label above the title ("Article 7").
    eyebrow: Option<String>,
    /// The Markdown's HTML.
    content: String,
    /// Set when the text is the source language's, shown for want of a translation.
    fallback: Option<Fallback>,
    /// A chapter's articles.
    articles: Vec<DocLink>,
}

#[derive(Serialize)]
struct Fallback {
    notice: String,
    lang: LangId,
    dir: &'static str,
}

#[derive(Serialize)]
struct DocLink {
    label: String,
    title: String,
    href: String,
}

/// A document and where it goes in the book.
struct Part {
    href: String,
    /// Its entry in the table of contents: the title and the level (1 or 2).
    toc: String,
    level: i32,
    reference: Option<ReferenceType>,
    bytes: Vec<u8>,
}

/// Whether the book holds a page's text.
pub fn holds(v: &PageVariant<'_>) -> bool {
    matches!(v.kind, PageKind::Overview | PageKind::Chapter(_) | PageKind::Article { .. }) || v.key.as_str() == GLOSSARY
}

/// The key of the page the book ends with.
const GLOSSARY: &str = "glossary";

/// The EPUB of one language, from the pages of the plan in that language.
pub fn render_epub(input: &RenderInput<'_>, plan: &SitePlan<'_>, language: &Language) -> Result<Vec<u8>, Failure> {
    let variants: Vec<PageVariant<'_>> = plan
        .iter()
        .filter_map(|(_, page)| match &page.spec {
            PageSpec::Content(v) if *v.lang == language.id => Some(v.clone()),
            _ => None,
        })
        .collect();
    epub_of(input, &variants, language).map_err(|message| {
        let path = paths::epub(language.id.as_str());
        Failure::single(Diagnostic::error(Code::Epub, Location::file(TEMPLATE), format!("{path}: {message}")))
    })
}

fn epub_of(input: &RenderInput<'_>, variants: &[PageVariant<'_>], language: &Language) -> Result<Vec<u8>, String> {
    let model = input.model;
    let config = &model.config;
    let lang = &language.id;
    let strings = input.i18n.get(lang);
    let of_lang = |want: &dyn Fn(&PageKind) -> bool| variants.iter().find(|v| v.lang == lang && want(v.kind));
    let glossary_key = PageKey::new(GLOSSARY);
    let glossary = variants.iter().find(|v| v.lang == lang && *v.key == glossary_key);

    let article_href = |n: u32| format!("article-{n:02}.xhtml");
    let article_url = |n: u32| model.convention.has_article(n).then(|| article_href(n));
    // `@/glossary/` stays in the book; every other page of the site is linked on the web.
    let internal = |p: &str| {
        let p = p.trim_start_matches('/');
        let (path, fragment) = p.split_once('#').map_or((p, None), |(a, b)| (a, Some(b)));
        match fragment {
            _ if glossary.is_some() && path.trim_end_matches('/') == "glossary" => {
                format!("glossary.xhtml{}", fragment.map(|f| format!("#{f}")).unwrap_or_default())
            }
            _ => config.base_url.absolute(&paths::internal(lang.as_str(), p)),
        }
    };
    let placement =
        TextPlacement { id_prefix: "", heading_offset: 0, article_url: &article_url, internal_link: &internal };
    let text_of = |v: Option<&PageVariant<'_>>| -> Result<(String, Option<Fallback>), String> {
        let Some(v) = v else { return Ok((String::new(), None)) };
        let html = render_text(input, v, &placement).map_err(|ds| {
            ds.into_iter().next().map_or_else(|| "a text did not render".to_owned(), |d| d.to_string())
        })?;
        let fallback = (v.state == TranslationState::Missing).then(|| {
            let name = language.name.as_str();
            Fallback {
                notice: strings.format("fallback_notice", &Args { lang: Some(name), ..Args::default() }),
                lang: v.file_lang.clone(),
                dir: config.language(v.file_lang).map_or("ltr", |l| l.dir.as_str()),
            }
        });
        Ok((super::xhtml::to_xhtml(&html.html), fallback))
    };
    let number = |key: &str, n: u32| strings.format(key, &Args { n: Some(n.into()), ..Args::default() });

    let mut cx = Context::new();
    cx.insert("lang_code", lang.as_str());
    cx.insert("lang", &LangView::of(language));
    cx.insert_value("t", Value::from_serializable(&strings.plain_strings()));
    cx.insert("site_title", config.title(lang));
    cx.insert("site_url", &config.base_url.absolute(&paths::home(lang.as_str())));
    cx.insert("official_text", &model.convention.official_text_url.replace("{lang}", official_lang(input, lang)));
    let render = |doc: &Doc| -> Result<Vec<u8>, String> {
        let mut cx = cx.clone();
        cx.insert("doc", doc);
        input.renderer.render_bytes(TEMPLATE, &cx).map_err(|d| d.to_string())
    };

    let mut parts = Vec::new();
    let (content, fallback) = text_of(of_lang(&|k| matches!(k, PageKind::Overview)))?;
    let title = Doc {
        kind: "titlepage",
        title: config.title(lang).to_owned(),
        eyebrow: Some(model.convention_title(lang).to_owned()),
        content,
        fallback,
        articles: Vec::new(),
    };
    parts.push(Part {
        href: "index.xhtml".into(),
        toc: title.title.clone(),
        level: 1,
        reference: Some(ReferenceType::TitlePage),
        bytes: render(&title)?,
    });
    for chapter in &model.convention.chapters {
        let (content, fallback) = text_of(of_lang(&|k| matches!(k, PageKind::Chapter(n) if *n == chapter.number)))?;
        let label = number("chapter_number", chapter.number);
        let title = model.chapter_title(lang, chapter.number).to_owned();
        let articles = chapter
            .articles
            .iter()
            .map(|a| DocLink {
                label: number("article_number", a.number),
                title: model.article_title(lang, a.number).to_owned(),
                href: article_href(a.number),
            })
            .collect();
        let doc = Doc { kind: "chapter", title, eyebrow: Some(label.clone()), content, fallback, articles };
        let toc = format!("{label}{}{}", strings.text("colon"), doc.title);
        let href = format!("chapter-{:02}.xhtml", chapter.number);
        let reference = (chapter.number == model.convention.chapters[0].number).then_some(ReferenceType::Text);
        parts.push(Part { href, toc, level: 1, reference, bytes: render(&doc)? });
        for article in &chapter.articles {
            let n = article.number;
            let (content, fallback) =
                text_of(of_lang(&|k| matches!(k, PageKind::Article { number, .. } if *number == n)))?;
            let label = number("article_number", n);
            let doc = Doc {
                kind: "article",
                title: model.article_title(lang, n).to_owned(),
                eyebrow: Some(label.clone()),
                content,
                fallback,
                articles: Vec::new(),
            };
            let toc = format!("{label}{}{}", strings.text("colon"), doc.title);
            parts.push(Part { href: article_href(n), toc, level: 2, reference: None, bytes: render(&doc)? });
        }
    }
    if let Some(v) = glossary {
        let (content, fallback) = text_of(Some(v))?;
        let doc = Doc {
            kind: "glossary",
            title: v.file.front.title.clone().unwrap_or_else(|| strings.text("nav_glossary")),
            eyebrow: None,
            content,
            fallback,
            articles: Vec::new(),
        };
        parts.push(Part {
            href: "glossary.xhtml".into(),
            toc: doc.title.clone(),
            level: 1,
            reference: Some(ReferenceType::Glossary),
            bytes: render(&doc)?,
        });
    }
    let css = input.renderer.render_bytes(STYLESHEET, &cx).map_err(|d| d.to_string())?;
    package(input, language, &strings.text("contents"), &css, parts)
}

/// The official text's language for a reader: theirs when it is one of the UN's, else English.
fn official_lang<'a>(input: &'a RenderInput<'_>, lang: &'a LangId) -> &'a str {
    let model = input.model;
    if model.convention.authentic_languages.iter().any(|l| l == lang.as_str()) { lang.as_str() } else { "en" }
}

/// The documents into an EPUB 3, then its timestamps fixed.
fn package(
    input: &RenderInput<'_>,
    language: &Language,
    contents: &str,
    css: &[u8],
    parts: Vec<Part>,
) -> Result<Vec<u8>, String> {
    let model = input.model;
    let lang = &language.id;
    let as_of = model.status.as_of;
    let e = |e: epub_builder::Error| e.to_string();
    // The book's identity is what it holds: the same sources give the same identifier.
    let mut hasher = blake3::Hasher::new();
    hasher.update(lang.as_str().as_bytes());
    for part in &parts {
        hasher.update(part.href.as_bytes());
        hasher.update(&part.bytes);
    }
    let hash = hasher.finalize();
    let mut id = [0u8; 16];
    id.copy_from_slice(&hash.as_bytes()[..16]);
    let uuid = uuid::Builder::from_random_bytes(id).into_uuid();
    let date = chrono::NaiveDate::from_ymd_opt(as_of.year().into(), as_of.month() as u32, as_of.day() as u32)
        .and_then(|d| d.and_hms_opt(0, 0, 0))
        .ok_or("the status data's date is out of range")?
        .and_utc();

    let mut builder = EpubBuilder::new(ZipLibrary::new().map_err(e)?).map_err(e)?;
    builder.epub_version(EpubVersion::V30);
    builder.metadata("title", model.config.title(lang)).map_err(e)?;
    builder.metadata("lang", lang.as_str()).map_err(e)?;
    builder.metadata("direction", language.dir.as_str()).map_err(e)?;
    builder.metadata("generator", "accord").map_err(e)?;
    builder.metadata("toc_name", contents).map_err(e)?;
    // No `author`: epub-builder gives the creator and the language the same id.
    builder.set_uuid(uuid);
    builder.set_modified_date(date);
    builder.stylesheet(css).map_err(e)?;
    for part in parts {
        let mut content = EpubContent::new(part.href, part.bytes.as_slice()).title(part.toc).level(part.level);
        if let Some(reference) = part.reference {
            content = content.reftype(reference);
        }
        builder.add_content(content).map_err(e)?;
    }
    let mut book = Vec::new();
    builder.generate(&mut book).map_err(e)?;
    repack(&book, as_of, language).map_err(|e| format!("repacking the EPUB: {e}"))
}

/// The zip again, every entry dated `as_of`: `epub-builder`'s zip library dates them
/// with the clock. Entries are copied without recompressing, in their order (the
/// `mimetype` first, stored), except the navigation document, which `epub-builder`
/// writes without a language or direction: it gets the book's.
fn repack(book: &[u8], as_of: jiff::civil::Date, language: &Language) -> zip::result::ZipResult<Vec<u8>> {
    let time = zip::DateTime::from_date_and_time(as_of.year() as u16, as_of.month() as u8, as_of.day() as u8, 0, 0, 0)
        .unwrap_or_default();
    let mut archive = zip::ZipArchive::new(Cursor::new(book))?;
    let mut out = zip::ZipWriter::new(Cursor::new(Vec::new()));
    for i in 0..archive.len() {
        let name = archive.by_index_raw(i)?.name().to_owned();
        if name == "OEBPS/nav.xhtml" {
            let mut text = String::new();
            archive.by_index(i)?.read_to_string(&mut text)?;
            let code = language.id.as_str();
            let dir = language.dir.as_str();
            let text = text.replacen(
                "<html xmlns=",
                &format!("<html xml:lang=\"{code}\" lang=\"{code}\" dir=\"{dir}\" xmlns="),
                1,
            );
            let options = zip::write::SimpleFileOptions::default()
                .compression_method(zip::CompressionMethod::Deflated)
                .last_modified_time(time);
            out.start_file(name, options)?;
            out.write_all(text.as_bytes())?;
        } else {
            out.raw_copy_file_touch(archive.by_index_raw(i)?, time, None)?;
        }
    }
    Ok(out.finish()?.into_inner())
}

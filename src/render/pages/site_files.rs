//! The files outside the pages of a language: the language chooser at the root, the 404
//! page, the sitemap (every indexable page of the plan with its alternates), robots.txt,
//! each language's status feed and the open data files. The chooser and the 404 page are
//! in the default language, with no convention or news of a language in their context.

use serde::Serialize;

use crate::config::{LangId, Language};
use crate::content::PageKey;
use crate::diag::{Code, Diagnostic, Location};
use crate::render::status;
use crate::url::{SitePath, paths};

use super::shell::{Alternate, all_translated, alternates, page_view, states_of};
use super::{PageFailure, PageOut, Pass, PlannedPage};

#[derive(Serialize)]
struct ChooserEntry {
    code: LangId,
    name: String,
    dir: &'static str,
    url: String,
    title: String,
}

#[derive(Serialize)]
struct SitemapEntry {
    loc: String,
    alternates: Vec<Alternate>,
}

/// The default language, which the site files are in.
fn default_language<'a>(pass: &'a Pass<'_>) -> Result<&'a Language, PageFailure> {
    let config = &pass.input.model.config;
    config.language(&config.default_lang).ok_or_else(|| {
        PageFailure::single(Diagnostic::error(Code::Config, Location::file("site.yaml"), "no default language"))
    })
}

/// The language chooser: every language's home page, and alternates to the translated ones.
pub(super) fn render_chooser(pass: &Pass<'_>, path: &SitePath) -> Result<PageOut, PageFailure> {
    let input = pass.input;
    let model = input.model;
    let config = &model.config;
    let default = default_language(pass)?;
    let chooser: Vec<ChooserEntry> = config
        .languages
        .iter()
        .map(|l| ChooserEntry {
            code: l.id.clone(),
            name: l.name.clone(),
            dir: l.dir.as_str(),
            url: config.base_url.link(&paths::home(l.id.as_str())),
            title: config.title(&l.id).to_owned(),
        })
        .collect();
    // The chooser lists the home pages search engines may index: the translated ones.
    let home = PageKey::new("");
    let homes = if model.files.contains_key(&home) { states_of(model, &home) } else { all_translated(model) };
    let title = config.title(&default.id).to_owned();
    let mut root = page_view(input, &default.id, path, title, &homes, &|l: &LangId| paths::home(l.as_str()));
    root.description = Some(config.languages.iter().map(|l| config.title(&l.id)).collect::<Vec<_>>().join(" · "));
    let mut cx = pass.shared(&default.id).site_context();
    cx.insert("page", &root);
    cx.insert("chooser", &chooser);
    pass.render("chooser.html", &cx, || "chooser.html".to_owned()).map(PageOut::of)
}

/// The page served at every missing address.
pub(super) fn render_not_found(pass: &Pass<'_>, path: &SitePath) -> Result<PageOut, PageFailure> {
    let input = pass.input;
    let default = default_language(pass)?;
    let strings = input.i18n.get(&default.id);
    let title = strings.text("not_found_title");
    let mut page = page_view(input, &default.id, path, title, &Default::default(), &|_| paths::not_found());
    page.kind = "not-found";
    page.description = Some(strings.text("not_found_text"));
    // Served at every missing address: it is nobody's alternate.
    page.x_default = None;
    let mut cx = pass.shared(&default.id).site_context();
    cx.insert("page", &page);
    pass.render("404.html", &cx, || "404.html".to_owned()).map(PageOut::of)
}

/// The sitemap: every page of the plan that search engines may index, with its alternates.
pub(super) fn render_sitemap(pass: &Pass<'_>) -> Result<PageOut, PageFailure> {
    let model = pass.input.model;
    let default = default_language(pass)?;
    let mut entries: Vec<SitemapEntry> = pass
        .plan
        .iter()
        .filter(|(_, page)| page.is_language_page() && !page.noindex())
        .map(|(path, page)| SitemapEntry {
            loc: model.config.base_url.absolute(path),
            alternates: alternates(model, &page.states(model), &|l| page.path_in(l)),
        })
        .collect();
    entries.sort_by(|a, b| a.loc.cmp(&b.loc));
    let mut cx = pass.shared(&default.id).site_context();
    cx.insert("entries", &entries);
    pass.render("sitemap.xml", &cx, || "sitemap.xml".to_owned()).map(PageOut::of)
}

pub(super) fn render_robots(pass: &Pass<'_>) -> Result<PageOut, PageFailure> {
    let default = default_language(pass)?;
    let mut cx = pass.shared(&default.id).site_context();
    cx.insert("sitemap", &pass.input.model.config.base_url.absolute(&paths::sitemap()));
    pass.render("robots.txt", &cx, || "robots.txt".to_owned()).map(PageOut::of)
}

/// A language's Atom feed of status events.
pub(super) fn render_feed(pass: &Pass<'_>, page: &PlannedPage<'_>) -> Result<PageOut, PageFailure> {
    let model = pass.input.model;
    let config = &model.config;
    let lang = &page.lang;
    let strings = pass.input.i18n.get(lang);
    let mut cx = tera::Context::new();
    cx.insert("lang_code", lang.as_str());
    cx.insert("title", &format!("{} · {}", strings.text("feed_title"), config.title(lang)));
    cx.insert("self_url", &config.base_url.absolute(&paths::feed(lang.as_str())));
    cx.insert("page_url", &config.base_url.absolute(&paths::status(lang.as_str())));
    cx.insert("updated", &model.status.as_of.to_string());
    cx.insert("entries", &status::feed_entries(model, strings, lang));
    cx.insert("reported_label", &strings.text("reported_label"));
    pass.render("atom.xml", &cx, || "atom.xml".to_owned()).map(PageOut::of)
}

/// One of the open data files (JSON and CSV of the participants).
pub(super) fn render_open_data(pass: &Pass<'_>, file: &str) -> Result<PageOut, PageFailure> {
    let data_file = || Location::file("content/data/signatories.yaml");
    let files = status::open_data(pass.input.model)
        .map_err(|e| PageFailure::single(Diagnostic::error(Code::Data, data_file(), e)))?;
    let bytes = files.into_iter().find(|(path, _)| path == file).map(|(_, bytes)| bytes);
    bytes
        .map(PageOut::of)
        .ok_or_else(|| PageFailure::single(Diagnostic::error(Code::Data, data_file(), format!("no {file}"))))
}

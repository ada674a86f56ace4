//! The pages accord generates in every language from the data: the status page, one page
//! per participant, the search page and, when the site has no `news/_index.md`, the news
//! index. (The whole convention on one page and the translation status are in `full`.)
//! Each is the shell of a page translated everywhere, with its own values beside it.

use crate::config::LangId;
use crate::content::data::ParticipantCode;
use crate::render::status;
use crate::url::{SitePath, paths};

use super::shell::{Crumb, ShellView, all_translated, page_view};
use super::{PageFailure, PageOut, Pass, PlannedPage};

/// The shell of a generated page: `kind` and `section` name it for the templates.
pub(super) struct Generated<'a> {
    pub title: String,
    pub description: String,
    pub kind: &'static str,
    pub section: &'static str,
    pub crumbs: Vec<Crumb>,
    pub page: &'a PlannedPage<'a>,
}

impl<'a> Generated<'a> {
    /// A page just below the home page (no crumb between them), titled and described by
    /// the UI strings `title` and `description`.
    pub fn below_home(
        pass: &Pass<'_>,
        page: &'a PlannedPage<'a>,
        (kind, section): (&'static str, &'static str),
        (title, description): (&str, &str),
    ) -> Self {
        let strings = pass.input.i18n.get(&page.lang);
        Generated {
            title: strings.text(title),
            description: strings.text(description),
            kind,
            section,
            crumbs: crumbs(pass, &page.lang, &[]),
            page,
        }
    }

    pub fn shell(self, pass: &Pass<'_>, path: &SitePath) -> ShellView {
        let lang = &self.page.lang;
        let path_in = |l: &LangId| self.page.path_in(l);
        let mut shell = page_view(pass.input, lang, path, self.title, &all_translated(pass.input.model), &path_in);
        shell.kind = self.kind;
        shell.section = self.section;
        shell.breadcrumbs = self.crumbs;
        shell.description = Some(self.description);
        shell
    }

    /// Renders the page through `template`: the language's shared values, this page's
    /// shell as `page`, then what `fill` adds for the template.
    pub fn render(
        self,
        pass: &Pass<'_>,
        path: &SitePath,
        template: &str,
        fill: impl FnOnce(&mut tera::Context),
    ) -> Result<PageOut, PageFailure> {
        let page = self.page;
        let mut cx = pass.shared(&page.lang).context();
        cx.insert("page", &self.shell(pass, path));
        fill(&mut cx);
        pass.render(template, &cx, || page.origin(path)).map(PageOut::of)
    }
}

/// The trail to a generated page: home, then the pages `above` it (a label and a path).
pub(super) fn crumbs(pass: &Pass<'_>, lang: &LangId, above: &[(&str, SitePath)]) -> Vec<Crumb> {
    let strings = pass.input.i18n.get(lang);
    let base = &pass.input.model.config.base_url;
    let home = (strings.text("nav_home"), paths::home(lang.as_str()));
    std::iter::once(home)
        .chain(above.iter().map(|(label, path)| (strings.text(label), path.clone())))
        .map(|(title, path)| Crumb { title, url: base.link(&path) })
        .collect()
}

/// The status page: figures, chart, map, statements and the participants' table.
pub(super) fn render_status(pass: &Pass<'_>, path: &SitePath, page: &PlannedPage<'_>) -> Result<PageOut, PageFailure> {
    let input = pass.input;
    let lang = &page.lang;
    let strings = input.i18n.get(lang);
    let rtl = input.model.config.language(lang).is_some_and(|l| l.dir == crate::config::Direction::Rtl);
    let shared = pass.shared(lang);
    Generated::below_home(pass, page, ("status", "status"), ("status_title", "status_intro")).render(
        pass,
        path,
        "status.html",
        |cx| {
            status::status_page_view(input.model, strings, lang, rtl).insert_into(cx);
            cx.insert_value("participants", shared.participants(input, lang).table.clone());
        },
    )
}

/// A participant's own page.
pub(super) fn render_participant(
    pass: &Pass<'_>,
    path: &SitePath,
    page: &PlannedPage<'_>,
    code: &ParticipantCode,
) -> Result<PageOut, PageFailure> {
    let input = pass.input;
    let lang = &page.lang;
    let shared = pass.shared(lang);
    let Some((name, description, view)) = shared.participants(input, lang).pages.get(code) else {
        return Err(PageFailure::internal(path, format!("no participant `{code}` in the data")));
    };
    Generated {
        title: name.clone(),
        description: description.clone(),
        kind: "participant",
        section: "status",
        crumbs: crumbs(pass, lang, &[("nav_status", paths::status(lang.as_str()))]),
        page,
    }
    .render(pass, path, "participant.html", |cx| {
        cx.insert_value("p", view.clone());
    })
}

/// The search page (its results come from the index, in the reader's browser).
pub(super) fn render_search(pass: &Pass<'_>, path: &SitePath, page: &PlannedPage<'_>) -> Result<PageOut, PageFailure> {
    Generated::below_home(pass, page, ("search", ""), ("search", "search_placeholder")).render(
        pass,
        path,
        "search.html",
        |_| {},
    )
}

/// The news index of a site that has no `news/_index.md`: every news item.
pub(super) fn render_news_index(
    pass: &Pass<'_>,
    path: &SitePath,
    page: &PlannedPage<'_>,
) -> Result<PageOut, PageFailure> {
    let lang = &page.lang;
    let strings = pass.input.i18n.get(lang);
    let shared = pass.shared(lang);
    let titles: Vec<&str> = shared.news_all.iter().take(3).map(|n| n.title.as_str()).collect();
    Generated {
        title: strings.text("news"),
        description: format!("{}{}{}", strings.text("news"), strings.text("colon"), titles.join(" · ")),
        kind: "news-index",
        section: "news",
        crumbs: crumbs(pass, lang, &[]),
        page,
    }
    .render(pass, path, "news_list.html", |cx| {
        cx.insert("news_all", &shared.news_all);
    })
}

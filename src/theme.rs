//! The built-in theme: templates, static files and UI strings embedded in the binary,
//! so a site that has only `site.yaml` and `content/` builds. A file of the same name in
//! the site's `templates/`, `static/` or `i18n/` replaces (for strings: overrides key by
//! key) the built-in one. This module only lists the files; it does not use them.

macro_rules! embed {
    ($dir:literal, $($name:literal),* $(,)?) => {
        &[$(($name, include_str!(concat!("../theme/", $dir, "/", $name)))),*]
    };
}

/// Built-in templates by name (`article.html`, `partials/footer.html` …).
pub const TEMPLATES: &[(&str, &str)] = embed!(
    "templates",
    "404.html",
    "article.html",
    "base.html",
    "chapter.html",
    "chooser.html",
    "full.html",
    "home.html",
    "news_list.html",
    "overview.html",
    "page.html",
    "partials/body.html",
    "partials/footer.html",
    "partials/languages.html",
    "partials/status_summary.html",
    "participant.html",
    "robots.txt",
    "search.html",
    "sitemap.xml",
    "status.html",
    "translations.html"
);

/// Built-in static files by output path.
pub const STATIC: &[(&str, &str)] = embed!("static", "favicon.svg", "style.css");

/// Built-in UI strings by file name (`en.yaml` …).
pub const STRINGS: &[(&str, &str)] = embed!("i18n", "en.yaml");

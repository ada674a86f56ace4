//! The built-in theme: templates, static files and UI strings embedded in the binary,
//! so a site that has only `site.yaml` and `content/` builds. A file of the same name in
//! the site's `templates/`, `static/` or `i18n/` replaces (for strings: overrides key by
//! key) the built-in one. The lists are generated from the repository's top-level
//! `templates/`, `static/` and `i18n/` by the build script;
//! this module only holds them.

// TEMPLATES: templates by name (`article.html`, `partials/footer.html` …).
// STATIC: static files by output path. STRINGS: UI strings by file name (`en.yaml` …).
include!(concat!(env!("OUT_DIR"), "/theme_files.rs"));

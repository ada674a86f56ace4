//! Rendering: Tera set up once with the built-in templates and the site's own (a
//! site file of the same name replaces the built-in one), the `tr` function for UI
//! strings, and template errors turned into diagnostics that name the template file
//! and line. View models (what each page's template receives) are in `views`, the lists
//! of a section's pages in `sections`; the page plan (every output path once) and the
//! rendering of each entry into a `FileSink` is in `pages`. URLs come from `crate::url`.
//!
//! Templates escape HTML by default; only Markdown output and SVG accord made itself
//! are marked safe. Data files are never trusted as HTML.

pub mod epub;
pub mod pages;
pub mod reported;
pub mod sections;
pub mod status;
pub mod views;
pub mod xhtml;

use std::collections::BTreeMap;
use std::path::PathBuf;
use std::sync::Arc;

use tera::{Context, Kwargs, State, Tera, TeraResult};

use crate::config::Config;
use crate::diag::{Code, Diagnostic, Failure, Location};
use crate::i18n::{Args, I18n};
use crate::source::SourceFile;
use crate::theme;

/// Tera, ready to render every page of the site.
pub struct Renderer {
    tera: Tera,
    /// Where each template came from, for error messages.
    origins: BTreeMap<String, PathBuf>,
}

impl Renderer {
    pub fn new(site_templates: &[SourceFile], config: &Config, i18n: Arc<I18n>) -> Result<Renderer, Failure> {
        let sources = template_sources(site_templates);
        let origins: BTreeMap<String, PathBuf> = sources.iter().map(|(n, (p, _))| (n.clone(), p.clone())).collect();
        let texts: BTreeMap<String, String> = sources.iter().map(|(n, (_, t))| (n.clone(), (*t).to_owned())).collect();

        let mut tera = Tera::new();
        tera.autoescape_on([".html", ".xml", ".svg", ".xhtml"]);
        register_functions(&mut tera, config, i18n);
        if let Err(err) = tera.add_raw_templates(sources.iter().map(|(name, (_, text))| (name.as_str(), *text))) {
            return Err(Failure::single(template_diagnostic(&err, &origins, &texts)));
        }
        Ok(Renderer { tera, origins })
    }

    pub fn has_template(&self, name: &str) -> bool {
        self.tera.contains_template(name)
    }

    /// Renders `template`; `page` names the page being rendered, for messages.
    pub fn render(&self, template: &str, context: &Context, page: &str) -> Result<String, Diagnostic> {
        self.tera.render(template, context).map_err(|err| {
            let texts = BTreeMap::new();
            while_rendering(template_diagnostic(&err, &self.origins, &texts), page, 1)
        })
    }

    /// Like [`Renderer::render`], into bytes for the output, with an error that does not
    /// name the page yet: the caller names it, once for all the pages one mistake broke
    /// (see [`while_rendering`]). Tera writes bytes and checks them again to make a
    /// `String`; every page skips that pass over its whole text.
    pub fn render_bytes(&self, template: &str, context: &Context) -> Result<Vec<u8>, Diagnostic> {
        let mut out = Vec::new();
        self.tera.render_to(template, context, &mut out).map_err(|err| {
            let texts = BTreeMap::new();
            template_diagnostic(&err, &self.origins, &texts)
        })?;
        Ok(out)
    }
}

/// Every template by name with the file it comes from and its text: the site's own
/// `templates/` over the built-in ones, one file at a time.
pub fn template_sources(site_templates: &[SourceFile]) -> BTreeMap<String, (PathBuf, &str)> {
    let mut sources: BTreeMap<String, (PathBuf, &str)> = BTreeMap::new();
    for (name, text) in theme::TEMPLATES {
        sources.insert((*name).to_owned(), (PathBuf::from("templates").join(name), *text));
    }
    for file in site_templates {
        let name = file.path.strip_prefix("templates").unwrap_or(&file.path);
        let name = name.to_string_lossy().replace('\\', "/");
        sources.insert(name, (file.path.clone(), file.text.as_str()));
    }
    sources
}

/// `d` said of the page `first` and `others` more pages it broke.
pub fn while_rendering(mut d: Diagnostic, first: &str, pages: usize) -> Diagnostic {
    d.message = match pages {
        0 | 1 => format!("{} (while rendering {first})", d.message),
        2 => format!("{} (while rendering {first} and 1 other page)", d.message),
        n => format!("{} (while rendering {first} and {} other pages)", d.message, n - 1),
    };
    d
}

/// Turns a Tera error into a diagnostic at the template's file, line and column.
fn template_diagnostic(
    err: &tera::Error,
    origins: &BTreeMap<String, PathBuf>,
    texts: &BTreeMap<String, String>,
) -> Diagnostic {
    match err.kind() {
        tera::ErrorKind::SyntaxError(report) | tera::ErrorKind::RenderingError(report) => {
            let file = origins.get(report.filename()).cloned().unwrap_or_else(|| PathBuf::from(report.filename()));
            let span = report.span();
            let location = Location::at(file, span.start_line, span.start_col + 1);
            let kind = if matches!(err.kind(), tera::ErrorKind::SyntaxError(_)) {
                "template syntax error"
            } else {
                "template error"
            };
            let mut d = Diagnostic::error(Code::Template, location, format!("{kind}: {}", report.message()));
            if let Some(text) = texts.get(report.filename()) {
                d = d.with_source(text);
            }
            d
        }
        tera::ErrorKind::TemplateNotFound(name) => Diagnostic::error(
            Code::Template,
            Location::file(format!("templates/{name}")),
            format!("template `{name}` does not exist"),
        )
        .with_hint(format!("add templates/{name}, or use one of the built-in templates")),
        tera::ErrorKind::MissingParent { current, parent } => Diagnostic::error(
            Code::Template,
            Location::file(origins.get(current).cloned().unwrap_or_else(|| PathBuf::from(current))),
            format!("template `{current}` extends `{parent}`, which does not exist"),
        ),
        _ => match parse_report(&err.to_string()) {
            Some((message, name, line, column)) => {
                let file = origins.get(&name).cloned().unwrap_or_else(|| PathBuf::from(&name));
                let location = Location::at(file, line, column);
                let mut d = Diagnostic::error(Code::Template, location, format!("template error: {message}"));
                if let Some(text) = texts.get(&name) {
                    d = d.with_source(text);
                }
                d
            }
            None => Diagnostic::error(Code::Template, Location::file("templates"), format!("{err}")),
        },
    }
}

/// Tera reports some load-time problems (unknown includes, blocks) as text shaped
/// `error: MESSAGE\n --> NAME:LINE:COL …`; this reads the first one back.
fn parse_report(report: &str) -> Option<(String, String, usize, usize)> {
    let message = report.lines().next()?.trim_start_matches("error: ").to_owned();
    let at = report.lines().find_map(|l| l.trim_start().strip_prefix("--> "))?;
    let mut parts = at.rsplitn(3, ':');
    let column: usize = parts.next()?.trim().parse().ok()?;
    let line: usize = parts.next()?.trim().parse().ok()?;
    let name = parts.next()?.trim().to_owned();
    Some((message, name, line, column))
}

/// `tr(key=…, n=…, total=…, date=…, name=…)`: a UI string in the page's language
/// (the context's `lang_code`), plural form chosen by ICU rules, numbers and dates localized.
fn register_functions(tera: &mut Tera, config: &Config, i18n: Arc<I18n>) {
    // Tera's `safe` turns an undefined value into an empty string: a misspelt field behind
    // it (`{{ page.bdy | safe }}`) emptied every page without a word, while the same
    // typo without the filter is an error. Ours makes it the same error; a template that
    // means "this may be missing" says so with `default` or an `if`.
    tera.register_filter("safe", |value: tera::Value, _: Kwargs, _: &State| -> TeraResult<tera::Value> {
        if value.is_undefined() {
            return Err(tera::Error::message(
                "`safe` was given a value that is not defined (a misspelt field?)".to_owned(),
            ));
        }
        Ok(match value.as_str() {
            Some(text) => tera::Value::safe_string(text),
            None => tera::Value::safe_string(&value.to_string()),
        })
    });
    let langs = config.languages.iter().map(|l| l.id.clone()).collect::<Vec<_>>();
    let default = config.default_lang.clone();
    tera.register_function("tr", move |kwargs: Kwargs, state: &State| -> TeraResult<String> {
        let code: Option<String> = state.get("lang_code")?;
        let lang = code.and_then(|c| langs.iter().find(|l| l.as_str() == c)).unwrap_or(&default);
        let key: String = kwargs.must_get("key")?;
        let date: Option<String> = kwargs.get("date")?;
        let date = match date {
            Some(text) => Some(
                text.parse::<jiff::civil::Date>()
                    .map_err(|e| tera::Error::message(format!("tr: `date` {text}: {e}")))?,
            ),
            None => None,
        };
        let name: Option<String> = kwargs.get("name")?;
        let args = Args {
            n: kwargs.get("n")?,
            total: kwargs.get("total")?,
            from: kwargs.get("from")?,
            to: kwargs.get("to")?,
            date,
            name: name.as_deref(),
            ..Args::default()
        };
        let strings = i18n.get(lang);
        if !strings.has(&key) {
            // A misspelt key printed itself on every page; now it is the template's error.
            return Err(tera::Error::message(format!("tr: there is no UI string `{key}` (in i18n/*.yaml)")));
        }
        Ok(strings.format(&key, &args))
    });
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tera_text_reports_are_read_back() {
        let report = "error: Unknown template `x.html`\n --> page.html:1:12\n  |\n1 | {% include \"x.html\" %}\n  |            ^^^^^^^^";
        assert_eq!(parse_report(report), Some(("Unknown template `x.html`".into(), "page.html".into(), 1, 12)));
    }
}

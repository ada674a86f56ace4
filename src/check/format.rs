//! A [`CheckReport`] as text for people (grouped by file, with the offending line), as
//! JSON for programs (schema in docs/check-json.md, versioned by [`JSON_SCHEMA_VERSION`]),
//! or as GitHub Actions workflow commands, which GitHub shows inline on the change.
//!
//! Pure: returns strings; the binary prints them. Output depends only on the report, so
//! the same site gives the same output (timings are left to the caller).

use std::fmt::Write as _;
use std::path::{Component, Path, PathBuf};

use serde::Serialize;

use super::CheckReport;
use super::external::{ExternalLink, LinkStatus};
use crate::diag::{Code, Diagnostic, Location};

/// Bumped when a field is removed or changes meaning; adding a field does not bump it.
pub const JSON_SCHEMA_VERSION: u32 = 1;

/// How to print a report.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Human,
    Json,
    Github,
}

/// The report in `format`. `strict` is part of the verdict; `root` is the site folder as
/// given on the command line (GitHub wants paths from the repository root).
pub fn render(report: &CheckReport, format: Format, strict: bool, root: &Path) -> String {
    match format {
        Format::Human => human(report, strict),
        Format::Json => json(report, strict),
        Format::Github => github(report, strict, root),
    }
}

fn plural(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

/// Diagnostics in file order, then by line; problems without a line first in their file.
fn by_file(report: &CheckReport) -> Vec<&Diagnostic> {
    let mut sorted: Vec<&Diagnostic> = report.diagnostics.iter().collect();
    sorted.sort_by(|a, b| (&a.location, a.severity, &a.message).cmp(&(&b.location, b.severity, &b.message)));
    sorted
}

fn verdict(report: &CheckReport, strict: bool) -> String {
    let counts =
        format!("{}, {}", plural(report.errors(), "error", "errors"), plural(report.warnings(), "warning", "warnings"));
    let outcome = if report.failed(strict) {
        if report.errors() == 0 { "check failed (--strict counts warnings)" } else { "check failed" }
    } else {
        "check passed"
    };
    format!(
        "{outcome}: {counts}; {} and {} checked",
        plural(report.pages, "page", "pages"),
        plural(report.links_checked, "link", "links")
    )
}

fn human(report: &CheckReport, strict: bool) -> String {
    let mut out = String::new();
    let mut current: Option<&Path> = None;
    let diagnostics = by_file(report);
    for d in &diagnostics {
        let file = d.location.file.as_path();
        if current != Some(file) {
            let in_file: Vec<&&Diagnostic> = diagnostics.iter().filter(|x| x.location.file == file).collect();
            let errors = in_file.iter().filter(|x| x.is_error()).count();
            let _ = writeln!(
                out,
                "── {} ({}, {})\n",
                file.display(),
                plural(errors, "error", "errors"),
                plural(in_file.len() - errors, "warning", "warnings")
            );
            current = Some(file);
        }
        let _ = writeln!(out, "{}\n", human_diagnostic(d));
    }
    out.push_str(&external_section(&report.external_links, report.external_fetched));
    out.push_str(&verdict(report, strict));
    out.push('\n');
    out
}

/// Like [`Diagnostic`]'s `Display`, with the stable code after the severity.
fn human_diagnostic(d: &Diagnostic) -> String {
    d.to_text(true)
}

fn external_section(links: &[ExternalLink], fetched: bool) -> String {
    if links.is_empty() {
        return String::new();
    }
    let mut out = if fetched {
        format!("{} fetched:\n", plural(links.len(), "external link", "external links"))
    } else {
        format!(
            "{}, not fetched (accord check --external fetches them):\n",
            plural(links.len(), "external link", "external links")
        )
    };
    for link in links {
        let status = match (&link.status, link.status.http()) {
            (LinkStatus::Unchecked, _) => String::new(),
            (status, Some(http)) => format!("[{} {http}] ", status.name()),
            (status, None) => format!("[{}] ", status.name()),
        };
        let place = link.locations.first().map(|l| l.to_string()).unwrap_or_default();
        let more = link.locations.len().saturating_sub(1);
        let more = if more > 0 { format!(" and {more} more") } else { String::new() };
        let _ =
            writeln!(out, "  {status}{}\n      in {place}{more} ({})", link.url, plural(link.pages, "page", "pages"));
    }
    out.push('\n');
    out
}

#[derive(Serialize)]
struct JsonReport<'a> {
    schema_version: u32,
    tool: JsonTool,
    strict: bool,
    passed: bool,
    summary: JsonSummary,
    diagnostics: Vec<JsonDiagnostic<'a>>,
    external_links: Vec<JsonExternalLink<'a>>,
}

#[derive(Serialize)]
struct JsonTool {
    name: &'static str,
    version: &'static str,
}

#[derive(Serialize)]
struct JsonSummary {
    errors: usize,
    warnings: usize,
    pages: usize,
    files: usize,
    links_checked: usize,
    external_links: usize,
    external_fetched: bool,
}

#[derive(Serialize)]
struct JsonDiagnostic<'a> {
    severity: &'static str,
    code: Code,
    file: String,
    line: Option<usize>,
    column: Option<usize>,
    message: &'a str,
    hint: Option<&'a str>,
    snippet: Option<&'a str>,
}

#[derive(Serialize)]
struct JsonLocation {
    file: String,
    line: Option<usize>,
    column: Option<usize>,
}

#[derive(Serialize)]
struct JsonExternalLink<'a> {
    url: &'a str,
    status: &'static str,
    http_status: Option<u16>,
    detail: Option<&'a str>,
    pages: usize,
    locations: Vec<JsonLocation>,
}

/// Paths with forward slashes whatever the platform, for stable output.
fn slash_path(path: &Path) -> String {
    path.to_string_lossy().replace('\\', "/")
}

fn json(report: &CheckReport, strict: bool) -> String {
    let location = |l: &Location| JsonLocation { file: slash_path(&l.file), line: l.line, column: l.column };
    let value = JsonReport {
        schema_version: JSON_SCHEMA_VERSION,
        tool: JsonTool { name: "accord", version: env!("CARGO_PKG_VERSION") },
        strict,
        passed: !report.failed(strict),
        summary: JsonSummary {
            errors: report.errors(),
            warnings: report.warnings(),
            pages: report.pages,
            files: report.files,
            links_checked: report.links_checked,
            external_links: report.external_links.len(),
            external_fetched: report.external_fetched,
        },
        diagnostics: by_file(report)
            .into_iter()
            .map(|d| JsonDiagnostic {
                severity: d.severity.as_str(),
                code: d.code,
                file: slash_path(&d.location.file),
                line: d.location.line,
                column: d.location.column,
                message: &d.message,
                hint: d.hint.as_deref(),
                snippet: d.snippet.as_deref(),
            })
            .collect(),
        external_links: report
            .external_links
            .iter()
            .map(|link| JsonExternalLink {
                url: &link.url,
                status: link.status.name(),
                http_status: link.status.http(),
                detail: link.status.detail(),
                pages: link.pages,
                locations: link.locations.iter().map(location).collect(),
            })
            .collect(),
    };
    let mut text = serde_json::to_string_pretty(&value).unwrap_or_default();
    text.push('\n');
    text
}

fn github(report: &CheckReport, strict: bool, root: &Path) -> String {
    let mut out = String::new();
    for d in by_file(report) {
        let file = slash_path(&repository_path(root, &d.location.file));
        let mut properties = format!("file={}", escape_property(&file));
        if let Some(line) = d.location.line {
            let _ = write!(properties, ",line={line}");
            if let Some(column) = d.location.column {
                let _ = write!(properties, ",col={column}");
            }
        }
        let _ = write!(properties, ",title={}", escape_property(d.code.as_str()));
        let mut message = d.message.clone();
        if let Some(hint) = &d.hint {
            let _ = write!(message, "\nhelp: {hint}");
        }
        let _ = writeln!(out, "::{} {properties}::{}", d.severity.as_str(), escape_data(&message));
    }
    out.push_str(&external_section(&report.external_links, report.external_fetched));
    out.push_str(&verdict(report, strict));
    out.push('\n');
    out
}

/// A site path as seen from where the command ran: `--root site` makes
/// `content/en/a.md` into `site/content/en/a.md`. Absolute roots are left out, as
/// GitHub wants paths from the repository root.
fn repository_path(root: &Path, file: &Path) -> PathBuf {
    if root.is_absolute() {
        return file.to_path_buf();
    }
    root.join(file).components().filter(|c| !matches!(c, Component::CurDir)).collect()
}

/// Escaping of a workflow command's message (GitHub's toolkit `escapeData`).
fn escape_data(text: &str) -> String {
    text.replace('%', "%25").replace('\r', "%0D").replace('\n', "%0A")
}

/// Escaping of a workflow command's property (GitHub's toolkit `escapeProperty`).
fn escape_property(text: &str) -> String {
    escape_data(text).replace(':', "%3A").replace(',', "%2C")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn github_commands_are_escaped() {
        assert_eq!(escape_data("50% done\nnext"), "50%25 done%0Anext");
        assert_eq!(escape_property("a:b,c"), "a%3Ab%2Cc");
    }

    #[test]
    fn github_paths_start_at_the_repository() {
        assert_eq!(repository_path(Path::new("."), Path::new("content/en/a.md")), PathBuf::from("content/en/a.md"));
        assert_eq!(
            repository_path(Path::new("site"), Path::new("content/en/a.md")),
            PathBuf::from("site/content/en/a.md")
        );
    }
}

//! Diagnostics: what went wrong, where, and how to fix it.
//!
//! Every layer of accord reports problems as [`Diagnostic`]s: a severity, a
//! [`Location`] (file, line, column where known), a message, an optional hint and
//! the offending source line. Library code never prints or exits; the binary turns
//! diagnostics into text (drawn by annotate-snippets, as rustc's are; or JSON, or CI
//! annotations) and an exit code.

use std::fmt;
use std::path::{Path, PathBuf};

use annotate_snippets::{AnnotationKind, Element, Level, Origin, Renderer, Snippet};

mod code;
pub use code::Code;

/// How bad a problem is. Errors stop a build; warnings are reported and work goes on.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize, strum::IntoStaticStr)]
#[serde(rename_all = "lowercase")]
#[strum(serialize_all = "lowercase")]
pub enum Severity {
    Error,
    Warning,
}

impl Severity {
    /// `error` or `warning`, as diagnostics and reports label it.
    pub fn as_str(self) -> &'static str {
        self.into()
    }
}

/// A place in a source file. Lines and columns are 1-based.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize)]
pub struct Location {
    pub file: PathBuf,
    pub line: Option<usize>,
    pub column: Option<usize>,
}

impl Location {
    pub fn file(file: impl Into<PathBuf>) -> Self {
        Location { file: file.into(), line: None, column: None }
    }

    pub fn at(file: impl Into<PathBuf>, line: usize, column: usize) -> Self {
        Location { file: file.into(), line: Some(line), column: Some(column) }
    }
}

impl fmt::Display for Location {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.file.display())?;
        if let Some(line) = self.line {
            write!(f, ":{line}")?;
            if let Some(column) = self.column {
                write!(f, ":{column}")?;
            }
        }
        Ok(())
    }
}

/// One problem found in the site's input or output.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Diagnostic {
    pub severity: Severity,
    /// A stable, machine-readable kind such as `front-matter` or `broken-link`.
    pub code: Code,
    pub location: Location,
    pub message: String,
    pub hint: Option<String>,
    /// The offending line of the source, when known.
    pub snippet: Option<String>,
}

impl Diagnostic {
    pub fn error(code: Code, location: Location, message: impl Into<String>) -> Self {
        Diagnostic::new(Severity::Error, code, location, message.into())
    }

    pub fn warning(code: Code, location: Location, message: impl Into<String>) -> Self {
        Diagnostic::new(Severity::Warning, code, location, message.into())
    }

    fn new(severity: Severity, code: Code, location: Location, message: String) -> Self {
        debug_assert!(code.severities().contains(&severity), "`{code}` is documented without {severity:?}");
        Diagnostic { severity, code, location, message, hint: None, snippet: None }
    }

    pub fn with_hint(mut self, hint: impl Into<String>) -> Self {
        self.hint = Some(hint.into());
        self
    }

    /// Attaches the offending line, taken from the file's text by the location's line.
    pub fn with_source(mut self, text: &str) -> Self {
        if let Some(line) = self.location.line {
            self.snippet = text.lines().nth(line.saturating_sub(1)).map(str::to_owned);
        }
        self
    }

    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }

    /// A path relative to `root`, for messages that should not depend on where the site lives.
    pub fn relative_to(mut self, root: &Path) -> Self {
        if let Ok(rel) = self.location.file.strip_prefix(root) {
            self.location.file = rel.to_path_buf();
        }
        self
    }
}

impl Diagnostic {
    /// The diagnostic as people read it, drawn by annotate-snippets as rustc draws its
    /// own: the message, where it is, the offending line with a caret under the column,
    /// and the hint. `with_code` puts the stable code after the severity (`error[data]`),
    /// as `check` does.
    pub fn to_text(&self, with_code: bool) -> String {
        let level = match self.severity {
            Severity::Error => Level::ERROR,
            Severity::Warning => Level::WARNING,
        };
        let title = level.primary_title(self.message.as_str());
        let title = if with_code { title.id(self.code.as_str()) } else { title };
        let path = self.location.file.display().to_string();
        let place: Element<'_> = match (&self.snippet, self.location.line) {
            (Some(source), Some(line)) => {
                let snippet = Snippet::source(source.as_str()).line_start(line).path(path);
                match self.location.column {
                    Some(column) => snippet.annotation(AnnotationKind::Primary.span(char_span(source, column))),
                    None => snippet,
                }
                .into()
            }
            (_, line) => {
                let origin = Origin::path(path);
                match (line, self.location.column) {
                    (Some(line), Some(column)) => origin.line(line).char_column(column),
                    (Some(line), None) => origin.line(line),
                    _ => origin,
                }
                .into()
            }
        };
        let mut group = title.element(place);
        if let Some(hint) = &self.hint {
            group = group.element(Level::HELP.message(hint.as_str()));
        }
        Renderer::plain().render(&[group])
    }
}

/// The bytes of the character at 1-based `column` of `line` (empty past its end).
fn char_span(line: &str, column: usize) -> std::ops::Range<usize> {
    match line.char_indices().nth(column.saturating_sub(1)) {
        Some((start, c)) => start..start + c.len_utf8(),
        None => line.len()..line.len(),
    }
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.to_text(false))
    }
}

/// A failed operation: one or more diagnostics, at least one of them an error.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub struct Failure {
    pub diagnostics: Vec<Diagnostic>,
}

impl Failure {
    pub fn single(diagnostic: Diagnostic) -> Self {
        Failure { diagnostics: vec![diagnostic] }
    }

    pub fn error_count(&self) -> usize {
        self.diagnostics.iter().filter(|d| d.is_error()).count()
    }
}

impl From<Diagnostic> for Failure {
    fn from(diagnostic: Diagnostic) -> Self {
        Failure::single(diagnostic)
    }
}

impl fmt::Display for Failure {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, d) in self.diagnostics.iter().enumerate() {
            if i > 0 {
                writeln!(f)?;
            }
            write!(f, "{d}")?;
        }
        Ok(())
    }
}

/// Collects diagnostics from many places, then decides whether the work failed.
#[derive(Debug, Default)]
pub struct Diagnostics {
    items: Vec<Diagnostic>,
}

impl Diagnostics {
    pub fn push(&mut self, diagnostic: Diagnostic) {
        self.items.push(diagnostic);
    }

    pub fn extend(&mut self, diagnostics: impl IntoIterator<Item = Diagnostic>) {
        self.items.extend(diagnostics);
    }

    /// The values of `results`; each error among them is kept here instead.
    pub fn keep_ok<T>(&mut self, results: impl IntoIterator<Item = Result<T, Diagnostic>>) -> Vec<T> {
        results.into_iter().filter_map(|result| result.map_err(|d| self.push(d)).ok()).collect()
    }

    pub fn has_errors(&self) -> bool {
        self.items.iter().any(Diagnostic::is_error)
    }

    /// Sorted so that reports are deterministic whatever order threads finished in.
    pub fn into_sorted(mut self) -> Vec<Diagnostic> {
        self.items.sort_by(|a, b| (a.severity, &a.location, &a.message).cmp(&(b.severity, &b.location, &b.message)));
        self.items.dedup();
        self.items
    }

    /// `Err` with every diagnostic when any is an error, else the warnings.
    pub fn finish(self) -> Result<Vec<Diagnostic>, Failure> {
        let failed = self.has_errors();
        let diagnostics = self.into_sorted();
        if failed { Err(Failure { diagnostics }) } else { Ok(diagnostics) }
    }
}

/// Turns a serde_yaml error into a diagnostic, shifting its line by `line_offset`
/// (front matter starts below the opening `---`).
pub fn yaml_diagnostic(code: Code, file: &Path, text: &str, line_offset: usize, err: &serde_yaml::Error) -> Diagnostic {
    let message = strip_yaml_position(&err.to_string());
    let location = match err.location() {
        Some(loc) => Location::at(file, loc.line() + line_offset, loc.column()),
        None => Location::file(file),
    };
    Diagnostic::error(code, location, message).with_source(text)
}

/// serde_yaml appends " at line L column C" to its messages; the location says it better.
fn strip_yaml_position(message: &str) -> String {
    match message.find(" at line ") {
        Some(i) => message[..i].to_owned(),
        None => message.to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_text_form_shows_the_line_with_a_caret_under_the_column() {
        let d = Diagnostic::error(Code::Data, Location::at("d.yaml", 12, 10), "`XX` is not a code")
            .with_source(&format!("{}  - code: XX\n", "\n".repeat(11)))
            .with_hint("use FR");
        let text = d.to_text(true);
        let expected = "error[data]: `XX` is not a code\n  --> d.yaml:12:10\n   |\n12 |   - code: XX\n   |          ^\n   |\n   = help: use FR";
        assert_eq!(text, expected);
        // Columns count characters: the caret is under `X`, after two-byte `é`s.
        let d = Diagnostic::error(Code::Data, Location::at("d.yaml", 1, 5), "m").with_source("éé: X\n");
        assert!(d.to_string().ends_with("1 | éé: X\n  |     ^"), "{d}");
        let d = Diagnostic::warning(Code::Content, Location::file("a.md"), "unreadable");
        assert_eq!(d.to_string(), "warning: unreadable\n--> a.md");
        let d = Diagnostic::error(Code::Io, Location::at("a.md", 3, 2), "m").with_hint("h");
        assert_eq!(d.to_string(), "error: m\n--> a.md:3:2\n = help: h");
    }

    #[test]
    fn keep_ok_keeps_every_value_and_every_error() {
        let error = |n: &str| Diagnostic::error(Code::Io, Location::file(n), "bad");
        let mut problems = Diagnostics::default();
        let kept = problems.keep_ok([Ok(1), Err(error("a")), Ok(2), Err(error("b"))]);
        assert_eq!(kept, [1, 2]);
        assert_eq!(problems.finish().unwrap_err().diagnostics.len(), 2);
    }
}

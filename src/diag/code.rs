//! The kinds of diagnostic: one variant per stable, machine-readable code. The codes are a
//! public contract (`docs/check-json.md` lists them, with the severity each may have); they
//! are written in kebab-case, the same in JSON, text and CI annotations.

use super::Severity;

/// A stable kind of problem, such as `front-matter` or `broken-link`.
///
/// serde writes it in JSON reports; strum gives `as_str` and `Display` from the same
/// kebab-case rule, and lists every variant for the test against the documentation
/// (serde alone can neither name a variant without a serializer nor list them).
#[derive(
    Debug,
    Clone,
    Copy,
    PartialEq,
    Eq,
    PartialOrd,
    Ord,
    Hash,
    serde::Serialize,
    strum::IntoStaticStr,
    strum::Display,
    strum::VariantArray,
)]
#[serde(rename_all = "kebab-case")]
#[strum(serialize_all = "kebab-case")]
pub enum Code {
    BrokenLink,
    BrokenAnchor,
    ImageAlt,
    ExternalLink,
    OrphanPage,
    MissingTranslation,
    StaleTranslation,
    MissingString,
    UnknownString,
    UnknownPlaceholder,
    PluralForm,
    UnknownLanguage,
    Xref,
    FrontMatter,
    Data,
    CrossReference,
    ContentPath,
    Content,
    Translation,
    Duplicate,
    UnsafeHtml,
    Template,
    Config,
    Strings,
    Locale,
    Io,
    Encoding,
    Output,
    Search,
    Epub,
    Init,
    Usage,
    Internal,
}

impl Code {
    pub fn as_str(self) -> &'static str {
        self.into()
    }

    /// The severities a diagnostic of this kind may have, as documented.
    pub fn severities(self) -> &'static [Severity] {
        use Code::*;
        const ERROR: &[Severity] = &[Severity::Error];
        const WARNING: &[Severity] = &[Severity::Warning];
        const EITHER: &[Severity] = &[Severity::Error, Severity::Warning];
        match self {
            ExternalLink | FrontMatter | Data | Locale => EITHER,
            OrphanPage | MissingTranslation | StaleTranslation | MissingString | UnknownString | UnknownPlaceholder
            | PluralForm | UnknownLanguage | Xref | Content => WARNING,
            BrokenLink | BrokenAnchor | ImageAlt | CrossReference | ContentPath | Translation | Duplicate
            | UnsafeHtml | Template | Config | Strings | Io | Encoding | Output | Search | Epub | Init | Usage
            | Internal => ERROR,
        }
    }
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeMap;

    use strum::VariantArray;

    use super::*;

    /// The rows of the table under `## Codes` in docs/check-json.md: each code of a row's
    /// first cell, with the severities its second cell names.
    fn documented_codes() -> BTreeMap<String, Vec<Severity>> {
        let doc = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/docs/check-json.md")).unwrap();
        let table = doc.split_once("\n## Codes\n").expect("docs/check-json.md has a `## Codes` section").1;
        let mut codes = BTreeMap::new();
        for row in table.lines().filter(|l| l.starts_with("| `")) {
            let cells: Vec<&str> = row.split('|').map(str::trim).collect();
            let severities = match cells[2] {
                "error" => vec![Severity::Error],
                "warning" => vec![Severity::Warning],
                "error or warning" => vec![Severity::Error, Severity::Warning],
                other => panic!("unknown severity `{other}` in row {row}"),
            };
            for code in cells[1].split(',').map(|c| c.trim().trim_matches('`')) {
                let earlier = codes.insert(code.to_owned(), severities.clone());
                assert!(earlier.is_none(), "`{code}` is documented twice");
            }
        }
        codes
    }

    #[test]
    fn the_documented_codes_are_exactly_the_codes_with_their_severities() {
        let documented = documented_codes();
        let actual: BTreeMap<String, Vec<Severity>> =
            Code::VARIANTS.iter().map(|c| (c.as_str().to_owned(), c.severities().to_vec())).collect();
        assert_eq!(documented, actual);
    }

    #[test]
    fn a_code_is_written_in_kebab_case_everywhere() {
        let code = Code::MissingTranslation;
        assert_eq!(code.as_str(), "missing-translation");
        assert_eq!(code.to_string(), "missing-translation");
        assert_eq!(serde_json::to_string(&code).unwrap(), "\"missing-translation\"");
    }

    #[test]
    #[should_panic(expected = "documented without")]
    #[cfg(debug_assertions)]
    fn a_diagnostic_of_a_severity_its_code_does_not_document_is_a_bug() {
        let _ = super::super::Diagnostic::warning(Code::BrokenLink, super::super::Location::file("a.md"), "x");
    }
}

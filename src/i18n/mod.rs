//! Languages: UI strings with fallback to the default language, ICU plural rules,
//! localized dates, numbers and country names, collation, and how each language
//! writes a mention of an article.
//!
//! UI strings come from the built-in `i18n/<lang>.yaml`, overridden key by key
//! by the site's `i18n/<lang>.yaml`. A string missing in a language falls back to
//! the default language and is reported as a warning. Locale data (month names,
//! plural rules, country names, collation) comes from ICU4X, never from our files.

pub mod locale;

use std::collections::BTreeMap;
use std::path::Path;

use serde::Deserialize;

use crate::config::{Config, LangId};
use crate::diag::{Code, Diagnostic, Diagnostics, Failure, Location};
use crate::markdown::CrossRefSyntax;
use crate::source::SourceFile;
use crate::theme;
pub use locale::LocaleData;

/// One UI string: plain, or one form per ICU plural category.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(untagged)]
pub enum UiString {
    Plain(String),
    Plural(BTreeMap<String, String>),
}

/// Every placeholder [`LanguageData::format`] fills.
const PLACEHOLDERS: &[&str] = &["n", "total", "from", "to", "date", "name", "place", "kind", "lang", "period"];

impl UiString {
    /// The `{name}` placeholders the string uses, in any of its forms.
    fn placeholders(&self) -> std::collections::BTreeSet<String> {
        let texts: Vec<&String> = match self {
            UiString::Plain(text) => vec![text],
            UiString::Plural(forms) => forms.values().collect(),
        };
        static PLACEHOLDER: std::sync::OnceLock<regex::Regex> = std::sync::OnceLock::new();
        let pattern = PLACEHOLDER.get_or_init(|| regex::Regex::new(r"\{([A-Za-z0-9_]+)\}").expect("a valid pattern"));
        texts.iter().flat_map(|text| pattern.captures_iter(text).map(|c| c[1].to_owned()).collect::<Vec<_>>()).collect()
    }
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct StringsFile {
    #[serde(default)]
    xref: Option<XrefSpec>,
    #[serde(default)]
    strings: BTreeMap<String, UiString>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
struct XrefSpec {
    pattern: String,
}

/// Values for a string's placeholders.
#[derive(Debug, Default, Clone)]
pub struct Args<'a> {
    pub n: Option<i64>,
    pub total: Option<i64>,
    pub from: Option<i64>,
    pub to: Option<i64>,
    pub date: Option<jiff::civil::Date>,
    /// A date already formatted at its precision ("July 2026"), for `{date}` when `date` is not set.
    pub date_text: Option<&'a str>,
    pub name: Option<&'a str>,
    pub place: Option<&'a str>,
    pub kind: Option<&'a str>,
    pub lang: Option<&'a str>,
    /// A span of time already in words ("90 days").
    pub period: Option<&'a str>,
}

/// Everything accord knows about one of the site's languages.
pub struct LanguageData {
    pub id: LangId,
    pub locale: LocaleData,
    strings: BTreeMap<String, UiString>,
    pub xref: CrossRefSyntax,
}

impl LanguageData {
    /// A string with its placeholders filled; a plural string is chosen by `n`.
    pub fn format(&self, key: &str, args: &Args<'_>) -> String {
        let template = match self.strings.get(key) {
            Some(UiString::Plain(s)) => s.as_str(),
            Some(UiString::Plural(forms)) => {
                let category = self.locale.plural_category(args.n.unwrap_or(0).unsigned_abs());
                forms.get(category).or_else(|| forms.get("other")).map_or(key, String::as_str)
            }
            None => key,
        };
        let mut out = template.to_owned();
        let numbers = [("{n}", args.n), ("{total}", args.total), ("{from}", args.from), ("{to}", args.to)];
        for (placeholder, value) in numbers {
            if let Some(value) = value {
                out = out.replace(placeholder, &self.locale.format_integer(value));
            }
        }
        if let Some(date) = args.date {
            out = out.replace("{date}", &self.locale.format_date(date));
        } else if let Some(text) = args.date_text {
            out = out.replace("{date}", text);
        }
        for (placeholder, value) in [
            ("{name}", args.name),
            ("{place}", args.place),
            ("{kind}", args.kind),
            ("{lang}", args.lang),
            ("{period}", args.period),
        ] {
            if let Some(value) = value {
                out = out.replace(placeholder, value);
            }
        }
        out
    }

    /// Whether the language has the string `key` (its own, or the default language's).
    pub fn has(&self, key: &str) -> bool {
        self.strings.contains_key(key)
    }

    pub fn text(&self, key: &str) -> String {
        self.format(key, &Args::default())
    }

    /// Plain strings by key, for templates (`{{ t.nav_home }}`).
    pub fn plain_strings(&self) -> BTreeMap<&str, &str> {
        self.strings
            .iter()
            .filter_map(|(k, v)| match v {
                UiString::Plain(s) => Some((k.as_str(), s.as_str())),
                UiString::Plural(_) => None,
            })
            .collect()
    }
}

/// All the site's languages, in the site's order.
pub struct I18n {
    languages: BTreeMap<LangId, LanguageData>,
}

impl I18n {
    pub fn get(&self, lang: &LangId) -> &LanguageData {
        &self.languages[lang]
    }

    /// Loads strings and locale data for every configured language. Missing strings
    /// and languages ICU does not know are warnings; broken files are errors.
    pub fn load(config: &Config, site_files: &[SourceFile]) -> Result<(I18n, Vec<Diagnostic>), Failure> {
        let mut problems = Diagnostics::default();
        let mut merged: BTreeMap<LangId, (BTreeMap<String, UiString>, Option<XrefSpec>)> = BTreeMap::new();
        let mut layer_texts: Vec<(LangId, crate::yaml::Index, &str)> = Vec::new();
        for lang in &config.languages {
            let mut strings = BTreeMap::new();
            let mut xref = None;
            let builtin_name = format!("{}.yaml", lang.id);
            let builtin = theme::STRINGS.iter().find(|(name, _)| *name == builtin_name);
            let site_path = Path::new("i18n").join(&builtin_name);
            let site = site_files.iter().find(|f| f.path == site_path);
            let layers = builtin
                .map(|(name, text)| (Path::new("i18n").join(name), *text))
                .into_iter()
                .chain(site.map(|f| (f.path.clone(), f.text.as_str())));
            for (path, text) in layers {
                match crate::yaml::read::<StringsFile>(Code::Strings, &path, text) {
                    Ok((file, spans)) => {
                        strings.extend(file.strings);
                        xref = file.xref.or(xref);
                        layer_texts.push((lang.id.clone(), spans, text));
                    }
                    Err(d) => problems.push(d),
                }
            }
            merged.insert(lang.id.clone(), (strings, xref));
        }
        let default = merged.get(&config.default_lang).cloned().unwrap_or_default();
        // Each language's locale data, made once: the checks below and the languages need it.
        let mut locales: BTreeMap<LangId, Result<LocaleData, _>> =
            config.languages.iter().map(|l| (l.id.clone(), LocaleData::new(l.id.as_str()))).collect();
        // A key the default language does not have is a typo or a string no template
        // uses any more: shown nowhere, so said.
        for (lang, spans, text) in &layer_texts {
            if lang == &config.default_lang {
                continue;
            }
            let categories = locales.get(lang).and_then(|l| l.as_ref().ok()).map(LocaleData::plural_categories);
            let categories = categories.unwrap_or_default();
            let own = &merged[lang].0;
            let keys = spans.node("strings").into_iter().flat_map(|strings| strings.entries()).map(|(key, _)| key);
            for (key, at) in keys.filter_map(|key| Some((key.scalar()?.to_owned(), key.location()))) {
                let Some(source) = default.0.get(&key) else {
                    problems.push(
                        Diagnostic::warning(
                            Code::UnknownString,
                            at,
                            format!("`{key}` is not a UI string of {}, so nothing shows it", config.default_lang),
                        )
                        .with_hint("check the spelling against the default language's strings, or remove it")
                        .with_source(text),
                    );
                    continue;
                };
                let Some(translated) = own.get(&key) else { continue };
                // A placeholder `format` never fills is printed as it is. (The source
                // language's string may leave out one that a translation needs, such as
                // a number English writes as words.)
                let known: std::collections::BTreeSet<String> =
                    PLACEHOLDERS.iter().map(|p| (*p).to_owned()).chain(source.placeholders()).collect();
                for placeholder in translated.placeholders().difference(&known) {
                    problems.push(
                        Diagnostic::warning(
                            Code::UnknownPlaceholder,
                            at.clone(),
                            format!("`{{{placeholder}}}` in `{key}` is never filled, so the page shows it as it is"),
                        )
                        .with_hint(format!(
                            "the {} string has: {}; a UI string may use: {}",
                            config.default_lang,
                            source.placeholders().iter().map(|p| format!("{{{p}}}")).collect::<Vec<_>>().join(" "),
                            PLACEHOLDERS.iter().map(|p| format!("{{{p}}}")).collect::<Vec<_>>().join(" ")
                        ))
                        .with_source(text),
                    );
                }
                if let UiString::Plural(forms) = translated
                    && !categories.is_empty()
                {
                    for form in forms.keys().filter(|f| !categories.contains(&f.as_str())) {
                        problems.push(
                            Diagnostic::warning(
                                Code::PluralForm,
                                at.clone(),
                                format!(
                                    "`{key}` has a `{form}` form, which {lang} never uses (its forms: {})",
                                    categories.join(", ")
                                ),
                            )
                            .with_source(text),
                        );
                    }
                }
            }
        }
        // A strings file for a language the site does not have is read by nothing.
        for file in site_files {
            let code = file.path.file_stem().map(|s| s.to_string_lossy().into_owned()).unwrap_or_default();
            if config.lang_by_code(&code).is_none() {
                problems.push(
                    Diagnostic::warning(
                        Code::UnknownLanguage,
                        Location::file(&file.path),
                        format!("`{code}` is not one of the site's languages, so this file is not used"),
                    )
                    .with_hint("add the language to site.yaml, or remove the file"),
                );
            }
        }

        let mut languages = BTreeMap::new();
        for lang in &config.languages {
            let (mut strings, xref) = merged.remove(&lang.id).unwrap_or_default();
            let file = Path::new("i18n").join(format!("{}.yaml", lang.id));
            let mut missing: Vec<&String> = default.0.keys().filter(|k| !strings.contains_key(*k)).collect();
            missing.sort();
            if !missing.is_empty() && lang.id != config.default_lang {
                let names: Vec<&str> = missing.iter().take(8).map(|s| s.as_str()).collect();
                let more = if missing.len() > 8 { format!(" and {} more", missing.len() - 8) } else { String::new() };
                problems.push(
                    Diagnostic::warning(
                        Code::MissingString,
                        Location::file(&file),
                        format!(
                            "{} UI string(s) missing in `{}`, shown in {}: {}{more}",
                            missing.len(),
                            lang.id,
                            config.default_lang,
                            names.join(", ")
                        ),
                    )
                    .with_hint(format!("add them under `strings:` in {}", file.display())),
                );
            }
            for key in missing {
                strings.insert(key.clone(), default.0[key].clone());
            }
            if xref.is_none() && lang.id != config.default_lang && default.1.is_some() {
                problems.push(
                    Diagnostic::warning(
                        Code::Xref,
                        Location::file(&file),
                        format!(
                            "no `xref` pattern for `{}`: mentions of articles in its pages are recognised only \
                             as {} writes them, so the ones written in {} do not become links",
                            lang.id, config.default_lang, lang.id
                        ),
                    )
                    .with_hint(format!(
                        "add `xref: {{pattern: '…'}}` to {} (copy the one in accord's i18n/en.yaml and adapt it; \
                         the named group `nums` holds the numbers)",
                        file.display()
                    )),
                );
            }
            let spec = xref.or_else(|| default.1.clone());
            let xref = match spec {
                Some(spec) => CrossRefSyntax::new(&spec.pattern)
                    .map_err(|m| Failure::single(Diagnostic::error(Code::Strings, Location::file(&file), m)))?,
                None => {
                    return Err(Failure::single(Diagnostic::error(
                        Code::Strings,
                        Location::file(&file),
                        "no `xref` pattern for cross-references in this language or the default one",
                    )));
                }
            };
            let made = locales.remove(&lang.id).unwrap_or_else(|| LocaleData::new(lang.id.as_str()));
            let locale = match made {
                Ok(locale) => locale,
                Err(e) => {
                    problems.push(Diagnostic::warning(
                        Code::Locale,
                        Location::file("site.yaml"),
                        format!("{e}; using English formats"),
                    ));
                    LocaleData::new("en").map_err(|e| {
                        Failure::single(Diagnostic::error(Code::Locale, Location::file("site.yaml"), e.to_string()))
                    })?
                }
            };
            languages.insert(lang.id.clone(), LanguageData { id: lang.id.clone(), locale, strings, xref });
        }
        let warnings = problems.finish()?;
        Ok((I18n { languages }, warnings))
    }
}

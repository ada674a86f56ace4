//! Site settings: `site.yaml` parsed into a raw serde struct, then validated into
//! a typed [`Config`] that the rest of accord trusts.
//!
//! This module knows nothing of content or rendering. Its types (`LangId`,
//! `BaseUrl`, `Direction`) are the vocabulary every later layer speaks.

use std::collections::BTreeMap;
use std::fmt;
use std::path::Path;

use serde::{Deserialize, Serialize};

use crate::diag::{Code, Diagnostic, Failure};
pub use crate::url::BaseUrl;

/// A language code as used in folders and URLs (`en`, `fr`, `zh` …).
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(transparent)]
pub struct LangId(String);

impl LangId {
    /// Accepts BCP 47-like codes: a 2-3 letter lowercase language, optional `-Subtag`s.
    pub fn parse(code: &str) -> Option<LangId> {
        let mut parts = code.split('-');
        let lang = parts.next()?;
        let lang_ok = (2..=3).contains(&lang.len()) && lang.bytes().all(|b| b.is_ascii_lowercase());
        let rest_ok = parts.all(|p| !p.is_empty() && p.bytes().all(|b| b.is_ascii_alphanumeric()));
        (lang_ok && rest_ok).then(|| LangId(code.to_owned()))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for LangId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// Writing direction of a language.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, schemars::JsonSchema, strum::IntoStaticStr,
)]
#[serde(rename_all = "lowercase")]
#[strum(serialize_all = "lowercase")]
pub enum Direction {
    Ltr,
    Rtl,
}

impl Direction {
    /// `ltr` or `rtl`, as HTML's `dir` writes it.
    pub fn as_str(self) -> &'static str {
        self.into()
    }
}

/// One language the site is published in.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Language {
    pub id: LangId,
    /// The language's name in itself (`Français`, `العربية`).
    pub name: String,
    pub dir: Direction,
}

/// Validated site settings.
#[derive(Debug, Clone)]
pub struct Config {
    pub base_url: BaseUrl,
    /// In the order the site lists them; the default language is first.
    pub languages: Vec<Language>,
    pub default_lang: LangId,
    /// The site's title in each language; every language has one.
    pub titles: BTreeMap<LangId, String>,
    /// Whether raw HTML in content may carry scripts, event handlers and `javascript:`
    /// URLs (`allow_unsafe_html: true`); by default they are errors.
    pub allow_unsafe_html: bool,
}

impl Config {
    pub fn language(&self, id: &LangId) -> Option<&Language> {
        self.languages.iter().find(|l| &l.id == id)
    }

    pub fn lang_by_code(&self, code: &str) -> Option<&LangId> {
        self.languages.iter().map(|l| &l.id).find(|id| id.as_str() == code)
    }

    pub fn title(&self, lang: &LangId) -> &str {
        self.titles.get(lang).or_else(|| self.titles.get(&self.default_lang)).map_or("", String::as_str)
    }
}

#[derive(Debug, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(title = "site.yaml", description = "Site settings: the address, the languages and the title.")]
struct RawConfig {
    /// The public address of the site, e.g. `https://example.org/` or `https://example.org/treaty/`.
    base_url: String,
    /// The code of the language the content is written in first; every other language falls back to it.
    default_language: String,
    /// The site's languages, in the order the language switcher lists them.
    languages: Vec<RawLanguage>,
    /// The site's title by language code; the default language's is required.
    title: BTreeMap<String, String>,
    /// Let Markdown keep raw HTML other than the few safe elements (default: no).
    #[serde(default)]
    allow_unsafe_html: bool,
}

#[derive(Debug, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
struct RawLanguage {
    /// A BCP 47 language code such as `en`, `fr` or `zh`: the folder under content/ and the first part of its addresses.
    code: String,
    /// The language's name in itself, as the language switcher shows it (`Français`).
    name: String,
    /// The writing direction; by default right to left for Arabic, Hebrew, Persian, Urdu … and left to right otherwise.
    #[serde(default)]
    dir: Option<Direction>,
}

/// The JSON Schema of site.yaml (see `crate::schema`).
pub fn schema() -> schemars::Schema {
    crate::schema::generate_for::<RawConfig>()
}

/// Languages written right to left, for a `site.yaml` that does not say.
const RTL_LANGUAGES: &[&str] = &["ar", "fa", "he", "ps", "ur", "yi", "dv", "sd", "ug"];

/// Parses and validates `site.yaml`. `base_url_override` comes from `--base-url`.
pub fn parse(path: &Path, text: &str, base_url_override: Option<&BaseUrl>) -> Result<Config, Failure> {
    let (raw, spans): (RawConfig, _) =
        crate::yaml::read(Code::Config, path, text).map_err(|d| d.with_hint(CONFIG_HINT))?;
    let at_key = |key: &str| spans.locate(key);
    let RawConfig { base_url, default_language, languages, title, allow_unsafe_html } = raw;

    let mut problems = Vec::new();
    let parsed = base_url_override.map_or_else(|| BaseUrl::parse(&base_url), |url| Ok(url.clone()));
    let base_url = match parsed {
        Ok(url) => Some(url),
        Err(message) => {
            problems.push(Diagnostic::error(Code::Config, at_key("base_url"), message));
            None
        }
    };

    let mut langs: Vec<Language> = Vec::new();
    for (i, RawLanguage { code, name, dir }) in languages.into_iter().enumerate() {
        let at_code = at_key(&format!("languages[{i}].code"));
        let Some(id) = LangId::parse(&code) else {
            problems.push(
                Diagnostic::error(Code::Config, at_code, format!("`{code}` is not a language code"))
                    .with_hint("use a BCP 47 code such as `en`, `fr` or `zh`"),
            );
            continue;
        };
        if langs.iter().any(|l| l.id == id) {
            problems.push(Diagnostic::error(Code::Config, at_code, format!("language `{code}` is listed twice")));
            continue;
        }
        let dir = dir.unwrap_or(if RTL_LANGUAGES.contains(&code.split('-').next().unwrap_or("")) {
            Direction::Rtl
        } else {
            Direction::Ltr
        });
        langs.push(Language { id, name, dir });
    }
    if langs.is_empty() {
        problems.push(Diagnostic::error(Code::Config, at_key("languages"), "the site has no languages"));
    }

    let default_lang = langs.iter().map(|l| l.id.clone()).find(|id| id.as_str() == default_language);
    if default_lang.is_none() {
        problems.push(Diagnostic::error(
            Code::Config,
            at_key("default_language"),
            format!("default language `{default_language}` is not in `languages`"),
        ));
    }

    let mut titles = BTreeMap::new();
    for (code, text) in title {
        match langs.iter().find(|l| l.id.as_str() == code) {
            Some(lang) => {
                titles.insert(lang.id.clone(), text);
            }
            None => problems.push(Diagnostic::error(
                Code::Config,
                at_key(&format!("title.{code}")),
                format!("`title` has an entry for `{code}`, which is not in `languages`"),
            )),
        }
    }
    if let Some(default) = &default_lang
        && !titles.contains_key(default)
    {
        problems.push(Diagnostic::error(
            Code::Config,
            at_key("title"),
            format!("`title` needs an entry for the default language `{default}`"),
        ));
    }

    if !problems.is_empty() {
        return Err(Failure { diagnostics: problems.into_iter().map(|d| d.with_source(text)).collect() });
    }
    let (Some(base_url), Some(default_lang)) = (base_url, default_lang) else {
        unreachable!("a missing base URL or default language was reported above");
    };
    // The default language leads every list of languages.
    langs.sort_by_key(|l| l.id != default_lang);
    Ok(Config { base_url, languages: langs, default_lang, titles, allow_unsafe_html })
}

const CONFIG_HINT: &str = "site.yaml takes `base_url`, `default_language`, `languages` (code, name, dir) and `title`";

#[cfg(test)]
mod tests {
    use super::*;

    const SITE: &str = "base_url: https://example.org/treaty\ndefault_language: en\nlanguages:\n  - {code: ar, name: العربية}\n  - {code: en, name: English}\ntitle: {en: Site}\n";

    #[test]
    fn default_language_comes_first_and_rtl_is_inferred() {
        let config = parse(Path::new("site.yaml"), SITE, None).unwrap();
        assert_eq!(config.languages[0].id.as_str(), "en");
        assert_eq!(config.languages[1].dir, Direction::Rtl);
        assert_eq!(config.base_url.path(), "/treaty/");
        assert_eq!(config.base_url.link(&crate::url::paths::status("en")), "/treaty/en/status/");
    }

    #[test]
    fn a_repeated_language_and_an_unknown_title_are_errors_where_they_are_written() {
        // The bug: both were reported at their top-level key, column 1.
        let text = "base_url: https://example.org/\ndefault_language: en\nlanguages:\n  - {code: en, name: English}\n  - {code: en, name: Again}\ntitle: {en: Site, xx: Other}\n";
        let err = parse(Path::new("site.yaml"), text, None).unwrap_err();
        let places: Vec<(Option<usize>, Option<usize>, &str)> =
            err.diagnostics.iter().map(|d| (d.location.line, d.location.column, d.message.as_str())).collect();
        assert_eq!(
            places,
            [
                (Some(5), Some(6), "language `en` is listed twice"),
                (Some(6), Some(19), "`title` has an entry for `xx`, which is not in `languages`")
            ]
        );
    }

    #[test]
    fn unknown_key_names_line() {
        let err = parse(Path::new("site.yaml"), &format!("{SITE}colour: red\n"), None).unwrap_err();
        let d = &err.diagnostics[0];
        assert!(d.message.contains("unknown field `colour`"), "{}", d.message);
        assert_eq!(d.location.line, Some(7));
    }

    #[test]
    fn base_url_override_wins() {
        let config =
            parse(Path::new("site.yaml"), SITE, Some(&BaseUrl::parse("https://example.org/sub/").unwrap())).unwrap();
        assert_eq!(config.base_url.absolute(&crate::url::paths::home("en")), "https://example.org/sub/en/");
    }

    #[test]
    fn lang_ids_are_validated() {
        assert!(LangId::parse("zh-Hans").is_some());
        assert!(LangId::parse("EN").is_none());
        assert!(LangId::parse("e").is_none());
    }
}

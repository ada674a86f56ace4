//! Section listings for generic pages: a folder of pages below a language folder is a
//! section (`content/en/guides/` holds the section `guides`), and each page in it, and
//! its `_index.md`, can list the section's pages in its template as `section_pages`
//! (each with `title` and `url`, sorted by file name).
//!
//! Each list is built once per language and section and shared by every page that shows
//! it (a `tera::Value` is reference-counted), so a section of n pages costs n entries,
//! not n². Only generic pages (`PageKind::Page`) are listed and get a list; the
//! convention's chapters and articles and the news have views of their own.

use std::collections::BTreeMap;

use serde::Serialize;
use tera::Value;

use crate::config::LangId;
use crate::content::PageKind;
use crate::model::PageVariant;
use crate::url::{BaseUrl, paths};

#[derive(Serialize)]
struct SectionEntry<'a> {
    title: &'a str,
    url: String,
}

/// Every section's list of pages, by language and section key.
#[derive(Default)]
pub struct SectionLists {
    lists: BTreeMap<(LangId, String), Value>,
}

impl SectionLists {
    /// Lists the generic pages of every section, from the variants being rendered.
    pub fn build(variants: &[PageVariant<'_>], base: &BaseUrl) -> SectionLists {
        let mut entries: BTreeMap<(LangId, String), Vec<SectionEntry<'_>>> = BTreeMap::new();
        for v in variants {
            let PageKind::Page(_) = v.kind else { continue };
            if is_section_index(v) {
                continue;
            }
            entries.entry((v.lang.clone(), parent(v.key.as_str()).to_owned())).or_default().push(SectionEntry {
                title: v.file.front.title.as_deref().unwrap_or_default(),
                url: base.link(&paths::of_kind(v.lang.as_str(), v.kind)),
            });
        }
        let lists = entries.into_iter().map(|(k, list)| (k, Value::from_serializable(&list))).collect();
        SectionLists { lists }
    }

    /// The list a page shows: its own section's, or for a section's `_index.md` the
    /// pages it heads. `None` for pages that are not generic pages.
    pub fn for_variant(&self, v: &PageVariant<'_>) -> Option<Value> {
        let PageKind::Page(key) = v.kind else {
            return None;
        };
        let section = if is_section_index(v) { key.as_str() } else { parent(key) };
        Some(
            self.lists
                .get(&(v.lang.clone(), section.to_owned()))
                .cloned()
                .unwrap_or_else(|| Value::from_serializable(&[] as &[SectionEntry<'_>])),
        )
    }
}

/// `guides/install` → `guides`; a top-level page belongs to the section `""`.
fn parent(key: &str) -> &str {
    key.rsplit_once('/').map_or("", |(p, _)| p)
}

/// A section's own page comes from its folder's `_index.md`.
fn is_section_index(v: &PageVariant<'_>) -> bool {
    v.file.path.file_name().is_some_and(|n| n == "_index.md")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parent_of_nested_and_top_level_keys() {
        assert_eq!(parent("guides/install"), "guides");
        assert_eq!(parent("a/b/c"), "a/b");
        assert_eq!(parent("about"), "");
    }
}

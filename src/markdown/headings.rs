//! Headings: their ids (from their text, made unique on the page), their levels, and the
//! reordering of a text's top-level sections by their headings (a glossary's terms).
//! The Markdown pass (`super::render`) decides where headings are; this module does not
//! read Markdown.

use std::collections::HashMap;

use pulldown_cmark::{Event, HeadingLevel};

use super::{HeadingOrder, TocEntry};

/// Where a top-level `##` section starts: its first event, its first contents entry, its heading.
pub(super) struct SectionStart {
    pub event: usize,
    pub toc: usize,
    pub title: String,
}

/// Reorders the sections that start at `starts` (each running to the next one, the last
/// to the end), and their contents entries with them, by their headings in `order`; ties
/// are broken by the heading's text and then by the writer's order, so that the result is
/// the same whatever order equal terms were written in.
pub(super) fn sort_sections<'e>(
    mut events: Vec<Event<'e>>,
    toc: &mut Vec<TocEntry>,
    starts: Vec<SectionStart>,
    order: HeadingOrder<'_>,
) -> Vec<Event<'e>> {
    let Some(first) = starts.first() else {
        return events;
    };
    let mut toc_rest = toc.split_off(first.toc);
    let mut rest = events.split_off(first.event);
    let (event_base, toc_base) = (first.event, first.toc);
    // Cut from the back, so that each cut leaves the earlier sections' offsets valid.
    let mut chunks: Vec<(String, Vec<Event<'e>>, Vec<TocEntry>)> = Vec::with_capacity(starts.len());
    for start in starts.into_iter().rev() {
        let section = rest.split_off(start.event - event_base);
        let entries = toc_rest.split_off(start.toc - toc_base);
        chunks.push((start.title, section, entries));
    }
    chunks.reverse();
    chunks.sort_by(|a, b| order(&a.0, &b.0).then_with(|| a.0.cmp(&b.0)));
    for (_, section, entries) in chunks {
        events.extend(section);
        toc.extend(entries);
    }
    events
}

pub(super) fn heading_number(level: HeadingLevel) -> u8 {
    match level {
        HeadingLevel::H1 => 1,
        HeadingLevel::H2 => 2,
        HeadingLevel::H3 => 3,
        HeadingLevel::H4 => 4,
        HeadingLevel::H5 => 5,
        HeadingLevel::H6 => 6,
    }
}

/// A heading id from its text: lowercase letters and digits of any script, dashes between.
pub fn slugify(text: &str) -> String {
    let mut slug = String::with_capacity(text.len());
    for c in text.chars() {
        if c.is_alphanumeric() {
            slug.extend(c.to_lowercase());
        } else if !slug.is_empty() && !slug.ends_with('-') {
            slug.push('-');
        }
    }
    let slug = slug.trim_end_matches('-').to_owned();
    if slug.is_empty() { "section".to_owned() } else { slug }
}

pub(super) fn unique_id(id: String, used: &mut HashMap<String, usize>) -> String {
    let count = used.entry(id.clone()).or_insert(0);
    *count += 1;
    if *count == 1 { id } else { format!("{id}-{}", *count - 1) }
}

//! Reading YAML with limits, and knowing where each of its keys and values is. Every YAML
//! file accord reads (site.yaml, front matter, the data files, UI strings) passes here
//! before serde_yaml deserializes it: a first pass over the file's events (saphyr-parser,
//! a YAML 1.2 event parser) bounds its size, its nesting depth and how much its aliases
//! expand to, so that a hostile or broken file is an error at its line in a few
//! milliseconds rather than gigabytes of memory or minutes of scanning (libyaml's scanner
//! is quadratic in the nesting depth). The pass stops at the first limit it meets, so it
//! never does more than a bounded amount of work per byte. The same pass reports a key
//! repeated in a mapping at the repeat, and builds the file's [`Index`] (see `index`):
//! where every key and value is, for the checks made after deserializing.
//!
//! It does not report syntax errors: those are serde_yaml's, so that every YAML error
//! reads the same whichever file it is in.

mod index;

use std::collections::HashMap;
use std::path::Path;

use saphyr_parser::{Event, Parser};
use serde::de::DeserializeOwned;

pub use self::index::{Index, Node};
use crate::diag::{Code, Diagnostic, Location, yaml_diagnostic};

/// The bounds a YAML file must stay within. accord's own files are far below them: the
/// convention's participants are 11 KB, at most 4 levels deep, with no aliases.
#[derive(Debug, Clone, Copy)]
pub struct Limits {
    pub max_bytes: usize,
    pub max_depth: usize,
    /// Scalars, with aliases counted as the nodes they stand for: what deserializing
    /// would build.
    pub max_expanded_bytes: usize,
}

pub const LIMITS: Limits = Limits { max_bytes: 16 << 20, max_depth: 64, max_expanded_bytes: 32 << 20 };

/// Deserializes `text`, the whole of `file`, after checking it against [`LIMITS`].
pub fn from_str<T: DeserializeOwned>(code: Code, file: &Path, text: &str) -> Result<T, Diagnostic> {
    read(code, file, text).map(|(value, _)| value)
}

/// [`from_str`], with the index of where the file's keys and values are.
pub fn read<T: DeserializeOwned>(code: Code, file: &Path, text: &str) -> Result<(T, Index), Diagnostic> {
    read_part(code, file, text, text, 0)
}

/// Deserializes `yaml`, the part of `file` (whose whole text is `text`) that starts
/// `line_offset` lines into it, such as front matter, after checking it against
/// [`LIMITS`]; with its index, whose lines are the file's.
pub fn read_part<T: DeserializeOwned>(
    code: Code,
    file: &Path,
    text: &str,
    yaml: &str,
    line_offset: usize,
) -> Result<(T, Index), Diagnostic> {
    let index = scan(code, file, yaml, line_offset, &LIMITS).map_err(|d| d.with_source(text))?;
    let value = serde_yaml::from_str(yaml).map_err(|e| yaml_diagnostic(code, file, text, line_offset, &e))?;
    Ok((value, index))
}

/// The index of `text`, or the first limit it goes past (or its first repeated key) as an
/// error at the place it does. Text that does not parse gets an empty index.
pub fn scan(code: Code, file: &Path, text: &str, line_offset: usize, limits: &Limits) -> Result<Index, Diagnostic> {
    let past = |line: usize, column: usize, message: String| {
        Err(Diagnostic::error(code, Location::at(file, line + line_offset, column), message)
            .with_hint("accord reads YAML files with limits, so that a hostile file cannot exhaust the machine"))
    };
    if text.len() > limits.max_bytes {
        return past(
            1,
            1,
            format!("this YAML is {} bytes, more than the {} accord reads", text.len(), limits.max_bytes),
        );
    }
    // Each open collection: the bytes it holds so far, and its anchor.
    let mut open: Vec<(usize, usize)> = Vec::new();
    // Each open collection again; for a mapping, whether its next node is a key, and the
    // keys seen so far with their lines (serde_yaml keeps the last of two equal keys of a
    // map without a word, and reports a struct's at the mapping's first line).
    let mut keys: Vec<Option<(bool, HashMap<String, usize>)>> = Vec::new();
    let mut anchored: HashMap<usize, usize> = HashMap::new();
    let mut expanded = 0usize;
    let mut index = index::Builder::new(file, line_offset);
    for event in Parser::new_from_str(text) {
        let (event, span) = match event {
            Ok(event) => event,
            // The scanner reads ahead, and stops at 255 open flow collections by itself.
            Err(e) if e.info().contains("recursion limit") => {
                let (line, column) = (e.marker().line(), e.marker().col() + 1);
                return past(line, column, format!("this YAML nests more than {} levels deep", limits.max_depth));
            }
            // A syntax error is left for serde_yaml to report, in its words.
            Err(_) => return Ok(Index::empty(file)),
        };
        index.event(&event, &span);
        let (line, column) = (span.start.line(), span.start.col() + 1);
        let starts_node =
            matches!(event, Event::Scalar(..) | Event::Alias(..) | Event::SequenceStart(..) | Event::MappingStart(..));
        if starts_node && let Some(Some((key_next, seen))) = keys.last_mut() {
            if *key_next
                && let Event::Scalar(name, ..) = &event
                && name != "<<"
            {
                if let Some(first) = seen.get(name.as_ref()) {
                    return Err(Diagnostic::error(
                        code,
                        Location::at(file, line + line_offset, column),
                        format!("`{name}` appears twice in this mapping (first on line {})", first + line_offset),
                    )
                    .with_hint("keep one of the two: YAML would silently take the last"));
                }
                seen.insert(name.to_string(), line);
            }
            *key_next = !*key_next;
        }
        match event {
            Event::MappingStart(..) => keys.push(Some((true, HashMap::new()))),
            Event::SequenceStart(..) => keys.push(None),
            Event::MappingEnd | Event::SequenceEnd => {
                keys.pop();
            }
            _ => {}
        }
        let node_bytes = match event {
            Event::SequenceStart(anchor, _) | Event::MappingStart(anchor, _) => {
                open.push((0, anchor));
                if open.len() > limits.max_depth {
                    return past(line, column, format!("this YAML nests more than {} levels deep", limits.max_depth));
                }
                continue;
            }
            Event::SequenceEnd | Event::MappingEnd => {
                let Some((bytes, anchor)) = open.pop() else { continue };
                if anchor != 0 {
                    anchored.insert(anchor, bytes);
                }
                bytes
            }
            Event::Scalar(value, _, anchor, _) => {
                let bytes = value.len() + 1;
                expanded += bytes;
                if anchor != 0 {
                    anchored.insert(anchor, bytes);
                }
                bytes
            }
            Event::Alias(anchor) => {
                let bytes = anchored.get(&anchor).copied().unwrap_or(1);
                expanded = expanded.saturating_add(bytes);
                bytes
            }
            _ => continue,
        };
        if expanded > limits.max_expanded_bytes {
            return past(
                line,
                column,
                format!(
                    "this YAML's aliases expand to more than {} bytes; write the values out, or use fewer aliases",
                    limits.max_expanded_bytes
                ),
            );
        }
        if let Some((bytes, _)) = open.last_mut() {
            *bytes = bytes.saturating_add(node_bytes);
        }
    }
    Ok(index.finish())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn indexed(text: &str) -> Index {
        scan(Code::Data, Path::new("data.yaml"), text, 0, &LIMITS).unwrap()
    }

    #[test]
    fn the_keys_of_a_nested_mapping_are_found_with_their_place() {
        let text = "xref: {pattern: x}\nstrings:\n  nav_home: Home\n  plural:\n    one: a\n    other: b\n  {odd: 1}: no\n  last: \"L\"\n";
        let index = indexed(text);
        let keys: Vec<(&str, usize, usize)> = index
            .node("strings")
            .unwrap()
            .entries()
            .filter_map(|(k, _)| Some((k.scalar()?, k.line(), k.column())))
            .collect();
        assert_eq!(keys, [("nav_home", 3, 3), ("plural", 4, 3), ("last", 8, 3)]);
        assert!(index.node("missing").is_none());
    }

    fn limited(text: &str) -> Result<Index, Diagnostic> {
        scan(Code::Data, Path::new("data.yaml"), text, 0, &LIMITS)
    }

    #[test]
    fn a_duplicate_key_is_an_error_at_the_duplicate() {
        // The bugs: a key repeated in a map (titles, UI strings) was taken silently, the
        // last value winning; in a struct (site.yaml) it was reported at the mapping's start.
        let text = "strings:\n  nav_home: Accueil\n  other: x\n  nav_home: Maison\n";
        let err = limited(text).unwrap_err();
        assert!(err.message.contains("`nav_home` appears twice") && err.message.contains("line 2"), "{}", err.message);
        assert_eq!((err.location.line, err.location.column), (Some(4), Some(3)));
        let flow = "articles: {1: Objet, 2: Terminologie, 1: Autre}\n";
        let err = limited(flow).unwrap_err();
        assert_eq!((err.location.line, err.location.column), (Some(1), Some(39)));
        // The same key in two different mappings, and merge keys, are fine.
        assert!(limited("a: {x: 1}\nb: {x: 2}\nlist:\n  - {x: 1}\n  - {x: 2}\n").is_ok());
    }

    #[test]
    fn ordinary_yaml_passes_and_deserializes() {
        let text = "base: &b {a: 1, b: [x, y]}\nother: *b\nlist:\n  - one\n  - two\n";
        let value: serde_yaml::Value = from_str(Code::Data, Path::new("data.yaml"), text).unwrap();
        assert_eq!(value["other"]["b"][1], serde_yaml::Value::from("y"));
    }

    #[test]
    fn a_billion_laughs_is_refused_at_the_alias_that_goes_past_the_limit() {
        // The bug: 2,000 aliases of a 1 MB string took 2.3 GB; 5,000 aborted the process.
        let mut text = format!("big: &big \"{}\"\nmany:\n", "x".repeat(1 << 20));
        for _ in 0..5_000 {
            text.push_str("  - *big\n");
        }
        let err = limited(&text).unwrap_err();
        assert!(err.message.contains("aliases expand"), "{}", err.message);
        // The string and its first 31 aliases are 32 times 1 MiB and a little: the 31st
        // alias, on line 33, is the first past the 32 MiB limit.
        assert_eq!(err.location.line, Some(33));
    }

    #[test]
    fn nested_aliases_are_counted_as_what_they_expand_to() {
        let mut text = String::from("a: &a [\"xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx\"]\n");
        let names: Vec<String> = (b'b'..=b'z').map(|c| (c as char).to_string()).collect();
        let mut previous = "a".to_owned();
        for name in &names {
            text.push_str(&format!("{name}: &{name} [*{previous}, *{previous}, *{previous}]\n"));
            previous = name.clone();
        }
        let err = limited(&text).unwrap_err();
        assert!(err.message.contains("aliases expand"), "{}", err.message);
    }

    #[test]
    fn deep_nesting_is_refused_quickly_at_its_line() {
        // The bug: 100,000 nested `[` took 103 s in libyaml's scanner.
        let text = format!("key:\n  {}", "[".repeat(100_000));
        let err = from_str::<serde_yaml::Value>(Code::Data, Path::new("data.yaml"), &text).unwrap_err();
        assert!(err.message.contains("nests more than 64 levels"), "{}", err.message);
        assert_eq!(err.location.line, Some(2));
    }

    #[test]
    fn a_file_past_the_size_limit_is_refused_before_it_is_parsed() {
        let small = Limits { max_bytes: 100, ..LIMITS };
        let err = scan(Code::Data, Path::new("d.yaml"), &"a: b\n".repeat(50), 3, &small).unwrap_err();
        assert!(err.message.contains("250 bytes"), "{}", err.message);
        assert_eq!(err.location.line, Some(4), "the line offset of front matter is kept");
    }

    #[test]
    fn sequence_items_are_found_by_line_whatever_their_style() {
        let text = "a: [x]\nlist:\n  - {k: 1}\n  - k: 2\n    j: [3]\n  - plain\nother:\n  - no\n";
        let index = indexed(text);
        let lines = |path: &str| index.node(path).map(|n| n.items().map(|i| i.line()).collect::<Vec<_>>());
        assert_eq!(lines("list"), Some(vec![3, 4, 6]));
        assert_eq!(lines("a"), Some(vec![1]));
        assert_eq!(lines("missing"), None);
        assert!(indexed("k: {list: [1]}\n").node("list").is_none(), "only top-level keys");
    }

    #[test]
    fn syntax_errors_are_left_to_serde_yaml() {
        let err = from_str::<serde_yaml::Value>(Code::Data, Path::new("d.yaml"), "a: [1, 2\nb: c\n").unwrap_err();
        assert!(!err.message.contains("limits"), "{}", err.message);
        assert!(err.location.line.is_some());
    }
}

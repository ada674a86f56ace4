//! Where everything in a YAML file is written: every mapping key, every value and every
//! item of a sequence with its line and column, built from the parser's events in the
//! same pass that checks the file's limits (see the module above). The checks made after
//! serde_yaml has deserialized a file point at what they are about through it, by path
//! (`participants[3].code`, `participants[code=FR].signature`) or node by node; nothing
//! searches the text for `key:`.
//!
//! Lines are the file's (front matter's are shifted by its line offset); columns are
//! 1-based and in characters, as the parser counts them.

use std::path::{Path, PathBuf};

use saphyr_parser::{Event, Span};

use crate::diag::Location;

/// The places of one YAML text's nodes. Empty when the text did not parse (serde_yaml
/// reports that), in which case every lookup falls back to the file.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Index {
    file: PathBuf,
    nodes: Vec<NodeData>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
struct NodeData {
    line: usize,
    column: usize,
    kind: Kind,
}

#[derive(Debug, Clone, PartialEq, Eq)]
enum Kind {
    Scalar(String),
    /// Each entry: its key's node and its value's node.
    Mapping(Vec<(usize, usize)>),
    Sequence(Vec<usize>),
    /// An alias stands for another node; what it stands for is not followed.
    Alias,
}

/// One node of an [`Index`]: a scalar, a mapping, a sequence or an alias.
#[derive(Debug, Clone, Copy)]
pub struct Node<'i> {
    index: &'i Index,
    id: usize,
}

impl Index {
    /// The index of a file with no YAML to index (or YAML that did not parse).
    pub fn empty(file: &Path) -> Index {
        Index { file: file.to_path_buf(), nodes: Vec::new() }
    }

    /// The document's top node (the first document's, if the text holds several).
    pub fn root(&self) -> Option<Node<'_>> {
        (!self.nodes.is_empty()).then_some(Node { index: self, id: 0 })
    }

    /// The node at `path`: keys separated by `.`, sequence items by `[3]` (0-based) or
    /// by `[code=FR]` (the item whose `code` is `FR`). A path that ends in a key is the
    /// key's value; see [`Index::locate`] for where the key itself is written.
    pub fn node(&self, path: &str) -> Option<Node<'_>> {
        let (found, rest) = self.walk(path);
        if rest.is_empty() { found.map(|(node, _)| node) } else { None }
    }

    /// Where `path` is written: a path that ends in a key is where that key is (`code:`),
    /// an item is where the item starts. When part of the path is missing, the deepest
    /// node found (the record a missing field would belong to); when nothing is, the file.
    pub fn locate(&self, path: &str) -> Location {
        match self.walk(path).0 {
            Some((_, Some(key))) => key.location(),
            Some((node, None)) => node.location(),
            None => Location::file(&self.file),
        }
    }

    /// Follows `path` as far as it goes: the last node reached (with the key node that led
    /// to it, if a key did) and the part of the path left.
    fn walk<'p>(&self, path: &'p str) -> (Option<(Node<'_>, Option<Node<'_>>)>, &'p str) {
        let Some(mut node) = self.root() else { return (None, path) };
        let mut key = None;
        let mut rest = path;
        while !rest.is_empty() {
            let (step, after) = next_step(rest);
            let next = match step {
                Step::Key(name) => node.entry(name).map(|(k, v)| (v, Some(k))),
                Step::Item(i) => node.item(i).map(|item| (item, None)),
                Step::Where(field, value) => {
                    node.items().find(|item| item.get(field).and_then(Node::scalar) == Some(value)).map(|n| (n, None))
                }
            };
            let Some((found, by)) = next else { break };
            (node, key, rest) = (found, by, after);
        }
        // Not even the path's first step: nothing of it is written.
        if rest == path && !path.is_empty() {
            return (None, path);
        }
        (Some((node, key)), rest)
    }
}

enum Step<'p> {
    Key(&'p str),
    Item(usize),
    Where(&'p str, &'p str),
}

/// The first step of a path and the path after it.
fn next_step(path: &str) -> (Step<'_>, &str) {
    let path = path.strip_prefix('.').unwrap_or(path);
    if let Some(inner) = path.strip_prefix('[') {
        let (inside, after) = inner.split_once(']').unwrap_or((inner, ""));
        let step = match inside.split_once('=') {
            Some((field, value)) => Step::Where(field, value),
            // Not a number: nothing is found there.
            None => Step::Item(inside.parse().unwrap_or(usize::MAX)),
        };
        return (step, after);
    }
    let end = path.find(['.', '[']).unwrap_or(path.len());
    (Step::Key(&path[..end]), &path[end..])
}

impl<'i> Node<'i> {
    fn data(&self) -> &'i NodeData {
        &self.index.nodes[self.id]
    }

    fn at(&self, id: usize) -> Node<'i> {
        Node { index: self.index, id }
    }

    pub fn line(&self) -> usize {
        self.data().line
    }

    pub fn column(&self) -> usize {
        self.data().column
    }

    pub fn location(&self) -> Location {
        Location::at(&self.index.file, self.line(), self.column())
    }

    /// The text of a scalar (a key or a value), as the parser read it.
    pub fn scalar(self) -> Option<&'i str> {
        match &self.data().kind {
            Kind::Scalar(value) => Some(value),
            _ => None,
        }
    }

    /// A mapping's entries in the order written: each key's node and its value's.
    pub fn entries(self) -> impl Iterator<Item = (Node<'i>, Node<'i>)> {
        let entries = match &self.data().kind {
            Kind::Mapping(entries) => entries.as_slice(),
            _ => &[],
        };
        entries.iter().map(move |&(k, v)| (self.at(k), self.at(v)))
    }

    /// The key `name` of a mapping and its value (the first, if the key is repeated).
    pub fn entry(self, name: &str) -> Option<(Node<'i>, Node<'i>)> {
        self.entries().find(|(k, _)| k.scalar() == Some(name))
    }

    /// The value of the key `name`.
    pub fn get(self, name: &str) -> Option<Node<'i>> {
        self.entry(name).map(|(_, v)| v)
    }

    /// A sequence's items in order.
    pub fn items(self) -> impl Iterator<Item = Node<'i>> {
        let items = match &self.data().kind {
            Kind::Sequence(items) => items.as_slice(),
            _ => &[],
        };
        items.iter().map(move |&id| self.at(id))
    }

    pub fn item(self, i: usize) -> Option<Node<'i>> {
        self.items().nth(i)
    }
}

/// Builds an [`Index`] from a text's events, one at a time.
pub(super) struct Builder {
    index: Index,
    line_offset: usize,
    /// Each open collection's node, and for a mapping the key waiting for its value.
    open: Vec<(usize, Option<usize>)>,
    /// Only the first document is indexed: serde_yaml reads no more.
    done: bool,
}

impl Builder {
    pub fn new(file: &Path, line_offset: usize) -> Self {
        Builder { index: Index::empty(file), line_offset, open: Vec::new(), done: false }
    }

    pub fn event(&mut self, event: &Event<'_>, span: &Span) {
        if self.done {
            return;
        }
        let kind = match event {
            Event::Scalar(value, ..) => Kind::Scalar(value.to_string()),
            Event::Alias(_) => Kind::Alias,
            Event::SequenceStart(..) => Kind::Sequence(Vec::new()),
            Event::MappingStart(..) => Kind::Mapping(Vec::new()),
            Event::SequenceEnd | Event::MappingEnd => {
                self.open.pop();
                self.done = self.open.is_empty();
                return;
            }
            _ => return,
        };
        let opens = matches!(kind, Kind::Sequence(_) | Kind::Mapping(_));
        let id = self.index.nodes.len();
        let (line, column) = (span.start.line() + self.line_offset, span.start.col() + 1);
        self.index.nodes.push(NodeData { line, column, kind });
        if let Some((parent, pending_key)) = self.open.last_mut() {
            match &mut self.index.nodes[*parent].kind {
                Kind::Sequence(items) => items.push(id),
                Kind::Mapping(entries) => match pending_key.take() {
                    Some(key) => entries.push((key, id)),
                    None => *pending_key = Some(id),
                },
                _ => {}
            }
        }
        if opens {
            self.open.push((id, None));
        } else {
            self.done = self.open.is_empty();
        }
    }

    pub fn finish(self) -> Index {
        self.index
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use saphyr_parser::Parser;

    fn index(text: &str, line_offset: usize) -> Index {
        let mut builder = Builder::new(Path::new("f.yaml"), line_offset);
        for event in Parser::new_from_str(text) {
            let (event, span) = event.unwrap();
            builder.event(&event, &span);
        }
        builder.finish()
    }

    fn place(index: &Index, path: &str) -> (Option<usize>, Option<usize>) {
        let at = index.locate(path);
        (at.line, at.column)
    }

    #[test]
    fn nested_keys_are_found_where_they_are_written() {
        let text = "title:\n  short: A\n  long: The A\nentry_into_force:\n  days: 90\n";
        let index = index(text, 0);
        assert_eq!(place(&index, "title.long"), (Some(3), Some(3)));
        assert_eq!(place(&index, "entry_into_force.days"), (Some(5), Some(3)));
        assert_eq!(index.node("title.long").and_then(Node::scalar), Some("The A"));
        let value = index.node("entry_into_force.days").unwrap();
        assert_eq!((value.line(), value.column()), (5, 9));
    }

    #[test]
    fn sequences_of_mappings_are_addressed_by_position_and_by_field() {
        let text = "participants:\n  - code: FR\n    name: France\n  - code: VN\n    kind: state\n    signature:\n      date: 2025-10-25\n";
        let index = index(text, 0);
        assert_eq!(place(&index, "participants[1].kind"), (Some(5), Some(5)));
        assert_eq!(place(&index, "participants[code=VN].signature"), (Some(6), Some(5)));
        assert_eq!(place(&index, "participants[code=VN].signature.date"), (Some(7), Some(7)));
        // A field the record does not have: the record.
        assert_eq!(place(&index, "participants[code=FR].deposit"), (Some(2), Some(5)));
        assert_eq!(place(&index, "participants[0]"), (Some(2), Some(5)));
        // Nothing of the path: the file.
        assert_eq!(place(&index, "reported[0]"), (None, None));
        assert!(index.node("participants[code=DE]").is_none());
        assert_eq!(index.node("participants").unwrap().items().count(), 2);
    }

    #[test]
    fn flow_style_is_indexed_like_block_style() {
        let text = "articles: {1: Objet, 2: Terminologie}\nlist: [{code: FR, n: 1}, {code: VN, n: 2}]\n";
        let index = index(text, 0);
        assert_eq!(place(&index, "articles.2"), (Some(1), Some(22)));
        assert_eq!(place(&index, "list[code=VN].n"), (Some(2), Some(37)));
        let keys: Vec<&str> = index.node("articles").unwrap().entries().filter_map(|(k, _)| k.scalar()).collect();
        assert_eq!(keys, ["1", "2"]);
    }

    #[test]
    fn front_matter_is_shifted_by_its_line_offset() {
        // Front matter starts on line 2, below the opening `---`.
        let index = index("title: A\nrelated: [3, 4]\n", 1);
        assert_eq!(place(&index, "related"), (Some(3), Some(1)));
        assert_eq!(place(&index, "related[1]"), (Some(3), Some(14)));
    }

    #[test]
    fn columns_count_characters_not_bytes() {
        // `é` and `名` are two and three bytes; each is one column.
        let index = index("names: {fr: Côte, zh: 名字, ar: x}\n", 0);
        assert_eq!(place(&index, "names.zh"), (Some(1), Some(19)));
        assert_eq!(place(&index, "names.ar"), (Some(1), Some(27)));
    }

    #[test]
    fn only_the_first_document_is_indexed() {
        let index = index("a: 1\n---\nb: 2\n", 0);
        assert!(index.node("a").is_some());
        assert!(index.node("b").is_none());
    }
}

//! One line index per text: from a byte offset to the 1-based line and column a
//! diagnostic gives (columns in characters, as docs/check-json.md says), and from a line
//! to its text. Every place that turns an offset into a position goes through here; the
//! counting is rust-analyzer's `line-index`.
//!
//! YAML positions do not: the YAML parser gives them itself (see `yaml`).

use std::cell::OnceCell;

use line_index::{LineCol, LineIndex, TextSize, WideEncoding};

/// A text and the index of its lines, made the first time a position is asked for: most
/// Markdown bodies never need one.
pub struct Lines<'t> {
    text: &'t str,
    index: OnceCell<LineIndex>,
    /// Added to every line: the text's first line in its file (a body below front matter).
    first_line: usize,
}

impl<'t> Lines<'t> {
    pub fn new(text: &'t str) -> Self {
        Lines::starting_at(text, 1)
    }

    /// The index of `text`, whose first line is line `first_line` of its file.
    pub fn starting_at(text: &'t str, first_line: usize) -> Self {
        Lines { text, index: OnceCell::new(), first_line }
    }

    fn index(&self) -> &LineIndex {
        self.index.get_or_init(|| LineIndex::new(self.text))
    }

    pub fn text(&self) -> &'t str {
        self.text
    }

    /// The line and column of the character at (or holding) byte `offset`; an offset past
    /// the end is the end.
    pub fn position(&self, offset: usize) -> (usize, usize) {
        let mut offset = offset.min(self.text.len());
        while !self.text.is_char_boundary(offset) {
            offset -= 1;
        }
        let index = self.index();
        let at = index.line_col(TextSize::from(offset as u32));
        // UTF-32 code units are characters; a position on a char boundary always converts.
        let column = index.to_wide(WideEncoding::Utf32, at).map_or(at.col, |wide| wide.col);
        (at.line as usize + self.first_line, column as usize + 1)
    }

    /// The text of `line` (a line of the file), without its line break.
    pub fn line_text(&self, line: usize) -> Option<&'t str> {
        let line = u32::try_from(line.checked_sub(self.first_line)?).ok()?;
        let start = self.index().offset(LineCol { line, col: 0 })?;
        let start = usize::from(start);
        let rest = &self.text[start..];
        let end = rest.find('\n').unwrap_or(rest.len());
        Some(rest[..end].strip_suffix('\r').unwrap_or(&rest[..end]))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn positions_are_one_based_and_count_characters() {
        let lines = Lines::new("ab\nçé x\n\nlast");
        assert_eq!(lines.position(0), (1, 1));
        assert_eq!(lines.position(3), (2, 1));
        // `ç` and `é` are two bytes each: `x` is byte 8 of the text, column 4 of its line.
        assert_eq!(lines.position(8), (2, 4));
        // Inside a character: that character.
        assert_eq!(lines.position(4), (2, 1));
        assert_eq!(lines.position(10), (3, 1));
        assert_eq!(lines.position(99), (4, 5));
    }

    #[test]
    fn a_text_below_front_matter_counts_the_file_s_lines() {
        let lines = Lines::starting_at("one\r\ntwo\n", 5);
        assert_eq!(lines.position(5), (6, 1));
        assert_eq!(lines.line_text(5), Some("one"));
        assert_eq!(lines.line_text(6), Some("two"));
        assert_eq!(lines.line_text(4), None);
        assert_eq!(lines.line_text(9), None);
    }
}

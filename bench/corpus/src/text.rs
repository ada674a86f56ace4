//! The Markdown of one page: headings, paragraphs with inline markup and links to other
//! pages, lists, a table, and (in half the pages) a fenced code block. Pure: the text
//! depends only on the random generator it is given, so a seed always gives the same page.
//!
//! The words are plain Latin-script filler. They avoid "article": accord turns mentions
//! of articles into links and would reject a number the data does not have.

use std::fmt::Write as _;

/// Filler words, short and long, so word counts give realistic byte sizes.
const WORDS: &[&str] = &[
    "access",
    "account",
    "across",
    "action",
    "agency",
    "agreement",
    "annual",
    "approach",
    "archive",
    "assist",
    "audit",
    "authority",
    "balance",
    "basis",
    "border",
    "budget",
    "capacity",
    "careful",
    "case",
    "central",
    "change",
    "channel",
    "civil",
    "claim",
    "clear",
    "common",
    "community",
    "complete",
    "computer",
    "condition",
    "conduct",
    "consent",
    "context",
    "control",
    "cooperation",
    "council",
    "court",
    "covered",
    "criminal",
    "current",
    "data",
    "decision",
    "defence",
    "design",
    "detail",
    "device",
    "direct",
    "domestic",
    "draft",
    "duty",
    "early",
    "effective",
    "electronic",
    "element",
    "equal",
    "evidence",
    "exchange",
    "expert",
    "fair",
    "field",
    "final",
    "formal",
    "forum",
    "framework",
    "freedom",
    "general",
    "global",
    "good",
    "group",
    "guidance",
    "harm",
    "history",
    "human",
    "identity",
    "impact",
    "include",
    "independent",
    "information",
    "initial",
    "intent",
    "internal",
    "joint",
    "judge",
    "justice",
    "key",
    "known",
    "language",
    "lawful",
    "legal",
    "level",
    "limit",
    "local",
    "manner",
    "measure",
    "member",
    "method",
    "minimum",
    "model",
    "national",
    "network",
    "notice",
    "number",
    "object",
    "offence",
    "office",
    "open",
    "order",
    "origin",
    "other",
    "paragraph",
    "party",
    "period",
    "person",
    "place",
    "plain",
    "point",
    "policy",
    "power",
    "practice",
    "preserve",
    "principle",
    "privacy",
    "procedure",
    "process",
    "program",
    "proper",
    "protect",
    "public",
    "purpose",
    "question",
    "reason",
    "record",
    "regional",
    "relevant",
    "report",
    "request",
    "respect",
    "review",
    "right",
    "risk",
    "rule",
    "safe",
    "scope",
    "secure",
    "service",
    "shared",
    "signal",
    "simple",
    "source",
    "special",
    "stable",
    "standard",
    "state",
    "statement",
    "storage",
    "subject",
    "support",
    "system",
    "technical",
    "term",
    "text",
    "time",
    "traffic",
    "training",
    "transfer",
    "treaty",
    "trust",
    "update",
    "user",
    "valid",
    "value",
    "version",
    "victim",
    "view",
    "warrant",
    "witness",
    "work",
    "written",
    "year",
];

const CODE_LANGS: &[&str] = &["rust", "python", "javascript", "go", "yaml", "bash"];

/// Where a page sits, for its links: its own index and its section's range of pages.
#[derive(Debug, Clone, Copy)]
pub struct Place {
    pub page: usize,
    pub pages: usize,
    pub section_size: usize,
}

impl Place {
    fn section_of(&self, page: usize) -> usize {
        page / self.section_size
    }
}

pub fn section_name(section: usize) -> String {
    format!("s{section:04}")
}

pub fn page_name(page: usize) -> String {
    format!("p{page:06}")
}

/// A page's title: its zero-padded number, so titles sort like file names, and a few words.
pub fn title(rng: &mut fastrand::Rng, page: usize) -> String {
    let words: Vec<String> = (0..rng.usize(2..5)).map(|_| capitalized(word(rng))).collect();
    format!("Page {page:06}: {}", words.join(" "))
}

/// The body of one page, about `target_words` words long.
pub fn body(rng: &mut fastrand::Rng, place: Place, with_code: bool, target_words: usize) -> String {
    let mut out = String::with_capacity(target_words * 8);
    let mut words = paragraph(rng, place, &mut out, 50..90);
    let mut section = 0;
    let mut table_done = false;
    let mut code_done = !with_code;
    while words < target_words {
        section += 1;
        let heading = sentence_words(rng, 2..6);
        let _ = writeln!(out, "## {}\n", capitalized(&heading));
        words += 5;
        for _ in 0..rng.usize(1..3) {
            words += paragraph(rng, place, &mut out, 40..90);
        }
        match rng.usize(0..4) {
            0 => words += list(rng, place, &mut out, false),
            1 => words += list(rng, place, &mut out, true),
            2 if !table_done => {
                words += table(rng, &mut out);
                table_done = true;
            }
            _ => {
                let _ = writeln!(out, "### {}\n", capitalized(&sentence_words(rng, 2..5)));
                words += 3 + paragraph(rng, place, &mut out, 30..60);
            }
        }
        if section == 2 && !code_done {
            words += code_block(rng, &mut out);
            code_done = true;
        }
    }
    if !code_done {
        code_block(rng, &mut out);
    }
    out
}

fn word(rng: &mut fastrand::Rng) -> &'static str {
    WORDS[rng.usize(0..WORDS.len())]
}

fn capitalized(text: &str) -> String {
    let mut chars = text.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

fn sentence_words(rng: &mut fastrand::Rng, count: std::ops::Range<usize>) -> String {
    let n = rng.usize(count);
    (0..n).map(|_| word(rng)).collect::<Vec<_>>().join(" ")
}

/// A link to another page: in the same section mostly, sometimes to another section.
/// Relative, so the same Markdown means the same thing to accord and to Hugo.
fn link_target(rng: &mut fastrand::Rng, place: Place) -> String {
    let own = place.section_of(place.page);
    let target = if rng.usize(0..4) == 0 {
        rng.usize(0..place.pages)
    } else {
        let first = own * place.section_size;
        let last = (first + place.section_size).min(place.pages);
        rng.usize(first..last)
    };
    let section = place.section_of(target);
    if section == own {
        format!("../{}/", page_name(target))
    } else {
        format!("../../{}/{}/", section_name(section), page_name(target))
    }
}

/// One paragraph of sentences with inline markup; returns its word count.
fn paragraph(rng: &mut fastrand::Rng, place: Place, out: &mut String, count: std::ops::Range<usize>) -> usize {
    let total = rng.usize(count);
    let mut written = 0;
    while written < total {
        let n = rng.usize(6..16).min(total - written).max(1);
        let mut sentence: Vec<String> = (0..n).map(|_| word(rng).to_owned()).collect();
        match rng.usize(0..8) {
            0 => sentence[n / 2] = format!("**{}**", sentence[n / 2]),
            1 => sentence[n / 2] = format!("*{}*", sentence[n / 2]),
            2 => sentence[n / 2] = format!("`{}`", sentence[n / 2]),
            3 if n >= 3 => {
                let text = sentence[n - 3..n - 1].join(" ");
                sentence.splice(n - 3..n - 1, [format!("[{text}]({})", link_target(rng, place))]);
            }
            _ => {}
        }
        let mut text = sentence.join(" ");
        text = capitalized(&text);
        let end = [".", ".", ".", "?", ";"][rng.usize(0..5)];
        out.push_str(&text);
        out.push_str(end);
        out.push(' ');
        written += n;
    }
    out.pop();
    out.push_str("\n\n");
    written
}

fn list(rng: &mut fastrand::Rng, place: Place, out: &mut String, ordered: bool) -> usize {
    let mut words = 0;
    for i in 1..=rng.usize(3..7) {
        let marker = if ordered { format!("{i}.") } else { "-".into() };
        let mut item = capitalized(&sentence_words(rng, 3..10));
        if rng.usize(0..5) == 0 {
            item = format!("{item}, see [{}]({})", word(rng), link_target(rng, place));
        }
        words += item.split(' ').count();
        let _ = writeln!(out, "{marker} {item}");
    }
    out.push('\n');
    words
}

fn table(rng: &mut fastrand::Rng, out: &mut String) -> usize {
    let _ = writeln!(
        out,
        "| {} | {} | {} |\n| --- | --- | ---: |",
        capitalized(word(rng)),
        capitalized(word(rng)),
        capitalized(word(rng))
    );
    let rows = rng.usize(3..7);
    for _ in 0..rows {
        let _ = writeln!(
            out,
            "| {} | {} | {} |",
            sentence_words(rng, 1..3),
            sentence_words(rng, 1..4),
            rng.u32(1..100_000)
        );
    }
    out.push('\n');
    3 + rows * 4
}

/// A fenced block of code-shaped text in one of a few languages both highlighters know.
fn code_block(rng: &mut fastrand::Rng, out: &mut String) -> usize {
    let lang = CODE_LANGS[rng.usize(0..CODE_LANGS.len())];
    let _ = writeln!(out, "```{lang}");
    let lines = rng.usize(8..16);
    let name = |rng: &mut fastrand::Rng| format!("{}_{}", word(rng), word(rng));
    for i in 0..lines {
        let (a, b, n) = (name(rng), name(rng), rng.u32(0..1000));
        let line = match (lang, i % 4) {
            ("rust", 0) => format!("fn {a}({b}: &str) -> usize {{"),
            ("rust", 1) => format!("    let {a} = {b}.len() + {n};"),
            ("rust", 2) => format!("    // {} {}", word(rng), word(rng)),
            ("rust", _) => format!("    {a}\n}}"),
            ("python", 0) => format!("def {a}({b}):"),
            ("python", 1) => format!("    {a} = len({b}) + {n}"),
            ("python", 2) => format!("    # {} {}", word(rng), word(rng)),
            ("python", _) => format!("    return {a}"),
            ("javascript", 0) => format!("function {a}({b}) {{"),
            ("javascript", 1) => format!("  const {a} = {b}.length + {n};"),
            ("javascript", 2) => format!("  // {} {}", word(rng), word(rng)),
            ("javascript", _) => format!("  return {a};\n}}"),
            ("go", 0) => format!("func {a}({b} string) int {{"),
            ("go", 1) => format!("\t{a} := len({b}) + {n}"),
            ("go", 2) => format!("\t// {} {}", word(rng), word(rng)),
            ("go", _) => format!("\treturn {a}\n}}"),
            ("yaml", 0) => format!("{a}:"),
            ("yaml", 1) => format!("  {b}: {n}"),
            ("yaml", 2) => format!("  # {} {}", word(rng), word(rng)),
            ("yaml", _) => format!("  {a}: \"{}\"", word(rng)),
            (_, 0) => format!("{a}() {{"),
            (_, 1) => format!("  local {a}=\"${{{b}:-{n}}}\""),
            (_, 2) => format!("  # {} {}", word(rng), word(rng)),
            (_, _) => format!("  echo \"${a}\"\n}}"),
        };
        let _ = writeln!(out, "{line}");
    }
    out.push_str("```\n\n");
    lines * 4
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn same_seed_same_page() {
        let place = Place { page: 7, pages: 100, section_size: 10 };
        let a = body(&mut fastrand::Rng::with_seed(3), place, true, 740);
        let b = body(&mut fastrand::Rng::with_seed(3), place, true, 740);
        assert_eq!(a, b);
        assert!(a.contains("```"));
        assert!(!a.to_lowercase().contains("article"));
    }
}

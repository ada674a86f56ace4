//! `accord-bench-corpus`: writes one synthetic multilingual corpus three times, as an accord
//! site, a Hugo site and a Zola site, for the benchmark in `bench/`. The same seed always gives the same
//! files. Pages are `content/<lang>/<section>/<page>.md`, grouped in sections of a fixed
//! size, each section with an `_index.md`; every page exists in every language.
//!
//! Not a test and not part of accord: it only makes input for `bench/run.sh`.

mod sites;
mod text;

use std::fs;
use std::io;
use std::path::{Path, PathBuf};

use clap::Parser;

use crate::text::{Place, page_name, section_name};

/// Marks a folder as made by this tool, so regenerating may replace it.
const MARKER: &str = ".accord-bench-corpus";

#[derive(Parser)]
#[command(about = "Write the same synthetic corpus as an accord, a Hugo and a Zola site")]
struct Args {
    /// Pages per language.
    #[arg(long, default_value_t = 1000)]
    pages: usize,
    /// Languages (1 to 5: en fr es ru zh).
    #[arg(long, default_value_t = 3)]
    langs: usize,
    /// Pages per section; every page lists the pages of its section.
    #[arg(long, default_value_t = 50)]
    section_size: usize,
    /// Approximate words per page.
    #[arg(long, default_value_t = 740)]
    words: usize,
    #[arg(long, default_value_t = 1)]
    seed: u64,
    /// Folder to write `accord/`, `hugo/` and `zola/` into.
    #[arg(long)]
    out: PathBuf,
}

fn main() -> Result<(), String> {
    let args = Args::parse();
    if !(1..=sites::LANGUAGES.len()).contains(&args.langs) {
        return Err(format!("--langs must be 1 to {}", sites::LANGUAGES.len()));
    }
    if args.pages == 0 || args.section_size == 0 {
        return Err("--pages and --section-size must be at least 1".into());
    }
    prepare(&args.out).map_err(|e| format!("{}: {e}", args.out.display()))?;
    let written = write_corpus(&args).map_err(|e| e.to_string())?;
    println!(
        "{} pages × {} languages ({} files of Markdown, {:.1} MiB each side) in {}",
        args.pages,
        args.langs,
        written.files,
        written.bytes as f64 / (1024.0 * 1024.0),
        args.out.display()
    );
    Ok(())
}

/// Empties `out` if this tool made it; refuses to touch any other non-empty folder.
fn prepare(out: &Path) -> io::Result<()> {
    if out.exists() {
        let empty = fs::read_dir(out)?.next().is_none();
        if !empty && !out.join(MARKER).exists() {
            return Err(io::Error::other("exists and was not made by accord-bench-corpus; choose another --out"));
        }
        fs::remove_dir_all(out)?;
    }
    fs::create_dir_all(out)?;
    fs::write(out.join(MARKER), "")
}

#[derive(Default)]
struct Written {
    files: usize,
    bytes: usize,
}

fn write_corpus(args: &Args) -> io::Result<Written> {
    let langs = &sites::LANGUAGES[..args.langs];
    let accord = args.out.join("accord");
    let hugo = args.out.join("hugo");
    let zola = args.out.join("zola");

    write(&accord.join("site.yaml"), &sites::accord_site_yaml(langs))?;
    write(&accord.join("content/data/convention.yaml"), &sites::accord_convention_yaml(langs))?;
    write(&accord.join("content/data/signatories.yaml"), sites::ACCORD_SIGNATORIES_YAML)?;
    write(&accord.join("templates/page.html"), sites::ACCORD_PAGE_HTML)?;
    write(&accord.join("templates/home.html"), sites::ACCORD_HOME_HTML)?;
    write(&hugo.join("hugo.toml"), &sites::hugo_config(langs))?;
    for (name, text) in sites::HUGO_LAYOUTS {
        write(&hugo.join("layouts").join(name), text)?;
    }
    write(&zola.join("config.toml"), &sites::zola_config(langs))?;
    for (name, text) in sites::zola_templates() {
        write(&zola.join("templates").join(name), &text)?;
    }

    let mut written = Written::default();
    let sections = args.pages.div_ceil(args.section_size);
    for (lang_index, (code, _)) in langs.iter().enumerate() {
        let mut files: Vec<(String, String)> = Vec::new();
        let home = format!(
            "---\ntitle: \"Benchmark\"\n---\nA synthetic site of {} pages in {} sections.\n",
            args.pages, sections
        );
        files.push(("_index.md".into(), home));
        for section in 0..sections {
            let text = format!("---\ntitle: \"Section {section}\"\n---\nThe pages of section {section}.\n");
            files.push((format!("{}/_index.md", section_name(section)), text));
        }
        for page in 0..args.pages {
            let mut rng = fastrand::Rng::with_seed(page_seed(args.seed, page, lang_index));
            let place = Place { page, pages: args.pages, section_size: args.section_size };
            let title = text::title(&mut rng, page);
            // Code in half the pages, the same half in every language.
            let with_code = page % 2 == 0;
            let body = text::body(&mut rng, place, with_code, args.words);
            let path = format!("{}/{}.md", section_name(page / args.section_size), page_name(page));
            files.push((path, format!("---\ntitle: \"{title}\"\n---\n{body}")));
        }
        for (path, text) in &files {
            for root in [&accord, &hugo] {
                write(&root.join("content").join(code).join(path), text)?;
            }
            // Zola keeps every language in one tree: `page.md` in the default language,
            // `page.fr.md` beside it (Zola reads the same YAML front matter).
            write(&zola.join("content").join(zola_path(path, code, lang_index == 0)), text)?;
            written.files += 1;
            written.bytes += text.len();
        }
    }
    Ok(written)
}

/// Where Zola wants a file of language `code`: `s0001/p000012.fr.md`.
fn zola_path(path: &str, code: &str, default: bool) -> String {
    match (default, path.strip_suffix(".md")) {
        (false, Some(stem)) => format!("{stem}.{code}.md"),
        _ => path.to_owned(),
    }
}

/// One stream of random numbers per page and language, independent of generation order.
fn page_seed(seed: u64, page: usize, lang: usize) -> u64 {
    let mixed = seed.wrapping_mul(0x9E37_79B9_7F4A_7C15).wrapping_add((page as u64) << 8).wrapping_add(lang as u64);
    mixed ^ (mixed >> 31)
}

fn write(path: &Path, text: &str) -> io::Result<()> {
    if let Some(parent) = path.parent() {
        fs::create_dir_all(parent)?;
    }
    fs::write(path, text).map_err(|e| io::Error::other(format!("{}: {e}", path.display())))
}

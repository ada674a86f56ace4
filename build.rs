//! Generates the list of built-in theme files (the repository's own `templates/`, `static/`
//! and `i18n/`) that src/theme.rs embeds, and of the starter site `accord init` writes
//! (`assets/init-site/`), so adding a file to either needs no code change.

use std::fmt::Write as _;
use std::path::Path;
use std::{env, fs};

fn main() {
    let root = manifest_dir();
    for dir in ["templates", "static", "i18n", "assets/init-site"] {
        println!("cargo:rerun-if-changed={dir}");
    }
    let mut out = String::new();
    for (constant, dir) in
        [("TEMPLATES", "templates"), ("STATIC", "static"), ("STRINGS", "i18n"), ("INIT_SITE", "assets/init-site")]
    {
        let mut files = Vec::new();
        collect(&root.join(dir), &root.join(dir), &mut files);
        files.sort();
        writeln!(out, "pub const {constant}: &[(&str, &str)] = &[").unwrap();
        for rel in files {
            let full = root.join(dir).join(&rel);
            println!("cargo:rerun-if-changed={}", full.display());
            writeln!(out, "    ({rel:?}, include_str!({:?})),", full.display().to_string()).unwrap();
        }
        writeln!(out, "];").unwrap();
    }
    let dest = Path::new(&env::var("OUT_DIR").unwrap()).join("theme_files.rs");
    fs::write(dest, out).unwrap();

    // The search index cache must not outlive an upgrade of Pagefind, so its key includes
    // the version Cargo.lock pins.
    let lock_path = manifest_dir().join("Cargo.lock");
    println!("cargo:rerun-if-changed={}", lock_path.display());
    let lock = fs::read_to_string(lock_path).unwrap_or_default();
    let pagefind = lock
        .split("[[package]]")
        .find(|p| p.contains("name = \"pagefind\"\n"))
        .and_then(|p| p.lines().find_map(|l| l.strip_prefix("version = ")))
        .unwrap_or("\"unknown\"");
    println!("cargo:rustc-env=ACCORD_PAGEFIND_VERSION={}", pagefind.trim_matches('"'));
}

fn collect(base: &Path, dir: &Path, files: &mut Vec<String>) {
    let Ok(entries) = fs::read_dir(dir) else { return };
    for entry in entries.flatten() {
        let path = entry.path();
        println!("cargo:rerun-if-changed={}", path.display());
        if path.is_dir() {
            collect(base, &path, files);
        } else {
            let rel = path.strip_prefix(base).unwrap().to_string_lossy().replace('\\', "/");
            files.push(rel);
        }
    }
}

/// The package's folder, read when the script runs: `env!` would bake in the folder the
/// script was compiled for, and a target folder shared by two checkouts would then embed
/// the other checkout's theme.
fn manifest_dir() -> std::path::PathBuf {
    std::path::PathBuf::from(env::var("CARGO_MANIFEST_DIR").expect("cargo sets CARGO_MANIFEST_DIR"))
}

//! The `accord` command: parses and checks its arguments (`cli`), calls the library, prints its
//! report and turns the outcome into an exit code.

use std::process::ExitCode;

use clap::Parser;

use accord::build::{self, BuildReport};
use accord::check::{self, CheckOptions, format::Format};
use accord::diag::Failure;
use accord::translation;

use cli::{Cli, Task};

mod cli;
mod serve_command;

/// mimalloc instead of the system allocator: a build allocates many short-lived strings on
/// every thread (rendering, Markdown, the search index), and glibc's per-thread arenas spent
/// a sixth of the build's time on page faults for fresh memory (see bench/README.md).
/// `--features system-alloc` keeps the system's, for heap profilers that see only malloc
/// (heaptrack, valgrind's massif): `cargo build --release --features system-alloc`.
#[cfg(not(feature = "system-alloc"))]
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> ExitCode {
    let task = match Cli::parse().command.validate() {
        Ok(task) => task,
        Err(usage) => {
            eprintln!("{usage}");
            return ExitCode::from(2);
        }
    };
    match task {
        Task::Build { options, quiet } => {
            let on_wait = |out: &std::path::Path| {
                eprintln!("another build is writing to {}; waiting for it to finish", out.display())
            };
            match build::build_waiting(&options, on_wait) {
                Ok(report) => {
                    if !quiet {
                        print_warnings(&report);
                        print_summary(&report, &options.out);
                    }
                    ExitCode::SUCCESS
                }
                Err(failure) => {
                    print_failure(&failure);
                    ExitCode::FAILURE
                }
            }
        }
        Task::Stamp { root, lang } => match translation::stamp(&root, lang.as_ref()) {
            Ok(stamped) => {
                for s in &stamped {
                    let was = s.previous.as_deref().map_or("unstamped".to_owned(), |p| format!("was {p}"));
                    println!("stamped {} ({was})", s.path.display());
                }
                println!("{} translation(s) stamped", stamped.len());
                ExitCode::SUCCESS
            }
            Err(failure) => {
                eprintln!("{failure}");
                ExitCode::FAILURE
            }
        },
        Task::Status { root } => match translation::report(&root) {
            Ok((total, reports)) => {
                for r in &reports {
                    println!(
                        "{}: {}/{total} translated, {} stale, {} missing",
                        r.lang,
                        r.translated,
                        r.stale.len(),
                        r.missing.len()
                    );
                    for key in &r.stale {
                        println!("  stale: {}", if key.as_str().is_empty() { "/" } else { key.as_str() });
                    }
                }
                ExitCode::SUCCESS
            }
            Err(failure) => {
                eprintln!("{failure}");
                ExitCode::FAILURE
            }
        },
        Task::Serve { options, open } => serve_command::run(&options, open),
        Task::Init { dir } => match accord::init::init(&dir) {
            Ok(report) => {
                println!("wrote a new site in {} ({} files)", report.dir.display(), report.files.len());
                println!("\nEdit next (every PLACEHOLDER is to be replaced):");
                for (file, what) in accord::init::NEXT_STEPS {
                    println!("  {file:<31} {what}");
                }
                let root = report.dir.display();
                println!("\nThen preview it with `accord serve --root {root}`, and build and check it with");
                println!("`accord build --root {root}` and `accord check --root {root}`.");
                println!("The YAML files name their JSON Schema (schema/) on their first line, for editors.");
                ExitCode::SUCCESS
            }
            Err(failure) => {
                eprintln!("{failure}\n");
                eprintln!("init failed: no existing file was changed");
                ExitCode::FAILURE
            }
        },
        Task::Check { root, format, strict, options } => run_check(&root, format, strict, &options),
    }
}

/// Exit 0 when the site passes, 1 when it has errors (or warnings with `--strict`), 2
/// when there is no site to check or accord itself failed.
fn run_check(root: &std::path::Path, format: Format, strict: bool, options: &CheckOptions) -> ExitCode {
    let outcome = std::panic::catch_unwind(|| check::check_site(root, options));
    match outcome {
        Ok(Ok(report)) => {
            print!("{}", check::format::render(&report, format, strict, root));
            let steps: Vec<String> =
                report.steps.iter().map(|(name, d)| format!("{name} {:.1} ms", d.as_secs_f64() * 1000.0)).collect();
            eprintln!("checked in {:.1} ms ({})", report.total().as_secs_f64() * 1000.0, steps.join(", "));
            if report.failed(strict) { ExitCode::from(1) } else { ExitCode::SUCCESS }
        }
        Ok(Err(usage)) => {
            eprintln!("{usage}");
            ExitCode::from(2)
        }
        Err(_) => {
            eprintln!("internal error: accord check stopped unexpectedly (a bug: please report it)");
            ExitCode::from(2)
        }
    }
}

fn print_warnings(report: &BuildReport) {
    for warning in &report.warnings {
        eprintln!("{warning}\n");
    }
}

fn print_failure(failure: &Failure) {
    eprintln!("{failure}\n");
    let errors = failure.error_count();
    eprintln!(
        "build failed: {errors} error{}; the previous output was left as it was",
        if errors == 1 { "" } else { "s" }
    );
}

fn print_summary(report: &BuildReport, out: &std::path::Path) {
    let pages: usize = report.pages_per_lang.values().sum();
    let per_lang: Vec<String> = report.pages_per_lang.iter().map(|(l, n)| format!("{l} {n}")).collect();
    println!(
        "{pages} pages in {} languages ({}); {} files in {}: {} written, {} unchanged",
        report.pages_per_lang.len(),
        per_lang.join(", "),
        report.files,
        out.display(),
        report.written,
        report.files - report.written
    );
    if !report.search.is_empty() {
        let kb = |bytes: usize| format!("{:.0} KB", bytes as f64 / 1024.0);
        let total: usize = report.search.values().map(|s| s.bytes).sum();
        let per_lang: Vec<String> = report.search.iter().map(|(l, s)| format!("{l} {}", kb(s.bytes))).collect();
        println!("search index {} ({})", kb(total), per_lang.join(", "));
    }
    let steps: Vec<String> =
        report.steps.iter().map(|(name, d)| format!("{name} {:.1} ms", d.as_secs_f64() * 1000.0)).collect();
    println!("{} ({:.1} ms in all)", steps.join(", "), report.total().as_secs_f64() * 1000.0);
}

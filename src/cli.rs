//! The command line, parsed twice: clap fills the raw arguments below (and its value
//! parsers turn each into a real type: a [`BaseUrl`], a [`LangId`], a port), then
//! [`Command::validate`] checks what one argument cannot say alone (that `--root` is a
//! site folder, that `--lang` is one of its languages) and makes a [`Task`]. All of it
//! happens before anything is read or written: a bad argument is a usage error (exit 2).

use std::path::{Path, PathBuf};
use std::time::Duration;

use clap::{Parser, Subcommand, ValueEnum};

use accord::build::BuildOptions;
use accord::check::{CheckOptions, FetchOptions, format::Format};
use accord::config::{self, BaseUrl, LangId};
use accord::diag::Diagnostic;
use accord::serve::ServeOptions;
use accord::source::{self, CONFIG_FILE};
use accord::translation;

use crate::serve_command::ServeArgs;

#[derive(Parser)]
#[command(
    name = "accord",
    version,
    about = "Publish an international convention as a fast, accessible, multilingual website"
)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Subcommand)]
pub enum Command {
    /// Build the site into a folder (staged, swapped in only when the whole build succeeded).
    Build {
        /// The site folder (holding site.yaml and content/).
        #[arg(long, default_value = ".")]
        root: PathBuf,
        /// Where to write the site; defaults to public/ in the site folder.
        #[arg(long)]
        out: Option<PathBuf>,
        /// Overrides site.yaml's base_url, e.g. https://example.org/treaty/
        #[arg(long, value_parser = BaseUrl::parse)]
        base_url: Option<BaseUrl>,
        /// Print nothing but errors.
        #[arg(long)]
        quiet: bool,
        /// Skip the search index: a quicker build whose search page finds nothing.
        #[arg(long)]
        no_search: bool,
    },
    /// Start a new site: write a small, complete site for a convention into DIR (a new or
    /// empty folder; nothing is ever overwritten), with placeholders to replace.
    Init {
        /// The folder to create the site in.
        #[arg(default_value = ".")]
        dir: PathBuf,
    },
    /// Translation workflow: record what translations were made from, report what is stale.
    I18n {
        #[command(subcommand)]
        command: I18nCommand,
    },
    /// Preview the site: build it into memory, serve it on 127.0.0.1, rebuild and reload on change.
    Serve(ServeArgs),
    /// Build the site in memory and check it: links and anchors in every language, data,
    /// translations, images. Exit 0: no errors; 1: errors; 2: usage or internal error.
    Check {
        /// The site folder (holding site.yaml and content/).
        #[arg(long, default_value = ".")]
        root: PathBuf,
        /// How to print the report: for people, for programs, or as GitHub annotations.
        #[arg(long, value_enum, default_value_t = FormatArg::Human)]
        format: FormatArg,
        /// Fail on warnings too.
        #[arg(long)]
        strict: bool,
        /// Fetch external links (they are only listed otherwise).
        #[arg(long)]
        external: bool,
        /// Seconds to wait for an external link (at least 1).
        #[arg(long, default_value = "10", value_name = "SECONDS", value_parser = seconds)]
        timeout: Duration,
    },
}

#[derive(Subcommand)]
pub enum I18nCommand {
    /// Record in each translation the version of its source it matches now (source_hash).
    Stamp {
        #[arg(long, default_value = ".")]
        root: PathBuf,
        /// Only this language's translations.
        #[arg(long, value_parser = lang_id)]
        lang: Option<LangId>,
    },
    /// List, per language, the pages translated, stale (source changed since) and missing.
    Status {
        #[arg(long, default_value = ".")]
        root: PathBuf,
    },
}

#[derive(Clone, Copy, ValueEnum)]
pub enum FormatArg {
    Human,
    Json,
    Github,
}

/// A command with checked arguments, ready to run.
pub enum Task {
    Build { options: BuildOptions, quiet: bool },
    Init { dir: PathBuf },
    Stamp { root: PathBuf, lang: Option<LangId> },
    Status { root: PathBuf },
    Serve { options: ServeOptions, open: bool },
    Check { root: PathBuf, format: Format, strict: bool, options: CheckOptions },
}

impl Command {
    /// The arguments checked against each other and the site folder; `Err` is a usage error.
    pub fn validate(self) -> Result<Task, Diagnostic> {
        Ok(match self {
            Command::Build { root, out, base_url, quiet, no_search } => {
                source::require_site_folder(&root)?;
                let out = out.unwrap_or_else(|| root.join("public"));
                Task::Build { options: BuildOptions { root, out, base_url, search: !no_search }, quiet }
            }
            Command::Init { dir } => Task::Init { dir },
            Command::I18n { command: I18nCommand::Stamp { root, lang } } => {
                source::require_site_folder(&root)?;
                if let Some(lang) = &lang {
                    require_translation_language(&root, lang)?;
                }
                Task::Stamp { root, lang }
            }
            Command::I18n { command: I18nCommand::Status { root } } => {
                source::require_site_folder(&root)?;
                Task::Status { root }
            }
            Command::Serve(args) => {
                let (options, open) = args.validate()?;
                Task::Serve { options, open }
            }
            Command::Check { root, format, strict, external, timeout } => {
                source::require_site_folder(&root)?;
                let format = match format {
                    FormatArg::Human => Format::Human,
                    FormatArg::Json => Format::Json,
                    FormatArg::Github => Format::Github,
                };
                let fetch_external = external.then(|| FetchOptions { timeout, ..FetchOptions::default() });
                Task::Check { root, format, strict, options: CheckOptions { fetch_external } }
            }
        })
    }
}

/// A whole number of seconds, at least one (a zero time-out would fail every fetch).
fn seconds(text: &str) -> Result<Duration, String> {
    match text.parse::<u64>() {
        Ok(0) => Err("a time-out must be at least 1 second".to_owned()),
        Ok(n) => Ok(Duration::from_secs(n)),
        Err(_) => Err("not a whole number of seconds".to_owned()),
    }
}

fn lang_id(text: &str) -> Result<LangId, String> {
    LangId::parse(text).ok_or_else(|| format!("`{text}` is not a language code (such as `fr` or `zh-Hant`)"))
}

/// `--lang` against the languages in site.yaml, read alone. A site.yaml that cannot be
/// read or parsed is left to the command, which reports it as it reports any other file.
fn require_translation_language(root: &Path, lang: &LangId) -> Result<(), Diagnostic> {
    let config_file = Path::new(CONFIG_FILE);
    if !root.join(config_file).is_file() || source::check_inside(root, config_file).is_err() {
        return Ok(());
    }
    let Ok(file) = source::read_text(root, config_file) else { return Ok(()) };
    let Ok(config) = config::parse(config_file, &file.text, None) else { return Ok(()) };
    translation::require_translation_language(&config, lang)
}

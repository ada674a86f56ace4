//! accord: a static-site generator for publishing an international convention as a
//! fast, accessible, multilingual website.
//!
//! The library does the work and never prints or exits; `main.rs` is a thin CLI. Each
//! layer below uses only the layers above it:
//!
//! ```text
//! diag ─ lines ─ yaml ─ html   what went wrong and where: Diagnostic, Code (diag/code.rs);
//!                              offsets → line:column; YAML with limits and an Index of
//!                              where every key and value is written; HTML text helpers
//! content                      front matter and a page's identity; content/data: the
//!                              convention, signatories and titles files, checked
//! url                          the URL scheme: SitePath, BaseUrl, url::paths (every address)
//! config ─ source              site.yaml (LangId); reading the site folder (SourceFile)
//! markdown ─ theme ─ i18n      one Markdown pass (links, images, ids); built-in templates;
//!   ─ status                   UI strings and locale data; the treaty's status, chart, map
//! model                        the site graph: every page in every language
//! render                       views; render::pages:
//!     plan                       every output file once, keyed by path (SitePlan)
//!     content, generated,        the view of each kind of page
//!     full, site_files
//!     shell                      what every page shares (header, language switcher)
//!     partial                    serve's re-render of single pages, looked up in the plan
//! output                       the staged, atomic output folder (StagedWriter, the guard)
//! search                       Pagefind's index per language, and its cache
//! build                        read → load → compile templates → render → index → write
//! translation ─ serve ─ check  i18n commands; the preview server; the site's QA rules
//! ```
//! (`schema`, the JSON Schemas generated from `config`'s and `content`'s types, sits
//! beside both.)
//!
//! Where a change goes: a page's address in `url::paths`; whether it exists in
//! `render::pages::plan`; its view in `render::pages::{content, generated, full,
//! site_files}`; its markup in `templates/`. A diagnostic: its code in `diag::code` (and
//! `docs/check-json.md`, which a test compares), its position from the parser that read
//! the input (`yaml::Index` for YAML, `lines::Lines` on pulldown-cmark's offsets), its text
//! form in `diag` (annotate-snippets). A rule of `accord check`: a file in `check/`.

pub mod build;
pub mod check;
pub mod config;
pub mod content;
pub mod diag;
pub mod html;
pub mod i18n;
pub mod init;
pub mod lines;
pub mod markdown;
pub mod model;
pub mod output;
pub mod render;
pub mod schema;
pub mod search;
pub mod serve;
pub mod source;
pub mod status;
pub mod theme;
pub mod translation;
pub mod url;
pub mod yaml;

//! accord: a static-site generator for publishing an international convention as a
//! fast, accessible, multilingual website.
//!
//! The library does the work and never prints or exits; `main.rs` is a thin CLI.
//! Modules from the bottom up, each using only those above it: `diag`, `config`,
//! `source`, `content`, `markdown`, `i18n`, `status`, `model`, `theme`, `render`,
//! `output`, `search`, `build`, `translation`, `serve`, `check`. Beside them at the
//! bottom, `url` is the URL scheme (`SitePath`, `BaseUrl`, where every kind of page is):
//! it uses only `content`'s kinds of page, and `config` re-exports its `BaseUrl`. Below
//! everything but `diag`: `lines` (a text's byte offsets to lines and columns) and `yaml`
//! (reading YAML with limits, and its `Index` of where every key and value is written).
//!
//! Where a change goes, for a page: its address in `url::paths`; whether it exists in
//! `render::pages::plan` (every output file once, keyed by path); its view in
//! `render::pages::{content, generated, full, site_files}` (the shell all pages share in
//! `render::pages::shell`); its markup in `templates/`. `serve` re-renders pages by
//! looking them up in the same plan (`render::pages::partial`). For a diagnostic: its
//! position from the parser that read the input (`yaml::Index` for YAML, `lines::Lines`
//! on pulldown-cmark's offsets for Markdown), its text form in `diag` (annotate-snippets).

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

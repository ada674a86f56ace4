//! accord: a static-site generator for publishing an international convention as a
//! fast, accessible, multilingual website.
//!
//! The library does the work and never prints or exits; `main.rs` is a thin CLI.
//! Modules from the bottom up, each using only those above it: `diag`, `config`,
//! `source`, `content`, `markdown`, `i18n`, `status`, `model`, `theme`, `render`,
//! `output`, `search`, `build`, `translation`, `serve`, `check`.

pub mod build;
pub mod check;
pub mod config;
pub mod content;
pub mod diag;
pub mod html;
pub mod i18n;
pub mod init;
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

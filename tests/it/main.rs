//! accord's integration tests: the real binary on fixture sites, and one test of the
//! repository's own content (content.rs). See tests/README.md.

mod harness;

mod a11y;
mod arguments;
mod articles;
mod bad_input;
mod check;
mod check_external;
mod content;
mod core_build;
mod glossary;
mod init;
mod languages;
mod markdown;
mod offline;
mod page_kinds;
mod reader;
mod safety;
mod schema;
mod search;
mod sections;
mod serve;
mod serve_incremental;
mod status;
mod treaty;

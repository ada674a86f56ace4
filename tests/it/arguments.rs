//! Bad arguments, command by command: each is a usage error (exit 2) with a message that
//! names the argument, told before the command reads the site or writes anything.

use std::path::Path;
use std::process::{Command, Output};

use crate::harness::{Site, snapshot};

/// `accord <args>` in `dir`.
fn accord(args: &[&str], dir: &Path) -> Output {
    Command::new(env!("CARGO_BIN_EXE_accord")).current_dir(dir).args(args).output().unwrap()
}

/// Runs `args` in a copy of the minimal site and asserts a usage error whose standard
/// error contains each of `says`, with nothing on standard output and the folder unchanged.
#[track_caller]
fn assert_refused(site: &Site, args: &[&str], says: &[&str]) {
    let before = snapshot(site.path());
    let run = accord(args, site.path());
    let stderr = String::from_utf8_lossy(&run.stderr);
    assert_eq!(run.status.code(), Some(2), "{args:?}: {stderr}");
    for text in says {
        assert!(stderr.contains(text), "{args:?}: {text:?} not in:\n{stderr}");
    }
    assert_eq!(String::from_utf8_lossy(&run.stdout), "", "{args:?}");
    assert_eq!(snapshot(site.path()), before, "{args:?} changed the folder");
}

#[test]
fn build_in_a_folder_without_a_site_creates_nothing() {
    // The bug: the output lock was taken first, so `--root typo` made the folder `typo/`.
    let site = Site::fixture("base/minimal");
    assert_refused(&site, &["build", "--root", "no-such-site"], &["no site.yaml in no-such-site", "--root"]);
    assert!(!site.path().join("no-such-site").exists());
}

#[test]
fn build_refuses_a_base_url_that_is_not_one() {
    let site = Site::fixture("base/minimal");
    for url in ["ftp://example.org/", "example.org", "https://example.org/?q=1"] {
        assert_refused(&site, &["build", "--base-url", url], &["--base-url", url]);
    }
    assert!(!site.out().exists());
}

#[test]
fn check_refuses_a_zero_timeout_and_an_unknown_format() {
    let site = Site::fixture("base/minimal");
    assert_refused(&site, &["check", "--external", "--timeout", "0"], &["--timeout", "at least 1 second"]);
    assert_refused(&site, &["check", "--timeout", "soon"], &["--timeout", "not a whole number"]);
    assert_refused(&site, &["check", "--format", "xml"], &["--format", "xml"]);
    assert_refused(&site, &["check", "--root", "elsewhere"], &["not a site folder"]);
}

#[test]
fn stamp_refuses_a_language_before_loading_the_site() {
    // Front matter that does not parse would stop loading: `--lang` is refused before.
    let site = Site::fixture("base/minimal").overlay("bad-input/malformed-front-matter/site");
    assert_refused(&site, &["i18n", "stamp", "--lang", "de"], &["`--lang de`", "its translations are in: fr"]);
    assert_refused(&site, &["i18n", "stamp", "--lang", "en"], &["no translation language `en`"]);
    assert_refused(&site, &["i18n", "stamp", "--lang", "French"], &["--lang", "not a language code"]);
}

#[test]
fn i18n_status_in_a_folder_without_a_site_is_a_usage_error() {
    let site = Site::fixture("base/minimal");
    assert_refused(&site, &["i18n", "status", "--root", "content"], &["no site.yaml in content"]);
}

#[test]
fn serve_refuses_a_bad_address_port_or_root_without_listening() {
    let site = Site::fixture("base/minimal");
    assert_refused(&site, &["serve", "--bind", "example.org"], &["--bind", "not an IP address"]);
    assert_refused(&site, &["serve", "--port", "65536"], &["--port", "65536"]);
    assert_refused(&site, &["serve", "--root", "static"], &["no site.yaml in static"]);
}

#[test]
fn good_arguments_still_run() {
    // The other side of the tests above: the same commands with good arguments work.
    let site = Site::fixture("base/minimal");
    site.build_with(&["--no-search", "--base-url", "https://example.org/sub/"]).assert_success();
    let stamp = accord(&["i18n", "stamp", "--lang", "fr", "--root", "."], site.path());
    assert!(stamp.status.success(), "{}", String::from_utf8_lossy(&stamp.stderr));
    let check = accord(&["check", "--timeout", "1"], site.path());
    assert_ne!(check.status.code(), Some(2), "{}", String::from_utf8_lossy(&check.stderr));
}

//! Bad input: every case in tests/fixtures/bad-input/ fails with a message naming the
//! file and line, exits 1, and leaves the previous build exactly as it was. Each case is
//! its own test, listed in `bad_input_cases!`; a folder there without a test fails
//! `every_bad_input_folder_has_its_own_test`.

use crate::harness::{Site, fixtures, snapshot};

/// One `#[test]` per case: `test_name: "folder"`, and [`CASES`], the folders listed.
macro_rules! bad_input_cases {
    ($($test:ident: $case:literal,)*) => {
        const CASES: &[&str] = &[$($case),*];
        $(
            #[test]
            fn $test() {
                fails_with_its_location_and_keeps_the_previous_build($case);
            }
        )*
    };
}

bad_input_cases! {
    article_not_in_data: "article-not-in-data",
    broken_cross_reference: "broken-cross-reference",
    date_after_as_of: "date-after-as-of",
    deposit_before_signature: "deposit-before-signature",
    duplicate_article: "duplicate-article",
    duplicate_participant: "duplicate-participant",
    impossible_date: "impossible-date",
    invalid_iso_code: "invalid-iso-code",
    malformed_front_matter: "malformed-front-matter",
    missing_template: "missing-template",
    not_utf8: "not-utf8",
    statement_unknown_article: "statement-unknown-article",
    template_syntax_error: "template-syntax-error",
    unknown_front_matter_key: "unknown-front-matter-key",
    unknown_participant_key: "unknown-participant-key",
    unknown_site_key: "unknown-site-key",
    unsafe_html_script: "unsafe-html-script",
    yaml_alias_bomb: "yaml-alias-bomb",
    yaml_deep_nesting: "yaml-deep-nesting",
}

#[test]
fn every_bad_input_folder_has_its_own_test() {
    let mut folders: Vec<String> = std::fs::read_dir(fixtures().join("bad-input"))
        .unwrap()
        .filter_map(Result::ok)
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .collect();
    folders.sort();
    let mut listed: Vec<&str> = CASES.to_vec();
    listed.sort_unstable();
    assert_eq!(folders, listed, "add each folder of tests/fixtures/bad-input/ to `bad_input_cases!`");
}

/// `expected.txt`: line 1 is text the error must contain, line 2 the `file:line` it names.
#[track_caller]
fn fails_with_its_location_and_keeps_the_previous_build(case: &str) {
    let site = Site::fixture("base/minimal");
    site.build().assert_success();
    let before = snapshot(&site.out());

    let site = site.overlay(&format!("bad-input/{case}/site"));
    let expected = std::fs::read_to_string(fixtures().join("bad-input").join(case).join("expected.txt")).unwrap();
    let mut lines = expected.lines();
    let message = lines.next().expect("expected.txt: the message");
    let location = lines.next().expect("expected.txt: the location");
    let run = site.build();
    run.assert_failure()
        .stderr_contains(message)
        .stderr_contains(&format!("--> {location}"))
        .stderr_contains("the previous output was left as it was");
    assert!(snapshot(&site.out()) == before, "the previous build changed");
}
/// A symbolic link in the site to a file outside it is refused rather than published; a
/// link to a file inside the site is followed.
#[cfg(unix)]
#[test]
fn a_symbolic_link_out_of_the_site_is_refused() {
    let outside = tempfile::tempdir().unwrap();
    std::fs::write(outside.path().join("secret.txt"), "not for the web").unwrap();
    let site = Site::fixture("base/minimal");
    site.write("static/inside.txt", "shared");
    site.build().assert_success();
    let before = snapshot(&site.out());

    std::os::unix::fs::symlink(site.path().join("static/inside.txt"), site.path().join("static/alias.txt")).unwrap();
    let run = site.build();
    run.assert_success();
    assert_eq!(std::fs::read_to_string(run.out.join("alias.txt")).unwrap(), "shared");
    std::fs::remove_file(site.path().join("static/alias.txt")).unwrap();
    site.build().assert_success();
    assert_eq!(snapshot(&site.out()), before);

    std::os::unix::fs::symlink(outside.path().join("secret.txt"), site.path().join("static/secret.txt")).unwrap();
    let run = site.build();
    run.assert_code(1);
    run.stderr_contains("--> static/secret.txt").stderr_contains("outside the site folder");
    assert_eq!(snapshot(&site.out()), before, "the previous output changed");
}

//! Bad input: every case in tests/fixtures/bad-input/ fails with a message naming the
//! file and line, exits 1, and leaves the previous build exactly as it was.

use crate::harness::{Site, fixtures, snapshot};

fn cases() -> Vec<String> {
    let mut cases: Vec<String> = std::fs::read_dir(fixtures().join("bad-input"))
        .unwrap()
        .filter_map(Result::ok)
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .collect();
    cases.sort();
    cases
}

#[test]
fn every_bad_input_case_fails_with_its_location_and_keeps_the_previous_build() {
    let cases = cases();
    assert!(cases.len() >= 10, "{cases:?}");
    let mut failures = Vec::new();
    for case in cases {
        let site = Site::fixture("base/minimal");
        site.build().assert_success();
        let before = snapshot(&site.out());

        let site = site.overlay(&format!("bad-input/{case}/site"));
        let expected = std::fs::read_to_string(fixtures().join("bad-input").join(&case).join("expected.txt")).unwrap();
        let mut lines = expected.lines();
        let message = lines.next().unwrap();
        let location = lines.next().unwrap();
        let run = site.build();
        let stderr = run.stderr();
        if run.output.status.code() != Some(1) {
            failures.push(format!("{case}: exit code {:?}", run.output.status.code()));
        }
        if !stderr.contains(message) {
            failures.push(format!("{case}: message {message:?} not in:\n{stderr}"));
        }
        if !stderr.contains(&format!("--> {location}")) {
            failures.push(format!("{case}: location {location:?} not in:\n{stderr}"));
        }
        if !stderr.contains("the previous output was left as it was") {
            failures.push(format!("{case}: no word on the previous output"));
        }
        if snapshot(&site.out()) != before {
            failures.push(format!("{case}: the previous build changed"));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
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

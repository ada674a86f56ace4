//! `accord init`: a new site that builds and passes `check` at once, with nothing of the
//! Hanoi Convention in it, and that never overwrites what is there.

use std::fs;
use std::process::Command;

use crate::harness::{Site, snapshot};

fn accord(args: &[&str], dir: &std::path::Path) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_accord")).current_dir(dir).args(args).output().unwrap()
}

#[test]
fn an_initialized_site_builds_and_passes_check_with_no_warnings() {
    let dir = tempfile::tempdir().unwrap();
    let init = accord(&["init", "new-site"], dir.path());
    assert!(init.status.success(), "{}", String::from_utf8_lossy(&init.stderr));
    let stdout = String::from_utf8_lossy(&init.stdout);
    for next in ["site.yaml", "content/data/convention.yaml", "content/data/signatories.yaml", "accord check"] {
        assert!(stdout.contains(next), "init does not say to edit {next}:\n{stdout}");
    }
    let site = Site { dir };
    let root = site.path().join("new-site");
    let build = accord(&["build", "--root", "new-site"], site.path());
    let build_err = String::from_utf8_lossy(&build.stderr);
    assert!(build.status.success(), "{build_err}");
    assert!(!build_err.contains("warning"), "{build_err}");
    let check = accord(&["check", "--root", "new-site", "--strict"], site.path());
    let report = String::from_utf8_lossy(&check.stdout);
    assert_eq!(check.status.code(), Some(0), "{report}\n{}", String::from_utf8_lossy(&check.stderr));
    assert!(report.contains("0 errors, 0 warnings"), "{report}");
    let out = snapshot(&root.join("public"));
    let home = String::from_utf8(out["en/index.html"].clone()).unwrap();
    assert!(home.contains("PLACEHOLDER"), "the placeholders do not show on the home page");
    for (path, bytes) in &out {
        let text = String::from_utf8_lossy(bytes).to_lowercase();
        for word in ["hanoi", "79/243", "cybercrime", "new york"] {
            assert!(!text.contains(word), "{path} contains {word:?}");
        }
    }
}

#[test]
fn init_never_writes_into_a_folder_that_is_not_empty() {
    let dir = tempfile::tempdir().unwrap();
    fs::write(dir.path().join("site.yaml"), "mine\n").unwrap();
    let run = accord(&["init", "."], dir.path());
    assert_eq!(run.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&run.stderr).contains("not empty"));
    assert_eq!(fs::read_to_string(dir.path().join("site.yaml")).unwrap(), "mine\n");
    assert_eq!(fs::read_dir(dir.path()).unwrap().count(), 1);
}

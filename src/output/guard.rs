//! What may be an output folder. A build replaces the whole folder it writes to, so
//! `--out` is refused, before anything is touched, when it is or holds or lies inside a
//! source of the site, when it is a file, and when it is a folder of files that accord did
//! not write (one without accord's marker).

use std::fs;
use std::io;
use std::path::Path;

use super::{absolute, sibling};
use crate::diag::{Code, Diagnostic, Location};

/// The file every output folder accord writes carries, so that a later build knows the
/// folder is its own to replace. It is published with the site (a few bytes, harmless).
pub const MARKER: &str = ".accord-output";

/// The site's sources, relative to its folder: an output may not overlap any of them.
const SOURCES: &[&str] = &["site.yaml", "content", "templates", "static", "i18n"];

/// Refuses output folders that would overwrite or delete anything accord did not write.
pub fn check_output_dir(root: &Path, out: &Path) -> Result<(), Diagnostic> {
    let root_abs = absolute(root);
    let out_abs = absolute(out);
    let refuse = |why: String, hint: &str| {
        Err(Diagnostic::error(
            Code::Output,
            Location::file(out),
            format!("refusing to write the site into {}: {why}", out.display()),
        )
        .with_hint(hint.to_owned()))
    };
    let own_folder = "choose a folder of its own, such as public/ (accord creates it)";
    if out_abs.parent().is_none() {
        return refuse("it is the root of the file system".into(), own_folder);
    }
    if root_abs.starts_with(&out_abs) {
        return refuse("it is the site folder or contains it".into(), own_folder);
    }
    for source in SOURCES {
        let source_abs = absolute(&root_abs.join(source));
        if source_abs.starts_with(&out_abs) || out_abs.starts_with(&source_abs) {
            let relation = if out_abs == source_abs {
                "it is"
            } else if source_abs.starts_with(&out_abs) {
                "it contains"
            } else {
                "it lies inside"
            };
            return refuse(format!("{relation} the site's source `{source}`"), own_folder);
        }
    }
    if out_abs.join("content").is_dir() || out_abs.join("site.yaml").exists() {
        return refuse("it holds a site's sources (content/ or site.yaml)".into(), own_folder);
    }
    let meta = match fs::metadata(&out_abs) {
        Ok(meta) => meta,
        Err(e) if e.kind() == io::ErrorKind::NotFound => return Ok(()),
        Err(e) => return refuse(format!("it cannot be read ({e})"), own_folder),
    };
    if !meta.is_dir() {
        return refuse("it is a file, not a folder".into(), own_folder);
    }
    if is_empty(&out_abs) || is_accord_output(&out_abs) {
        return Ok(());
    }
    refuse(
        format!(
            "it is a folder that accord did not create (it has no {MARKER} file) and it is not empty; \
             a build replaces everything in its output folder, so its files would be lost"
        ),
        "give --out a new or empty folder; if this folder only holds an old build, delete it yourself first",
    )
}

fn is_empty(dir: &Path) -> bool {
    fs::read_dir(dir).is_ok_and(|mut entries| entries.next().is_none())
}

/// Marked by accord, or written by an accord from before the marker, which always left
/// its staging folder beside the output.
fn is_accord_output(dir: &Path) -> bool {
    dir.join(MARKER).is_file() || sibling(dir, "staging").is_dir()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn site() -> tempfile::TempDir {
        let tmp = tempfile::tempdir().unwrap();
        for dir in ["content/en", "content/data", "templates", "static", "i18n", "docs"] {
            fs::create_dir_all(tmp.path().join(dir)).unwrap();
        }
        fs::write(tmp.path().join("site.yaml"), "base_url: x\n").unwrap();
        fs::write(tmp.path().join("README.md"), "mine\n").unwrap();
        fs::write(tmp.path().join("docs/notes.md"), "mine too\n").unwrap();
        tmp
    }

    fn refusal(root: &Path, out: &Path) -> String {
        check_output_dir(root, out).expect_err(&format!("{} was accepted", out.display())).message
    }

    #[test]
    fn out_that_is_holds_or_lies_inside_a_source_is_refused() {
        let tmp = site();
        let root = tmp.path();
        for (out, relation) in [
            ("site.yaml", "it is the site's source `site.yaml`"),
            ("templates", "it is the site's source `templates`"),
            ("static", "it is the site's source `static`"),
            ("i18n", "it is the site's source `i18n`"),
            ("content", "it is the site's source `content`"),
            ("content/data", "it lies inside the site's source `content`"),
            ("static/public", "it lies inside the site's source `static`"),
        ] {
            let message = refusal(root, &root.join(out));
            assert!(message.contains(relation), "{out}: {message}");
        }
        assert!(refusal(root, root).contains("site folder"));
        assert!(refusal(root, root.parent().unwrap()).contains("site folder"));
    }

    #[test]
    fn a_regular_file_as_out_is_refused() {
        let tmp = site();
        let message = refusal(tmp.path(), &tmp.path().join("README.md"));
        assert!(message.contains("is a file"), "{message}");
    }

    #[test]
    fn a_folder_of_the_users_own_files_is_refused() {
        let tmp = site();
        let message = refusal(tmp.path(), &tmp.path().join("docs"));
        assert!(message.contains("did not create"), "{message}");
        // A home folder, or any other folder of someone's files.
        let elsewhere = tempfile::tempdir().unwrap();
        fs::write(elsewhere.path().join(".bashrc"), "x").unwrap();
        assert!(refusal(tmp.path(), elsewhere.path()).contains("did not create"));
    }

    #[test]
    fn new_empty_and_marked_folders_are_accepted() {
        let tmp = site();
        let root = tmp.path();
        check_output_dir(root, &root.join("public")).unwrap();
        check_output_dir(root, &root.join("build/site")).unwrap();
        fs::create_dir(root.join("empty")).unwrap();
        check_output_dir(root, &root.join("empty")).unwrap();
        fs::create_dir(root.join("marked")).unwrap();
        fs::write(root.join("marked/index.html"), "old build").unwrap();
        fs::write(root.join("marked").join(MARKER), "").unwrap();
        check_output_dir(root, &root.join("marked")).unwrap();
    }

    #[test]
    fn relative_and_dotted_spellings_are_resolved_before_judging() {
        let tmp = site();
        let root = tmp.path();
        let message = refusal(root, &root.join("content/../templates/./"));
        assert!(message.contains("`templates`"), "{message}");
    }

    #[test]
    fn a_dotted_path_through_a_folder_that_does_not_exist_is_resolved_too() {
        // The bug: `--out site/nothere/../content` passed every guard (the path could not
        // be canonicalized, and its `..` was never taken), and the build replaced content/.
        let tmp = site();
        let root = tmp.path();
        assert!(refusal(root, &root.join("nothere/../content")).contains("`content`"));
        assert!(refusal(root, &root.join("nothere/..")).contains("site folder"));
        assert!(refusal(root, &root.join("a/b/../../docs")).contains("did not create"));
        let elsewhere = tempfile::tempdir().unwrap();
        fs::create_dir(elsewhere.path().join("u")).unwrap();
        fs::write(elsewhere.path().join("u/notes.txt"), "mine").unwrap();
        assert!(refusal(root, &elsewhere.path().join("nothere/../u")).contains("did not create"));
    }

    #[cfg(unix)]
    #[test]
    fn a_symbolic_link_to_a_source_is_judged_by_its_target() {
        let tmp = site();
        let root = tmp.path();
        let outside = tempfile::tempdir().unwrap();
        std::os::unix::fs::symlink(root.join("static"), outside.path().join("link")).unwrap();
        assert!(refusal(root, &outside.path().join("link")).contains("`static`"));
        // A link's `..` is its target's parent: `link/../content` is the site's content/.
        assert!(refusal(root, &outside.path().join("link/../content")).contains("`content`"));
    }
}

//! Nothing a user owns is ever lost, and hostile input is never published: `--out` that
//! would overwrite the user's files, two builds at once, unchanged files' times, script
//! hidden in a title, files that are not regular files.

use std::fs;
use std::process::Command;

use crate::harness::{Site, sel, snapshot};

fn build_into(site: &Site, out: &std::path::Path) -> crate::harness::Run {
    site.build_with(&["--out", out.to_str().unwrap()])
}

#[test]
fn out_that_is_a_source_of_the_site_is_refused_and_the_source_untouched() {
    // The bug: `--out templates` (static, i18n, site.yaml) replaced them with the site.
    let site = Site::fixture("base/minimal");
    site.write("templates/partials/footer.html", "<footer>mine</footer>");
    site.write("static/logo.svg", "<svg/>");
    site.write("i18n/fr.yaml", "strings: {}\n");
    for out in ["site.yaml", "templates", "static", "i18n", "content", "content/data", "static/build"] {
        let before = snapshot(site.path());
        let run = build_into(&site, &site.path().join(out));
        run.assert_failure().stderr_contains("refusing to write the site into");
        assert_eq!(snapshot(site.path()), before, "--out {out} changed the site");
    }
}

#[test]
fn out_that_is_a_file_or_a_folder_of_the_users_own_files_is_refused() {
    // The bug: `--out README.md` turned the file into a folder; `--out docs` emptied a
    // folder of the user's own files for good on the second build.
    let site = Site::fixture("base/minimal");
    site.write("README.md", "my notes\n");
    site.write("docs/plan.md", "my plan\n");
    let before = snapshot(site.path());
    build_into(&site, &site.path().join("README.md")).assert_failure().stderr_contains("it is a file");
    for _ in 0..2 {
        build_into(&site, &site.path().join("docs")).assert_failure().stderr_contains("accord did not create");
    }
    assert_eq!(snapshot(site.path()), before);
    // A folder accord made is its own to replace, build after build.
    let out = site.path().join("site-out");
    build_into(&site, &out).assert_success();
    build_into(&site, &out).assert_success();
    assert!(out.join(".accord-output").is_file() && out.join("index.html").is_file());
}

#[test]
fn a_rebuild_with_nothing_changed_writes_no_file_and_keeps_every_time() {
    let site = Site::fixture("base/minimal");
    let first = site.build_with(&["--no-search"]);
    first.assert_success();
    let times = |dir: &std::path::Path| -> Vec<(String, std::time::SystemTime)> {
        let mut times: Vec<_> = walkdir::WalkDir::new(dir)
            .into_iter()
            .map(Result::unwrap)
            .filter(|e| e.file_type().is_file())
            .map(|e| (e.path().display().to_string(), e.metadata().unwrap().modified().unwrap()))
            .collect();
        times.sort();
        times
    };
    let published = times(&site.out());
    for _ in 0..3 {
        let run = site.build_with(&["--no-search"]);
        run.assert_success();
        assert!(run.stdout().contains(": 0 written,"), "{}", run.stdout());
        assert_eq!(times(&site.out()), published, "an unchanged file's time changed");
    }
}

#[test]
fn two_builds_into_one_folder_at_once_publish_one_whole_site() {
    // The bug: 3 of 16 concurrent pairs published pages of both.
    let one = Site::fixture("base/minimal");
    let two = Site::fixture("base/minimal");
    two.write("content/en/about.md", "---\ntitle: About\n---\nThe second site's about page.\n");
    let reference = |site: &Site| {
        let out = tempfile::tempdir().unwrap();
        let out = out.keep().join("ref");
        site.build_with(&["--no-search", "--out", out.to_str().unwrap()]).assert_success();
        snapshot(&out)
    };
    let (expect_one, expect_two) = (reference(&one), reference(&two));
    assert_ne!(expect_one, expect_two);
    let shared = tempfile::tempdir().unwrap();
    let out = shared.path().join("public");
    for round in 0..4 {
        let spawn = |site: &Site| {
            Command::new(env!("CARGO_BIN_EXE_accord"))
                .args(["build", "--no-search", "--root"])
                .arg(site.path())
                .arg("--out")
                .arg(&out)
                .output_async()
        };
        let (a, b) = (spawn(&one), spawn(&two));
        assert!(a.wait().unwrap().status.success() && b.wait().unwrap().status.success());
        let published = snapshot(&out);
        assert!(published == expect_one || published == expect_two, "round {round}: a mixed site was published");
    }
}

/// `Command::output` on a thread, so that two builds run at once.
trait OutputAsync {
    fn output_async(&mut self) -> std::thread::JoinHandle<std::io::Result<std::process::Output>>;
}

impl OutputAsync for Command {
    fn output_async(&mut self) -> std::thread::JoinHandle<std::io::Result<std::process::Output>> {
        let child = self.stdout(std::process::Stdio::piped()).stderr(std::process::Stdio::piped()).spawn();
        std::thread::spawn(move || child?.wait_with_output())
    }
}

trait Wait {
    fn wait(self) -> std::io::Result<std::process::Output>;
}

impl Wait for std::thread::JoinHandle<std::io::Result<std::process::Output>> {
    fn wait(self) -> std::io::Result<std::process::Output> {
        self.join().unwrap()
    }
}

#[test]
fn a_title_that_opens_a_comment_in_a_script_does_not_blank_the_article_pages() {
    // The bug: the convention's title went into JSON-LD as it was; `<!--<script>` in it
    // made the browser read the rest of every article page as script.
    let site = Site::fixture("base/minimal");
    let data = site.path().join("content/data/convention.yaml");
    let text =
        fs::read_to_string(&data).unwrap().replace("short: Mini Convention", "short: \"Mini <!--<script> Convention\"");
    fs::write(&data, text).unwrap();
    let run = site.build_with(&["--no-search"]);
    run.assert_success();
    let page = run.html("en/convention/article-01/index.html");
    assert!(page.select(&sel("main h1")).next().is_some(), "the page after the JSON-LD is gone");
    assert!(page.select(&sel("footer")).next().is_some(), "the footer is gone");
    let json = page.select(&sel("script[type='application/ld+json']")).next().unwrap().inner_html();
    let value: serde_json::Value = serde_json::from_str(&json).unwrap();
    assert_eq!(value["isPartOf"]["name"].as_str().map(|n| n.contains("<!--<script>")), Some(true), "{json}");
}

#[test]
fn raw_html_with_script_is_published_only_when_the_site_allows_it() {
    let site = Site::fixture("base/minimal");
    site.write("content/en/about.md", "---\ntitle: About\n---\nClick <a href=\"#\" onclick=\"steal()\">here</a>.\n");
    site.build_with(&["--no-search"])
        .assert_failure()
        .stderr_contains("content/en/about.md:4:7")
        .stderr_contains("`onclick` on <a>");
    let config = site.path().join("site.yaml");
    let text = fs::read_to_string(&config).unwrap();
    fs::write(&config, format!("{text}allow_unsafe_html: true\n")).unwrap();
    let run = site.build_with(&["--no-search"]);
    run.assert_success();
    let page = run.html("en/about/index.html");
    assert!(page.select(&sel("main a[onclick]")).next().is_some());
}

#[cfg(unix)]
#[test]
fn a_fifo_where_a_page_should_be_is_an_error_naming_it() {
    // The bug: a FIFO as about.md silently dropped the page, with exit 0.
    let site = Site::fixture("base/minimal");
    let about = site.path().join("content/en/about.md");
    fs::remove_file(&about).unwrap();
    let made = Command::new("mkfifo").arg(&about).status().unwrap();
    assert!(made.success());
    site.build_with(&["--no-search"])
        .assert_failure()
        .stderr_contains("content/en/about.md")
        .stderr_contains("a named pipe (FIFO), not a regular file");
}

#[cfg(unix)]
#[test]
fn a_fifo_as_site_yaml_is_named_as_such() {
    let site = Site::fixture("base/minimal");
    let config = site.path().join("site.yaml");
    fs::remove_file(&config).unwrap();
    assert!(Command::new("mkfifo").arg(&config).status().unwrap().success());
    site.build_with(&["--no-search"]).assert_failure().stderr_contains("site.yaml is a named pipe (FIFO)");
}

#[test]
fn out_through_a_folder_that_does_not_exist_and_back_is_refused() {
    // The bug (found by the sweep): `--out site/nothere/../content` replaced content/.
    let site = Site::fixture("base/minimal");
    let before = snapshot(site.path());
    for out in ["nothere/../content", "nothere/..", "a/b/../../site.yaml"] {
        build_into(&site, &site.path().join(out)).assert_failure().stderr_contains("refusing to write the site into");
    }
    assert_eq!(snapshot(site.path()), before);
}

#[test]
fn a_folder_where_a_page_should_be_is_an_error_naming_it() {
    let site = Site::fixture("base/minimal");
    fs::remove_file(site.path().join("content/en/about.md")).unwrap();
    fs::create_dir(site.path().join("content/en/about.md")).unwrap();
    site.build_with(&["--no-search"])
        .assert_failure()
        .stderr_contains("content/en/about.md")
        .stderr_contains("a folder where a file is expected");
}

#[test]
fn stamp_refuses_a_language_the_site_does_not_have() {
    let site = Site::fixture("base/minimal");
    let before = snapshot(site.path());
    for lang in ["de", "en"] {
        let output = Command::new(env!("CARGO_BIN_EXE_accord"))
            .args(["i18n", "stamp", "--lang", lang, "--root"])
            .arg(site.path())
            .output()
            .unwrap();
        assert!(!output.status.success(), "--lang {lang} was accepted");
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert!(stderr.contains("no translation language") && stderr.contains("fr"), "{stderr}");
    }
    assert_eq!(snapshot(site.path()), before);
}

#[test]
fn a_crlf_translation_with_a_bom_is_stamped_once_and_still_builds() {
    // The bug: stamp prepended a second front matter to such a file; the next build failed.
    let site = Site::fixture("base/minimal");
    let about = site.path().join("content/fr/about.md");
    fs::write(&about, "\u{feff}---\r\ntitle: À propos\r\n---\r\nÀ propos de ce site.\r\n").unwrap();
    let stamp = Command::new(env!("CARGO_BIN_EXE_accord"))
        .args(["i18n", "stamp", "--lang", "fr", "--root"])
        .arg(site.path())
        .output()
        .unwrap();
    assert!(stamp.status.success(), "{}", String::from_utf8_lossy(&stamp.stderr));
    let text = fs::read_to_string(&about).unwrap();
    assert!(text.starts_with("\u{feff}---\r\ntitle: À propos\r\nsource_hash: "), "{text:?}");
    assert_eq!(text.matches("---").count(), 2, "{text:?}");
    assert!(!text.replace("\r\n", "").contains('\n'), "line endings mixed: {text:?}");
    let run = site.build_with(&["--no-search"]);
    run.assert_success();
    assert!(run.html("fr/about/index.html").select(&sel("main")).next().is_some());
}

#[test]
fn a_template_mistake_on_every_page_is_reported_once() {
    // The bug: one mistake in a template was printed once per page (up to 1,179 times).
    let site = Site::fixture("base/minimal");
    site.write(
        "templates/article.html",
        "{% extends \"base.html\" %}{% block main %}{{ no_such.value }}{% endblock main %}\n",
    );
    let run = site.build_with(&["--no-search"]);
    run.assert_failure();
    let stderr = run.stderr();
    let errors = stderr.lines().filter(|l| l.starts_with("error")).count();
    assert_eq!(errors, 1, "{stderr}");
    // Three articles in two languages: one page named, five counted.
    assert!(stderr.contains("and 5 other pages"), "{stderr}");
    assert!(stderr.contains("templates/article.html:1:"), "{stderr}");
}

#[test]
fn a_misspelt_field_behind_the_safe_filter_is_an_error_not_an_empty_page() {
    // The bug (B10 of the sweep): `{{ page.bdy | safe }}` rendered every page body empty,
    // exit 0, while `{{ page.bdy }}` was an error.
    let site = Site::fixture("base/minimal");
    site.write(
        "templates/article.html",
        "{% extends \"base.html\" %}{% block main %}\n[{{ page.bdy | safe }}]{% endblock main %}\n",
    );
    site.build_with(&["--no-search"])
        .assert_failure()
        .stderr_contains("not defined")
        .stderr_contains("templates/article.html:2:");
}

#[test]
fn tr_with_an_unknown_key_is_an_error_at_the_template_line() {
    // The bug: `tr(key="…")` with a misspelt key printed the key itself on the page.
    let site = Site::fixture("base/minimal");
    site.write(
        "templates/article.html",
        "{% extends \"base.html\" %}{% block main %}\n{{ tr(key=\"nav_hoem\") }}{% endblock main %}\n",
    );
    site.build_with(&["--no-search"])
        .assert_failure()
        .stderr_contains("no UI string `nav_hoem`")
        .stderr_contains("templates/article.html:2:");
}

#[test]
fn a_ui_string_the_default_language_does_not_have_is_warned_about_at_its_line() {
    let site = Site::fixture("base/minimal");
    site.write("i18n/fr.yaml", "strings:\n  nav_hoem: Accueil\n");
    let run = site.build_with(&["--no-search"]);
    run.assert_success();
    let stderr = run.stderr();
    assert!(stderr.contains("`nav_hoem` is not a UI string of en"), "{stderr}");
    assert!(stderr.contains("i18n/fr.yaml:2:3"), "{stderr}");
}

#[test]
fn mistakes_in_ui_strings_that_pages_would_show_are_warned_about_at_their_line() {
    // The bugs (found by the sweep): `{nn}` was printed as it was, a plural form the
    // language never uses and a strings file for a language the site lacks passed silently.
    let site = Site::fixture("base/minimal");
    site.write("i18n/fr.yaml", "strings:\n  article_number: \"Article {nn}\"\n  status_signatories: {one: \"{n} signataire\", few: \"{n} signataires\", other: \"{n} signataires\"}\n");
    site.write("i18n/de.yaml", "strings:\n  nav_home: Start\n");
    let run = site.build_with(&["--no-search"]);
    run.assert_success();
    let stderr = run.stderr();
    assert!(stderr.contains("`{nn}` in `article_number` is never filled"), "{stderr}");
    assert!(stderr.contains("i18n/fr.yaml:2:3"), "{stderr}");
    assert!(stderr.contains("`status_signatories` has a `few` form, which fr never uses"), "{stderr}");
    assert!(stderr.contains("`de` is not one of the site's languages"), "{stderr}");
}

#[test]
fn a_translation_without_its_source_page_is_an_error_at_the_translation() {
    // The bug: the error named page.html, not the file to fix.
    let site = Site::fixture("base/minimal");
    site.write("content/fr/orphan.md", "---\ntitle: Orpheline\n---\nSans source.\n");
    site.build_with(&["--no-search"])
        .assert_failure()
        .stderr_contains("content/fr/orphan.md")
        .stderr_contains("has no source page: content/en/orphan.md does not exist");
}

/// A build writes its pages into the staging folder as they are rendered: a template that
/// breaks on one kind of page, after others are already written there, must still leave
/// the published output exactly as it was, and the next good build publish exactly itself.
#[test]
fn a_render_error_after_pages_were_staged_leaves_the_published_output_as_it_was() {
    let site = Site::fixture("base/minimal");
    site.build().assert_success();
    let before = snapshot(&site.out());
    let staging = site.out().with_file_name(".public.accord-staging");

    site.write("templates/status.html", "{% extends \"base.html\" %}{% block main %}{{ page.misspelt }}{% endblock %}");
    let run = site.build();
    run.assert_code(1);
    run.stderr_contains("templates/status.html").stderr_contains("the previous output was left as it was");
    assert_eq!(snapshot(&site.out()), before, "the previous output changed");
    // Pages rendered before the error are in staging, not published.
    assert!(staging.join("en/index.html").is_file(), "pages are staged as they are rendered");

    fs::remove_file(site.path().join("templates/status.html")).unwrap();
    site.build().assert_success();
    assert_eq!(snapshot(&site.out()), before);
}

#[test]
fn a_build_holds_no_page_text_and_a_page_changed_since_it_was_loaded_is_an_error() {
    use accord::build::{compile_templates, load, render};
    use accord::source::{PageText, read_site};
    let site = Site::fixture("base/minimal");
    let held = load(read_site(site.path(), PageText::Held).unwrap(), None).unwrap();
    let on_demand = load(read_site(site.path(), PageText::OnDemand).unwrap(), None).unwrap();
    assert!(on_demand.sources.pages.read().is_empty() && !held.sources.pages.read().is_empty());
    // A budget holds the pages while they fit in it, and lists them past it.
    let pages = |budget| read_site(site.path(), PageText::HeldUpTo(budget)).unwrap().pages.read().len();
    assert_eq!(pages(1 << 20), held.sources.pages.read().len());
    assert_eq!(pages(10), 0);
    assert!(on_demand.model.files.values().flat_map(|t| t.values()).all(|f| f.text().is_none()), "a text is held");
    let renderer = compile_templates(&on_demand).unwrap();
    let (from_held, _) = render(&held, &compile_templates(&held).unwrap()).unwrap();
    let (read_again, _) = render(&on_demand, &renderer).unwrap();
    assert_eq!(read_again.files, from_held.files, "a page read again renders as one held");

    // What rendering says once about.md has been written over since it was loaded.
    let after = |edit: &dyn Fn(&std::path::Path)| {
        edit(&site.path().join("content/en/about.md"));
        let Err(failure) = render(&on_demand, &renderer) else {
            panic!("a page changed since it was loaded was rendered")
        };
        failure.diagnostics.iter().map(|d| (d.location.file.clone(), d.message.clone())).collect::<Vec<_>>()
    };
    let changed = [("content/en/about.md".into(), "the file changed while the site was being built".to_owned())];
    let about = fs::read_to_string(site.path().join("content/en/about.md")).unwrap();
    // The same length, other bytes: an edit saved while the site was being built.
    assert_eq!(after(&|path| fs::write(path, about.replacen("About this", "Abort this", 1)).unwrap()), changed);
    // Cut short: the body's range now ends past the file (an error, not a panic).
    assert_eq!(after(&|path| fs::write(path, &about[..about.len() / 2]).unwrap()), changed);
    // Deleted: the error names the page's own file.
    let files: Vec<_> = after(&|path| fs::remove_file(path).unwrap()).into_iter().map(|(file, _)| file).collect();
    assert_eq!(files, [std::path::PathBuf::from("content/en/about.md")]);
}

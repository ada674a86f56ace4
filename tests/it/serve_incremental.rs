//! `serve`'s incremental rebuilds: after each kind of edit, the site kept in memory is
//! byte-identical to a full build of the edited files, and a body edit renders only
//! the pages it changes. These tests drive the library directly; `serve.rs` drives
//! the real server.

use std::path::{Path, PathBuf};

use accord::build::build_in_memory;
use accord::config::BaseUrl;
use accord::serve::change::{Change, ChangeSet};
use accord::serve::live::{LiveSite, Rebuild, RebuildKind};

use crate::harness::Site;

const BASE: &str = "http://127.0.0.1:1111/";

fn base() -> BaseUrl {
    BaseUrl::parse(BASE).unwrap()
}
const ARTICLE_1: &str = "content/en/convention/chapter-01/article-01.md";
const ARTICLE_1_FR: &str = "content/fr/convention/chapter-01/article-01.md";
const ARTICLE_2: &str = "content/en/convention/chapter-01/article-02.md";

struct Live {
    site: Site,
    live: LiveSite,
}

impl Live {
    fn start(site: Site) -> Live {
        let (mut live, first) = LiveSite::new(site.path(), base());
        first.unwrap_or_else(|f| panic!("first build failed:\n{f}"));
        live.prepare().unwrap();
        Live { site, live }
    }

    fn minimal() -> Live {
        Live::start(Site::fixture("base/minimal"))
    }

    fn write(&self, rel: &str, text: &str) {
        self.site.write(rel, text);
    }

    fn read(&self, rel: &str) -> String {
        std::fs::read_to_string(self.site.path().join(rel)).unwrap()
    }

    /// Applies `changes` and checks the result against a full build of the files as they are now.
    #[track_caller]
    fn apply(&mut self, changes: &[Change]) -> Rebuild {
        let changes: ChangeSet = changes.iter().cloned().collect();
        let rebuild = self.live.apply(&changes).unwrap_or_else(|f| panic!("rebuild failed:\n{f}"));
        self.assert_same_as_full_build();
        rebuild
    }

    #[track_caller]
    fn assert_same_as_full_build(&self) {
        let (full, _) = build_in_memory(self.site.path(), Some(&base())).unwrap();
        let kept = self.live.output();
        let differing: std::collections::BTreeSet<&String> =
            full.files.keys().chain(kept.files.keys()).filter(|p| full.files.get(*p) != kept.files.get(*p)).collect();
        assert!(differing.is_empty(), "differs from a full build: {differing:?}");
    }
}

fn page(rel: &str) -> Change {
    Change::Page(PathBuf::from(rel))
}

/// Changed files but the search index (`reindexed` says whose index changed).
fn changed_pages(rebuild: &Rebuild) -> Vec<&str> {
    rebuild.changed.keys().map(String::as_str).filter(|p| !p.starts_with("pagefind/")).collect()
}

/// The languages whose search index files changed (`pagefind/index/fr_1a2b3c4.pf_index`).
fn reindexed(rebuild: &Rebuild) -> std::collections::BTreeSet<&str> {
    rebuild
        .changed
        .keys()
        .filter_map(|p| p.strip_prefix("pagefind/index/"))
        .filter_map(|name| name.split('_').next())
        .collect()
}

#[test]
fn an_article_body_edit_renders_only_its_pages_and_the_full_text() {
    let mut live = Live::minimal();
    let text = live.read(ARTICLE_2);
    live.write(ARTICLE_2, &format!("{text}\nA new sentence about terms.\n"));
    let rebuild = live.apply(&[page(ARTICLE_2)]);
    assert_eq!(rebuild.kind, RebuildKind::PageBody);
    // Its page in English and the French fallback, and the whole convention in both, on
    // one page and as an EPUB.
    assert_eq!(
        changed_pages(&rebuild),
        [
            "en/convention/article-02/index.html",
            "en/convention/full/index.html",
            "en/convention/guide.epub",
            "fr/convention/article-02/index.html",
            "fr/convention/full/index.html",
            "fr/convention/guide.epub",
        ]
    );
    assert_eq!(rebuild.pages_rendered, 6);
    // The French page shows the English text, which is not in the French index.
    assert_eq!(reindexed(&rebuild), ["en"].into());
}

#[test]
fn a_translation_body_edit_leaves_the_source_language_alone() {
    let mut live = Live::minimal();
    live.write(
        ARTICLE_1_FR,
        "---\ndescription: Dit à quoi sert la convention.\nrelated: [2]\n---\nL'article 1 fixe l'objet, autrement dit.\n",
    );
    let rebuild = live.apply(&[page(ARTICLE_1_FR)]);
    assert_eq!(rebuild.kind, RebuildKind::PageBody);
    assert_eq!(
        changed_pages(&rebuild),
        ["fr/convention/article-01/index.html", "fr/convention/full/index.html", "fr/convention/guide.epub"]
    );
    assert_eq!(reindexed(&rebuild), ["fr"].into());
}

#[test]
fn a_source_edit_that_makes_a_translation_stale_updates_the_translation_status() {
    let mut live = Live::minimal();
    // Stamp the French translation as made from the current English text.
    let english = accord::content::parse_page(Path::new(ARTICLE_1), &live.read(ARTICLE_1).into()).unwrap().source_hash;
    let french = live.read(ARTICLE_1_FR).replacen("---\n", &format!("---\nsource_hash: {english}\n"), 1);
    live.write(ARTICLE_1_FR, &french);
    let stamped = live.apply(&[page(ARTICLE_1_FR)]);
    assert_eq!(stamped.kind, RebuildKind::Full, "front matter changed");

    live.write(ARTICLE_1, &format!("{}\nOne more line.\n", live.read(ARTICLE_1)));
    let rebuild = live.apply(&[page(ARTICLE_1)]);
    assert_eq!(rebuild.kind, RebuildKind::PageBody);
    let changed = changed_pages(&rebuild);
    assert!(changed.contains(&"fr/about/translations/index.html"), "{changed:?}");
    assert!(changed.contains(&"fr/convention/article-01/index.html"), "{changed:?}");
}

#[test]
fn an_edit_that_adds_code_brings_the_code_stylesheet_and_removing_it_drops_it() {
    let mut live = Live::minimal();
    let before = live.read("content/en/about.md");
    live.write("content/en/about.md", &format!("{before}\n```rust\nfn main() {{}}\n```\n"));
    let rebuild = live.apply(&[page("content/en/about.md")]);
    assert_eq!(rebuild.kind, RebuildKind::PageBody);
    assert!(rebuild.changed.contains_key("syntax.css"));
    live.write("content/en/about.md", &before);
    let rebuild = live.apply(&[page("content/en/about.md")]);
    assert_eq!(rebuild.changed.get("syntax.css"), Some(&None));
}

#[test]
fn front_matter_new_and_removed_pages_data_and_config_rebuild_everything() {
    let mut live = Live::minimal();
    let about = live.read("content/en/about.md");
    live.write("content/en/about.md", &about.replace("About", "About us"));
    assert_eq!(live.apply(&[page("content/en/about.md")]).kind, RebuildKind::Full);

    live.write("content/fr/about.md", "---\ntitle: À propos\n---\nÀ propos du site.\n");
    assert_eq!(live.apply(&[page("content/fr/about.md")]).kind, RebuildKind::Full);

    std::fs::remove_file(live.site.path().join("content/fr/about.md")).unwrap();
    assert_eq!(live.apply(&[page("content/fr/about.md")]).kind, RebuildKind::Full);

    let data = live.read("content/data/convention.yaml");
    live.write("content/data/convention.yaml", &format!("{data}\n"));
    let data_change = Change::Data("content/data/convention.yaml".into());
    assert_eq!(live.apply(&[data_change]).kind, RebuildKind::Full);

    let config = live.read("site.yaml");
    live.write("site.yaml", &config.replace("Mini treaty", "Mini treaty (draft)"));
    let rebuild = live.apply(&[Change::Config]);
    assert_eq!(rebuild.kind, RebuildKind::Full);
    assert!(!rebuild.changed.is_empty());
}

#[test]
fn a_template_edit_rerenders_pages_without_reloading_content() {
    let mut live = Live::minimal();
    let page_html = "{% extends \"base.html\" %}\n{% block main %}<h1 class=\"custom\">{{ page.title }}</h1>{{ page.content | safe }}{% endblock main %}\n";
    live.write("templates/page.html", page_html);
    assert_eq!(live.apply(&[Change::Structure("templates".into())]).kind, RebuildKind::Full);
    live.write("templates/page.html", &page_html.replace("custom", "custom edited"));
    let rebuild = live.apply(&[Change::Template("templates/page.html".into())]);
    assert_eq!(rebuild.kind, RebuildKind::Templates);
    assert_eq!(changed_pages(&rebuild), ["en/about/index.html", "fr/about/index.html"]);
}

#[test]
fn a_template_edit_renders_the_open_pages_first() {
    let mut live = Live::minimal();
    let page_html = "{% extends \"base.html\" %}\n{% block main %}<h1>{{ page.title }}</h1>{% endblock main %}\n";
    live.write("templates/page.html", page_html);
    live.apply(&[Change::Structure("templates".into())]);
    live.write("templates/page.html", &page_html.replace("<h1>", "<h1 class=\"edited\">"));
    let open = std::collections::BTreeSet::from(["en/about/index.html".to_owned(), "en/index.html".to_owned()]);
    let mut first = Vec::new();
    let changes = ChangeSet::from([Change::Template("templates/page.html".into())]);
    let rest = live
        .live
        .apply_open_first(&changes, &open, &mut |early| {
            first.push((early.kind, early.pages_rendered, early.changed.keys().cloned().collect::<Vec<_>>()))
        })
        .unwrap();
    live.assert_same_as_full_build();
    // Both open pages were rendered first; only one uses the template.
    assert_eq!(first, [(RebuildKind::OpenPagesFirst, 2, vec!["en/about/index.html".to_owned()])]);
    assert_eq!(rest.kind, RebuildKind::Templates);
    assert_eq!(changed_pages(&rest), ["fr/about/index.html"]);
}

#[test]
fn a_stylesheet_edit_changes_only_the_stylesheet() {
    let mut live = Live::minimal();
    live.write("static/style.css", "body { color: navy; }\n");
    live.apply(&[Change::Structure("static".into())]);
    live.write("static/style.css", "body { color: teal; }\n");
    let rebuild = live.apply(&[Change::Static("static/style.css".into())]);
    assert_eq!(rebuild.kind, RebuildKind::Static);
    assert_eq!(changed_pages(&rebuild), ["style.css"]);
    assert!(rebuild.css_only());
}

#[test]
fn a_failed_rebuild_keeps_the_last_good_site_and_is_retried_until_fixed() {
    let mut live = Live::minimal();
    let good = live.live.output().clone();
    let about = live.read("content/en/about.md");
    live.write("content/en/about.md", "---\ntitle: About: the site\n---\nText\n");
    let failure = live.live.apply(&ChangeSet::from([page("content/en/about.md")])).unwrap_err();
    assert_eq!(failure.diagnostics[0].location.file, Path::new("content/en/about.md"));
    assert_eq!(live.live.output(), &good);

    // A good edit elsewhere does not hide the file that is still broken.
    let text = live.read(ARTICLE_2);
    live.write(ARTICLE_2, &format!("{text}\nMore.\n"));
    assert!(live.live.apply(&ChangeSet::from([page(ARTICLE_2)])).is_err());
    assert_eq!(live.live.output(), &good);

    live.write("content/en/about.md", &about);
    live.apply(&[page(ARTICLE_2)]);
}

#[test]
fn saving_a_file_unchanged_changes_nothing() {
    let mut live = Live::minimal();
    let rebuild = live.apply(&[page(ARTICLE_1)]);
    assert_eq!(rebuild.kind, RebuildKind::PageBody);
    assert!(rebuild.changed.is_empty());
    assert_eq!(rebuild.pages_rendered, 0);
}

/// An edit of an untranslated article's body renders its page in each language (shown in
/// English) and the full text (page and EPUB), and none of the site's other pages.
#[test]
fn an_untranslated_articles_edit_renders_its_fallbacks_and_the_full_text_only() {
    let mut live = Live::start(Site::fixture(crate::harness::MULTILINGUAL));
    let rel = "content/en/convention/chapter-02/article-03.md";
    let text = live.read(rel);
    live.write(rel, &format!("{text}\nAn added paragraph.\n"));
    let rebuild = live.apply(&[page(rel)]);
    assert_eq!(rebuild.kind, RebuildKind::PageBody);
    let mut expected: Vec<String> = crate::harness::languages()
        .iter()
        .flat_map(|lang| {
            ["article-03/index.html", "full/index.html", "guide.epub"].map(|f| format!("{lang}/convention/{f}"))
        })
        .collect();
    expected.sort();
    assert_eq!(changed_pages(&rebuild), expected);
    // Those pages (the EPUB's chapters among them), not the other 150 of the site.
    assert!(rebuild.pages_rendered <= expected.len(), "{} pages rendered", rebuild.pages_rendered);
}

/// Issue #14: a page replaced, while serving, by a link to a file outside the site was
/// read, and the parse error quoted one of its lines in the overlay.
#[cfg(unix)]
#[test]
fn a_page_linked_out_of_the_site_is_refused_before_a_line_of_it_is_read() {
    let mut live = Live::minimal();
    let good = live.live.output().clone();
    let outside = tempfile::tempdir().unwrap();
    std::fs::write(outside.path().join("secret.md"), "---\ntitle: SECRET: 42\n---\nSECRET\n").unwrap();
    let about = live.site.path().join("content/en/about.md");
    std::fs::remove_file(&about).unwrap();
    std::os::unix::fs::symlink(outside.path().join("secret.md"), &about).unwrap();

    let failure = live.live.apply(&ChangeSet::from([page("content/en/about.md")])).unwrap_err();
    assert!(!format!("{failure:?}").contains("SECRET"), "{failure:?}");
    let problem = &failure.diagnostics[0];
    assert_eq!(problem.location.file, Path::new("content/en/about.md"));
    assert!(problem.message.contains("outside the site folder"), "{}", problem.message);
    assert_eq!(live.live.output(), &good);
}

/// Issue #14: a static file linked out of the site while serving was read and only
/// warned about; `build` refuses it, so `serve` does too, before reading it.
#[cfg(unix)]
#[test]
fn a_static_file_linked_out_of_the_site_while_serving_is_an_error_as_in_build() {
    let mut live = Live::minimal();
    let good = live.live.output().clone();
    let outside = tempfile::tempdir().unwrap();
    std::fs::write(outside.path().join("key"), "SECRET").unwrap();
    std::fs::create_dir_all(live.site.path().join("static")).unwrap();
    std::os::unix::fs::symlink(outside.path().join("key"), live.site.path().join("static/key.txt")).unwrap();

    let failure = live.live.apply(&ChangeSet::from([Change::Static("static/key.txt".into())])).unwrap_err();
    assert_eq!(failure.diagnostics[0].location.file, Path::new("static/key.txt"));
    assert!(failure.diagnostics[0].message.contains("outside the site folder"));
    assert_eq!(live.live.output(), &good);
}

/// Issue #14: a link that leads back into itself is reported by the rebuild it causes.
#[cfg(unix)]
#[test]
fn a_symbolic_link_loop_made_while_serving_is_an_error() {
    let mut live = Live::minimal();
    let good = live.live.output().clone();
    for (link, target) in [("content/en/loop", "loop"), ("content/en/again", ".")] {
        let path = live.site.path().join(link);
        std::os::unix::fs::symlink(target, &path).unwrap();
        let failure = live.live.apply(&ChangeSet::from([Change::Structure(link.into())])).unwrap_err();
        let problem = &failure.diagnostics[0];
        assert!(problem.location.file.starts_with(link), "{failure:?}");
        assert!(problem.message.contains("leads back into itself"), "{}", problem.message);
        assert_eq!(live.live.output(), &good);
        std::fs::remove_file(&path).unwrap();
        live.apply(&[Change::Structure(link.into())]);
    }
}

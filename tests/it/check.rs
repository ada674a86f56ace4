//! `accord check`: one fixture per kind of problem (tests/fixtures/check/<case>/site,
//! laid over the clean mini site), its exact report pinned by an insta snapshot; exit
//! codes 0, 1 and 2; `--strict`; the GitHub format; and the JSON format validated
//! against its documented schema (docs/check-json.schema.json).

use std::fs;

use crate::harness::{Run, Site, repo_root};

fn case(name: &str) -> Site {
    Site::check_base().overlay(&format!("check/{name}/site"))
}

/// The report on stdout (timings go to stderr), with the count of pages and links
/// masked: it changes with every template edit, and the snapshots pin the problems.
fn report(run: &Run) -> String {
    let stdout = run.stdout();
    let count = regex::Regex::new(r"; \d+ pages? and \d+ links? checked").unwrap();
    count.replace_all(&stdout, "; N pages and N links checked").into_owned()
}

#[test]
fn a_clean_site_passes_with_exit_0() {
    let run = Site::check_base().check_with(&[]);
    run.assert_code(0);
    insta::assert_snapshot!(report(&run));
}

#[test]
fn a_broken_link_in_markdown_names_its_line_and_column() {
    let run = case("broken-markdown-link").check_with(&[]);
    run.assert_code(1);
    insta::assert_snapshot!(report(&run));
}

#[test]
fn a_broken_anchor_names_the_missing_id() {
    let run = case("broken-anchor").check_with(&[]);
    run.assert_code(1);
    insta::assert_snapshot!(report(&run));
}

#[test]
fn a_broken_link_in_a_template_names_the_template_line() {
    let run = case("broken-template-link").check_with(&[]);
    run.assert_code(1);
    insta::assert_snapshot!(report(&run));
}

#[test]
fn a_bad_data_record_is_an_error_at_its_line() {
    let run = case("bad-data-record").check_with(&[]);
    run.assert_code(1);
    insta::assert_snapshot!(report(&run));
}

#[test]
fn schema_errors_in_front_matter_and_data_are_all_collected() {
    let run = case("bad-schema").check_with(&[]);
    run.assert_code(1);
    insta::assert_snapshot!(report(&run));
}

#[test]
fn a_stale_translation_is_a_warning() {
    let run = case("stale-translation").check_with(&[]);
    run.assert_code(0);
    insta::assert_snapshot!(report(&run));
}

#[test]
fn a_missing_ui_string_is_a_warning() {
    let run = case("missing-ui-string").check_with(&[]);
    run.assert_code(0);
    insta::assert_snapshot!(report(&run));
}

#[test]
fn a_missing_translation_is_a_warning() {
    let run = case("missing-translation").check_with(&[]);
    run.assert_code(0);
    insta::assert_snapshot!(report(&run));
}

#[test]
fn a_page_nothing_links_to_is_a_warning() {
    let run = case("orphan-page").check_with(&[]);
    run.assert_code(0);
    insta::assert_snapshot!(report(&run));
}

#[test]
fn images_without_alt_text_are_errors() {
    let run = case("image-without-alt").check_with(&[]);
    run.assert_code(1);
    insta::assert_snapshot!(report(&run));
}

#[test]
fn strict_turns_a_warning_into_exit_1() {
    let site = case("stale-translation");
    site.check_with(&[]).assert_code(0);
    let run = site.check_with(&["--strict"]);
    run.assert_code(1);
    assert!(run.stdout().contains("check failed (--strict counts warnings): 0 errors, 1 warning"), "{}", run.stdout());
}

#[test]
fn usage_errors_exit_2() {
    let site = Site::check_base();
    site.check_with(&["--format", "xml"]).assert_code(2);
    let run = site.check_with(&["--root", "no-such-folder"]);
    run.assert_code(2);
    assert!(run.stderr().contains("not a site folder"), "{}", run.stderr());
}

#[test]
fn the_github_format_writes_annotations() {
    let run = case("broken-markdown-link").check_with(&["--format", "github"]);
    run.assert_code(1);
    insta::assert_snapshot!(report(&run));
}

/// A site with errors, warnings and external links, so every part of the schema is used.
fn json_run() -> Run {
    let site = case("broken-markdown-link").overlay("check/missing-translation/site");
    let run = site.check_with(&["--format", "json"]);
    run.assert_code(1);
    run
}

#[test]
fn the_json_format_matches_its_documented_schema() {
    let run = json_run();
    let output: serde_json::Value = serde_json::from_str(&run.stdout()).expect("valid JSON");
    let schema_path = repo_root().join("docs/check-json.schema.json");
    let schema: serde_json::Value = serde_json::from_str(&fs::read_to_string(&schema_path).unwrap()).unwrap();
    let validator = jsonschema::validator_for(&schema).expect("a valid JSON Schema");
    let errors: Vec<String> =
        validator.iter_errors(&output).map(|e| format!("{} at {}", e, e.instance_path())).collect();
    assert!(errors.is_empty(), "{}", errors.join("\n"));

    assert_eq!(output["schema_version"], 1);
    assert_eq!(output["passed"], false);
    let diagnostics = output["diagnostics"].as_array().unwrap();
    assert!(diagnostics.iter().any(|d| d["severity"] == "error"
        && d["code"] == "broken-link"
        && d["file"] == "content/en/about.md"
        && d["line"] == 6
        && d["column"] == 51));
    assert!(diagnostics.iter().any(|d| d["severity"] == "warning" && d["code"] == "missing-translation"));
    assert!(!output["external_links"].as_array().unwrap().is_empty());

    // The schema must be able to say no.
    let mut broken = output.clone();
    broken.as_object_mut().unwrap().remove("schema_version");
    assert!(!validator.is_valid(&broken));
    let mut broken = output;
    broken["diagnostics"][0]["severity"] = "fatal".into();
    assert!(!validator.is_valid(&broken));
}

#[test]
fn every_json_field_is_documented() {
    let schema = fs::read_to_string(repo_root().join("docs/check-json.schema.json")).unwrap();
    let doc = fs::read_to_string(repo_root().join("docs/check-json.md")).unwrap();
    let schema: serde_json::Value = serde_json::from_str(&schema).unwrap();
    let mut missing = Vec::new();
    let mut stack = vec![&schema];
    while let Some(node) = stack.pop() {
        if let Some(properties) = node.get("properties").and_then(|p| p.as_object()) {
            for (name, sub) in properties {
                if !doc.contains(&format!("`{name}`")) {
                    missing.push(name.clone());
                }
                stack.push(sub);
            }
        }
        for key in ["items", "$defs"] {
            match node.get(key) {
                Some(serde_json::Value::Object(map)) if key == "$defs" => stack.extend(map.values()),
                Some(value) => stack.push(value),
                None => {}
            }
        }
    }
    assert!(missing.is_empty(), "not in docs/check-json.md: {missing:?}");
}

/// docs/github-actions.yml: check before build, build before upload, deploy after build,
/// with the cargo build cached.
#[test]
fn the_workflow_checks_then_builds_then_deploys() {
    let text = fs::read_to_string(repo_root().join("docs/github-actions.yml")).unwrap();
    let workflow: serde_yaml::Value = serde_yaml::from_str(&text).expect("valid YAML");
    let steps = workflow["jobs"]["build"]["steps"].as_sequence().unwrap();
    let position = |needle: &str| {
        steps
            .iter()
            .position(|s| {
                let run = s.get("run").and_then(|r| r.as_str()).unwrap_or("");
                let uses = s.get("uses").and_then(|u| u.as_str()).unwrap_or("");
                run.contains(needle) || uses.starts_with(needle)
            })
            .unwrap_or_else(|| panic!("no step with {needle}"))
    };
    let cache = position("Swatinem/rust-cache");
    let check = position("accord check --format github");
    let build = position("accord build");
    let upload = position("actions/upload-pages-artifact");
    assert!(cache < check && check < build && build < upload);
    assert_eq!(workflow["jobs"]["deploy"]["needs"].as_str(), Some("build"));
    let deploy = &workflow["jobs"]["deploy"]["steps"][0]["uses"];
    assert!(deploy.as_str().unwrap().starts_with("actions/deploy-pages"));
}

/// Collect all: a template that fails to render stops the link checks, not the checks
/// that need only the content, the data and the Markdown (its images' alt text).
#[test]
fn a_render_failure_does_not_hide_other_problems() {
    let site = case("stale-translation").overlay("check/image-without-alt/site").overlay("check/render-error/site");
    let run = site.check_with(&["--format", "json"]);
    run.assert_code(1);
    let output: serde_json::Value = serde_json::from_str(&run.stdout()).unwrap();
    let diagnostics = output["diagnostics"].as_array().unwrap();
    let codes: Vec<&str> = diagnostics.iter().map(|d| d["code"].as_str().unwrap()).collect();
    assert!(codes.contains(&"template") && codes.contains(&"stale-translation"), "{codes:?}");
    // The Markdown's image, not the built page's `<img>`: no page was built.
    let alt: Vec<&str> =
        diagnostics.iter().filter(|d| d["code"] == "image-alt").map(|d| d["message"].as_str().unwrap()).collect();
    assert_eq!(alt, ["image `/favicon.svg` has no alt text"], "{codes:?}");
}

/// The translators' commands need no template; `check` still runs the rules on the
/// sources when the templates do not compile, and reports the template too.
#[test]
fn a_template_that_does_not_compile_does_not_hide_the_rules_on_the_sources() {
    let site = case("stale-translation").overlay("bad-input/template-syntax-error/site");
    let run = site.check_with(&["--format", "json"]);
    run.assert_code(1);
    let output: serde_json::Value = serde_json::from_str(&run.stdout()).unwrap();
    let codes: Vec<&str> =
        output["diagnostics"].as_array().unwrap().iter().map(|d| d["code"].as_str().unwrap()).collect();
    assert!(codes.contains(&"template") && codes.contains(&"stale-translation"), "{codes:?}");
}

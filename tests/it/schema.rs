//! The JSON Schemas of docs/schema/: equal to what the types generate (so they cannot
//! drift from the parser), and met by the repository's data files, the fixture treaty
//! and every file `accord init` writes.

use std::fs;
use std::path::{Path, PathBuf};

use crate::harness::{fixtures, repo_root};

/// YAML to JSON, map keys as strings (titles files key chapters by number).
fn to_json(value: serde_yaml::Value) -> serde_json::Value {
    use serde_yaml::Value as Y;
    match value {
        Y::Null => serde_json::Value::Null,
        Y::Bool(b) => b.into(),
        Y::Number(n) => serde_json::from_str(&n.to_string()).unwrap(),
        Y::String(s) => s.into(),
        Y::Sequence(items) => items.into_iter().map(to_json).collect(),
        Y::Mapping(map) => map
            .into_iter()
            .map(|(k, v)| {
                let key = match k {
                    Y::String(s) => s,
                    other => serde_yaml::to_string(&other).unwrap().trim().to_owned(),
                };
                (key, to_json(v))
            })
            .collect::<serde_json::Map<_, _>>()
            .into(),
        Y::Tagged(tagged) => to_json(tagged.value),
    }
}

fn validator(name: &str) -> jsonschema::Validator {
    let text = fs::read_to_string(repo_root().join("docs/schema").join(name)).unwrap();
    jsonschema::validator_for(&serde_json::from_str(&text).unwrap()).expect("a valid JSON Schema")
}

/// The schema a site file follows, by its path relative to the site root.
fn schema_for(rel: &Path) -> Option<&'static str> {
    let rel = rel.to_string_lossy().replace('\\', "/");
    match rel.as_str() {
        "site.yaml" => Some("site.schema.json"),
        "content/data/convention.yaml" => Some("convention.schema.json"),
        "content/data/signatories.yaml" => Some("signatories.schema.json"),
        r if r.starts_with("content/data/titles/") && r.ends_with(".yaml") => Some("titles.schema.json"),
        r if r.starts_with("content/") && r.ends_with(".md") => Some("front-matter.schema.json"),
        _ => None,
    }
}

/// The YAML of a file (a Markdown file's front matter; none is `{}`).
fn yaml_of(rel: &Path, text: &str) -> String {
    if rel.extension().is_some_and(|e| e == "md") {
        let split = accord::content::split_front_matter(rel, text).unwrap();
        split.yaml.map_or_else(|| "{}".to_owned(), str::to_owned)
    } else {
        text.to_owned()
    }
}

/// Every error of every file against its schema, as `file: error` lines.
pub(crate) fn violations(files: &[(PathBuf, String)]) -> Vec<String> {
    let mut out = Vec::new();
    for (rel, text) in files {
        let Some(schema) = schema_for(rel) else { continue };
        let yaml: serde_yaml::Value = serde_yaml::from_str(&yaml_of(rel, text)).unwrap();
        let json = to_json(yaml);
        let validator = validator(schema);
        out.extend(validator.iter_errors(&json).map(|e| format!("{}: {e} at {}", rel.display(), e.instance_path())));
    }
    out
}

/// The files below `root/under` that have a schema, relative to `root`.
pub(crate) fn site_files(root: &Path, under: &str) -> Vec<(PathBuf, String)> {
    let mut files = Vec::new();
    for entry in walkdir::WalkDir::new(root.join(under)).sort_by_file_name() {
        let entry = entry.unwrap();
        let rel = entry.path().strip_prefix(root).unwrap().to_owned();
        if entry.file_type().is_file() && schema_for(&rel).is_some() {
            files.push((rel, fs::read_to_string(entry.path()).unwrap()));
        }
    }
    files
}

#[test]
fn committed_schemas_equal_what_the_types_generate() {
    let dir = repo_root().join(accord::schema::DIR);
    let update = std::env::var_os("ACCORD_UPDATE_SCHEMAS").is_some();
    for (name, schema) in accord::schema::all() {
        let generated = accord::schema::to_text(&schema);
        let path = dir.join(name);
        if update {
            fs::write(&path, &generated).unwrap();
        }
        let committed = fs::read_to_string(&path).unwrap_or_default();
        assert!(
            committed == generated,
            "{} differs from what the types generate; run `ACCORD_UPDATE_SCHEMAS=1 cargo test --test it schema`",
            path.display()
        );
    }
}

/// The fixtures' data files, site.yaml and front matter (every page kind, six languages,
/// reported events) meet the schemas; the site's own content is checked by `check`
/// (tests/it/content.rs).
#[test]
fn the_fixtures_data_files_and_front_matter_meet_their_schemas() {
    let (mut checked, mut problems) = (0, Vec::new());
    for fixture in ["base/multilingual", "snapshots/site", "status/reported/site", "status/closed/site"] {
        let root = fixtures().join(fixture);
        let mut files = site_files(&root, "content");
        if let Ok(text) = fs::read_to_string(root.join("site.yaml")) {
            files.push((PathBuf::from("site.yaml"), text));
        }
        checked += files.len();
        problems.extend(violations(&files).into_iter().map(|p| format!("{fixture}: {p}")));
    }
    assert!(checked > 60, "{checked} files");
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

#[test]
fn the_files_init_writes_and_the_fixture_treaty_meet_their_schemas() {
    let init = accord::init::files();
    assert!(init.iter().filter(|(p, _)| schema_for(p).is_some()).count() >= 7);
    let problems = violations(&init);
    assert!(problems.is_empty(), "{}", problems.join("\n"));
    let problems = violations(&site_files(&fixtures().join("treaty/en-es"), ""));
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

#[test]
fn the_schemas_reject_an_unknown_key_a_wrong_type_and_a_missing_field() {
    let convention = accord::init::files()
        .into_iter()
        .find(|(p, _)| p == Path::new("content/data/convention.yaml"))
        .unwrap()
        .1
        .replace("instruments_required: 10", "instruments_required: ten")
        .replace("depositary:", "depository:");
    let problems = violations(&[(PathBuf::from("content/data/convention.yaml"), convention)]);
    let all = problems.join("\n");
    assert!(all.contains("\"ten\""), "{all}");
    assert!(all.contains("depository"), "{all}");
    assert!(all.contains("depositary"), "{all}");
    let page = "---\ntitle: T\nrelated: [one]\n---\nText.\n".to_owned();
    let problems = violations(&[(PathBuf::from("content/en/x.md"), page)]);
    assert!(problems.iter().any(|p| p.contains("\"one\"")), "{problems:?}");
}

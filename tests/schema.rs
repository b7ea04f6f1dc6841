//! `loa schema`: the example site's config and every item's front matter
//! validate against the schemas, and broken ones do not.

mod common;

use std::path::Path;
use std::process::Command;

use serde_json::Value;

fn schema(of: &str) -> jsonschema::Validator {
    let output = Command::new(env!("CARGO_BIN_EXE_loa"))
        .env("LOA_LANG", "en")
        .args(["schema", of])
        .output()
        .expect("run loa");
    assert!(output.status.success(), "loa schema {of} failed");
    let schema: Value = serde_json::from_slice(&output.stdout).expect("the schema is JSON");
    assert_eq!(
        schema["$schema"], "https://json-schema.org/draft/2020-12/schema",
        "draft 2020-12"
    );
    jsonschema::validator_for(&schema).expect("a valid JSON Schema")
}

/// A YAML text as the JSON value editors validate.
fn yaml(text: &str) -> Value {
    serde_norway::from_str(text).expect("YAML")
}

fn front_matter(file: &Path) -> Value {
    let text = std::fs::read_to_string(file).expect("content file");
    let head = text
        .strip_prefix("---\n")
        .and_then(|rest| rest.split_once("\n---"))
        .map(|(head, _)| head)
        .unwrap_or_else(|| panic!("{} has no front matter", file.display()));
    yaml(head)
}

fn errors(validator: &jsonschema::Validator, value: &Value) -> Vec<String> {
    validator
        .iter_errors(value)
        .map(|error| format!("{}: {error}", error.instance_path()))
        .collect()
}

#[test]
fn the_example_site_validates() {
    let root = common::repository();
    let config = schema("config");
    let found = errors(
        &config,
        &yaml(&std::fs::read_to_string(root.join("site-config.yaml")).unwrap()),
    );
    assert!(found.is_empty(), "site-config.yaml: {found:?}");

    let mut checked = 0;
    for (folder, kind) in [
        ("bai-viet", "article"),
        ("tin-tuc", "news"),
        ("van-ban", "legal"),
        ("trang", "page"),
    ] {
        let validator = schema(kind);
        for entry in walkdir::WalkDir::new(root.join("content").join(folder)) {
            let path = entry.unwrap().into_path();
            let name = path.file_name().unwrap().to_string_lossy();
            if !name.ends_with(".md") || name == "_index.md" {
                continue;
            }
            let found = errors(&validator, &front_matter(&path));
            assert!(found.is_empty(), "{}: {found:?}", path.display());
            checked += 1;
        }
    }
    assert!(checked >= 40, "only {checked} items checked");
}

#[test]
fn mistakes_are_caught() {
    let news = schema("news");
    let found = errors(
        &news,
        &yaml("title: \"Tin\"\ndate: 05/03/2025\nlocalities: []\nimage: {alt: \"Ảnh\"}\n"),
    );
    for expected in ["/date", "/localities", "/image"] {
        assert!(
            found.iter().any(|error| error.starts_with(expected)),
            "{expected} not flagged: {found:?}"
        );
    }
    let missing = errors(&schema("article"), &yaml("summary: \"x\"\n"));
    assert!(
        missing
            .iter()
            .any(|error| error.contains("\"title\" is a required property")),
        "{missing:?}"
    );
    let config = schema("config");
    let found = errors(
        &config,
        &yaml(
            "title: T\nbase_url: https://example.gov.vn/\nminfy: true\nprogramme: {name: P, start: 01/2025, end: open}\n",
        ),
    );
    assert!(
        found.iter().any(|error| error.contains("minfy")),
        "{found:?}"
    );
    assert!(
        found.iter().any(|error| error.starts_with("/programme")),
        "{found:?}"
    );
}

//! `data/`: YAML files that templates read as `data.<file name>`, such as
//! the list of hotlines.

use std::path::Path;

use walkdir::WalkDir;

use super::{display_path, read_text};
use crate::error::Diagnostic;
use crate::load::front_matter::yaml_diagnostic;
use crate::t;

/// An error at the first line of `text` holding `url`, a URL that runs code.
fn refused_at(shown: &Path, text: &str, url: &str, scheme: String) -> Diagnostic {
    let needle = url.trim();
    let place = text.lines().enumerate().find_map(|(index, line)| {
        line.find(needle)
            .map(|at| (index + 1, line[..at].chars().count() + 1))
    });
    let diagnostic = Diagnostic::error(shown, t!("unsafe-link", link = url, scheme = scheme))
        .with_help(t!("unsafe-link-help"));
    match place {
        Some((line, column)) => diagnostic.at(line, column),
        None => diagnostic,
    }
}

/// Reads every `.yaml`/`.yml` file under `data/` into one object keyed by
/// file name without extension (`data/hotlines.yaml` → `hotlines`).
pub fn load(root: &Path, diagnostics: &mut Vec<Diagnostic>) -> serde_json::Value {
    let mut all = serde_json::Map::new();
    let data_dir = root.join("data");
    if !data_dir.is_dir() {
        return serde_json::Value::Object(all);
    }
    for entry in WalkDir::new(&data_dir).max_depth(1).sort_by_file_name() {
        let Ok(entry) = entry else { continue };
        let path = entry.path();
        let is_yaml = path
            .extension()
            .is_some_and(|ext| ext == "yaml" || ext == "yml");
        if !entry.file_type().is_file() || !is_yaml {
            continue;
        }
        let shown = display_path(root, path);
        let key = path
            .file_stem()
            .map(|s| s.to_string_lossy().into_owned())
            .unwrap_or_default();
        let text = match read_text(root, path) {
            Ok(text) => text,
            Err(diagnostic) => {
                diagnostics.push(diagnostic);
                continue;
            }
        };
        match serde_norway::from_str::<serde_json::Value>(&text) {
            Ok(value) => {
                for (url, scheme) in crate::text::url::refused_in(&value) {
                    diagnostics.push(refused_at(&shown, &text, url, scheme));
                }
                all.insert(key, value);
            }
            Err(error) => diagnostics.push(yaml_diagnostic(&shown, &text, &error, 0)),
        }
    }
    serde_json::Value::Object(all)
}

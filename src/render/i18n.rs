//! Interface strings of the theme ("Đọc tiếp", "Trang sau", …) in the
//! site's language, from `themes/<theme>/i18n/<lang>.yaml`, with the site's
//! own `i18n/<lang>.yaml` overriding single strings.

use std::collections::BTreeMap;
use std::path::Path;

use crate::error::Diagnostic;
use crate::load::{display_path, front_matter::yaml_diagnostic, read_text};

/// Reads the strings for `language`; the theme must have the file.
pub fn load(
    root: &Path,
    theme: &str,
    language: &str,
) -> Result<BTreeMap<String, String>, Diagnostic> {
    let theme_file = root
        .join("themes")
        .join(theme)
        .join("i18n")
        .join(format!("{language}.yaml"));
    if !theme_file.is_file() {
        return Err(Diagnostic::error(
            display_path(root, &theme_file),
            format!("the theme `{theme}` has no interface strings for the language `{language}`"),
        ));
    }
    let mut strings = read_strings(root, &theme_file)?;
    let site_file = root.join("i18n").join(format!("{language}.yaml"));
    if site_file.is_file() {
        strings.extend(read_strings(root, &site_file)?);
    }
    Ok(strings)
}

fn read_strings(root: &Path, path: &Path) -> Result<BTreeMap<String, String>, Diagnostic> {
    let text = read_text(root, path)?;
    serde_yaml::from_str(&text)
        .map_err(|error| yaml_diagnostic(&display_path(root, path), &text, &error, 0))
}

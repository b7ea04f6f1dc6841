//! Interface strings of the theme ("Đọc tiếp", "Trang sau", …) in the
//! site's language, from `themes/<theme>/i18n/<lang>.yaml`, with the site's
//! own `i18n/<lang>.yaml` overriding single strings.

use std::collections::BTreeMap;
use std::path::Path;

use crate::error::Diagnostic;
use crate::load::theme::Theme;
use crate::load::{Config, display_path, front_matter::yaml_diagnostic, read_text};

/// Reads the strings for `language`; the theme must have the file.
pub fn load(
    root: &Path,
    config: &Config,
    theme: &Theme,
) -> Result<BTreeMap<String, String>, Diagnostic> {
    let language = &config.language;
    let Some(theme_file) = theme.file(root, "i18n", &format!("{language}.yaml")) else {
        return Err(Diagnostic::error(
            &config.file,
            crate::t!(
                "theme-without-language",
                theme = config.theme,
                language = language
            ),
        )
        .at(config.key_lines.line_of("language"), 1));
    };
    let mut strings = parse_strings(&theme_file.shown, &theme_file.text(root)?)?;
    let site_file = root.join("i18n").join(format!("{language}.yaml"));
    if site_file.is_file() {
        strings.extend(parse_strings(
            &display_path(root, &site_file),
            &read_text(root, &site_file)?,
        )?);
    }
    Ok(strings)
}

fn parse_strings(shown: &Path, text: &str) -> Result<BTreeMap<String, String>, Diagnostic> {
    serde_norway::from_str(text).map_err(|error| yaml_diagnostic(shown, text, &error, 0))
}

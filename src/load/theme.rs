//! The theme a site uses: a folder `themes/<name>/` of the site, or the
//! default theme built into loa, so that a new site needs no copy of it.
//!
//! A theme has three parts: `templates/`, `static/` and `i18n/`. The rest of
//! the pipeline asks for the files of a part and reads them through
//! [`ThemeFile`], without caring where they are kept.

use std::path::{Path, PathBuf};

use include_dir::{Dir, DirEntry, File, include_dir};
use walkdir::WalkDir;

use super::{Config, display_path, is_tooling_file, read_text, slash_path};
use crate::error::Diagnostic;

/// The name that selects the built-in theme when the site has no folder of
/// that name.
pub const DEFAULT_THEME: &str = "default";

static BUILT_IN: Dir<'static> = include_dir!("$CARGO_MANIFEST_DIR/themes/default");

/// Where a theme's files are kept.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Theme {
    /// `themes/<name>/` in the site; the site's copy wins over the built-in.
    Folder(PathBuf),
    /// The default theme as loa was built with it.
    BuiltIn,
}

/// Where a file to read or copy is kept.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Source {
    Disk(PathBuf),
    BuiltIn(&'static [u8]),
}

impl Source {
    /// The file's bytes.
    pub fn bytes(&self) -> std::io::Result<std::borrow::Cow<'static, [u8]>> {
        match self {
            Source::Disk(path) => std::fs::read(path).map(std::borrow::Cow::Owned),
            Source::BuiltIn(bytes) => Ok(std::borrow::Cow::Borrowed(bytes)),
        }
    }

    /// The file's size in bytes, without reading it.
    pub fn size(&self) -> std::io::Result<u64> {
        match self {
            Source::Disk(path) => std::fs::metadata(path).map(|metadata| metadata.len()),
            Source::BuiltIn(bytes) => Ok(bytes.len() as u64),
        }
    }

    /// When a file on disk was last changed; built-in files never change
    /// while loa runs.
    pub fn modified(&self) -> Option<std::time::SystemTime> {
        match self {
            Source::Disk(path) => std::fs::metadata(path).and_then(|m| m.modified()).ok(),
            Source::BuiltIn(_) => None,
        }
    }
}

/// One file of a theme's part.
#[derive(Debug, Clone)]
pub struct ThemeFile {
    /// Its path inside the part, with `/`: `partials/card.html`.
    pub relative: String,
    /// How messages name it: `themes/default/templates/base.html`.
    pub shown: PathBuf,
    pub source: Source,
}

impl ThemeFile {
    /// Its text; a built-in file is loa's own and always UTF-8.
    pub fn text(&self, root: &Path) -> Result<String, Diagnostic> {
        match &self.source {
            Source::Disk(path) => read_text(root, path),
            Source::BuiltIn(bytes) => String::from_utf8(bytes.to_vec())
                .map_err(|_| Diagnostic::error(&self.shown, crate::t!("built-in-not-utf8"))),
        }
    }
}

impl Theme {
    /// The theme `config` names: the site's folder of that name, else the
    /// built-in theme for `default`. A missing theme is an error at the
    /// config's `theme:` line.
    pub fn of(root: &Path, config: &Config) -> Result<Theme, Diagnostic> {
        let folder = root.join("themes").join(&config.theme);
        if folder.is_dir() {
            Ok(Theme::Folder(folder))
        } else if config.theme == DEFAULT_THEME {
            Ok(Theme::BuiltIn)
        } else {
            Err(Diagnostic::error(
                &config.file,
                crate::t!(
                    "theme-not-found",
                    theme = config.theme,
                    path = display_path(root, &folder).display()
                ),
            )
            .at(config.key_lines.line_of("theme"), 1)
            .with_help(crate::t!("theme-not-found-help")))
        }
    }

    /// The files of `part` (`templates`, `static`, `i18n`), sorted by path;
    /// none when the theme has no such part.
    pub fn files(&self, root: &Path, part: &str) -> Vec<ThemeFile> {
        match self {
            Theme::Folder(folder) => files_in(root, &folder.join(part)),
            Theme::BuiltIn => {
                let Some(dir) = BUILT_IN.get_dir(part) else {
                    return Vec::new();
                };
                let mut files: Vec<ThemeFile> = embedded_files(dir)
                    .into_iter()
                    .filter_map(|file| {
                        let relative = slash_path(file.path().strip_prefix(part).ok()?);
                        Some(ThemeFile {
                            shown: built_in_path(part, &relative),
                            relative,
                            source: Source::BuiltIn(file.contents()),
                        })
                    })
                    .collect();
                files.sort_by(|a, b| a.relative.cmp(&b.relative));
                files
            }
        }
    }

    /// The file at `relative` inside `part`, if the theme has it.
    pub fn file(&self, root: &Path, part: &str, relative: &str) -> Option<ThemeFile> {
        match self {
            Theme::Folder(folder) => {
                let path = folder.join(part).join(relative);
                path.is_file().then(|| ThemeFile {
                    relative: relative.to_owned(),
                    shown: display_path(root, &path),
                    source: Source::Disk(path),
                })
            }
            Theme::BuiltIn => {
                let file = BUILT_IN.get_file(format!("{part}/{relative}"))?;
                Some(ThemeFile {
                    relative: relative.to_owned(),
                    shown: built_in_path(part, relative),
                    source: Source::BuiltIn(file.contents()),
                })
            }
        }
    }
}

/// The files below `dir` in the site's folder (a theme's part, the site's
/// own `static/` or `templates/`), sorted by path, without the files tools
/// leave behind.
pub fn files_in(root: &Path, dir: &Path) -> Vec<ThemeFile> {
    WalkDir::new(dir)
        .sort_by_file_name()
        .into_iter()
        .filter_entry(|entry| {
            entry.depth() == 0 || !is_tooling_file(&entry.file_name().to_string_lossy())
        })
        .filter_map(Result::ok)
        .filter(|entry| entry.file_type().is_file())
        .filter_map(|entry| {
            let relative = slash_path(entry.path().strip_prefix(dir).ok()?);
            Some(ThemeFile {
                relative,
                shown: display_path(root, entry.path()),
                source: Source::Disk(entry.path().to_path_buf()),
            })
        })
        .collect()
}

/// Every file of a folder built into the binary, at any depth.
pub fn embedded_files(dir: &'static Dir<'static>) -> Vec<&'static File<'static>> {
    dir.entries()
        .iter()
        .flat_map(|entry| match entry {
            DirEntry::Dir(inner) => embedded_files(inner),
            DirEntry::File(file) => vec![file],
        })
        .collect()
}

/// How messages name a built-in file: where it would be in a site that
/// had a copy of the theme.
fn built_in_path(part: &str, relative: &str) -> PathBuf {
    Path::new("themes")
        .join(DEFAULT_THEME)
        .join(part)
        .join(relative)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_built_in_theme_has_every_part_with_the_files_of_the_repository_theme() {
        let repository = Path::new(env!("CARGO_MANIFEST_DIR"));
        let folder = Theme::Folder(repository.join("themes/default"));
        for part in ["templates", "static", "i18n"] {
            let on_disk: Vec<(String, Vec<u8>)> = folder
                .files(repository, part)
                .into_iter()
                .map(|file| (file.relative, file.source.bytes().unwrap().into_owned()))
                .collect();
            let built_in: Vec<(String, Vec<u8>)> = Theme::BuiltIn
                .files(repository, part)
                .into_iter()
                .map(|file| (file.relative, file.source.bytes().unwrap().into_owned()))
                .collect();
            assert!(!built_in.is_empty(), "{part}");
            assert_eq!(on_disk, built_in, "{part}");
        }
        let base = Theme::BuiltIn
            .file(repository, "templates", "base.html")
            .unwrap();
        assert_eq!(base.shown, Path::new("themes/default/templates/base.html"));
        assert!(base.text(repository).unwrap().contains("<html"));
    }
}

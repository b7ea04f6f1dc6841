//! A new site (`loa init`): a commented config, the four sections, one
//! example item of each kind, the data files the default theme shows, and a
//! guide for the writers. The default theme is built into loa, so the site
//! names it and holds no copy of it.

use std::path::{Path, PathBuf};

use chrono::NaiveDate;
use include_dir::{Dir, include_dir};

use crate::error::Error;
use crate::load::theme::embedded_files;

static NEW_SITE: Dir<'static> = include_dir!("$CARGO_MANIFEST_DIR/src/scaffold/new-site");

/// What `loa init` was asked for.
#[derive(Debug, Clone)]
pub struct NewSite {
    pub folder: PathBuf,
    pub title: String,
    /// The example items' date and the programme's first month.
    pub today: NaiveDate,
    /// Write into a folder that holds files already, replacing those of
    /// the same names.
    pub force: bool,
}

/// Writes the new site; returns the files written, relative to its folder.
pub fn write_new_site(site: &NewSite) -> Result<Vec<PathBuf>, Error> {
    if !site.force && holds_files(&site.folder)? {
        return Err(Error::Usage(
            crate::t!("folder-not-empty", folder = site.folder.display()).text,
        ));
    }
    let mut files: Vec<(&Path, &[u8])> = embedded_files(&NEW_SITE)
        .into_iter()
        .map(|file| (file.path(), file.contents()))
        .collect();
    files.sort();
    let mut written = Vec::new();
    for (path, bytes) in files {
        let relative = PathBuf::from(fill_in(&name_of(path), site));
        let target = site.folder.join(&relative);
        if let Some(parent) = target.parent() {
            std::fs::create_dir_all(parent).map_err(|e| Error::io(parent, e))?;
        }
        let text = String::from_utf8_lossy(bytes);
        std::fs::write(&target, fill_in(&text, site)).map_err(|e| Error::io(&target, e))?;
        written.push(relative);
    }
    Ok(written)
}

/// Whether `folder` holds anything besides version control's own folder.
fn holds_files(folder: &Path) -> Result<bool, Error> {
    match std::fs::read_dir(folder) {
        Ok(entries) => Ok(entries
            .filter_map(Result::ok)
            .any(|entry| entry.file_name() != ".git")),
        Err(error) if error.kind() == std::io::ErrorKind::NotFound => Ok(false),
        Err(error) => Err(Error::io(folder, error)),
    }
}

/// The written name of a skeleton file: `gitignore` is kept under another
/// name in the repository, where a `.gitignore` would apply to loa itself.
fn name_of(path: &Path) -> String {
    let name = crate::load::slash_path(path);
    if name == "gitignore" {
        ".gitignore".to_owned()
    } else {
        name
    }
}

/// Fills the skeleton's blanks: `{{today}}` (YYYY-MM-DD), `{{this_month}}`
/// (YYYY-MM) and `{{site_title}}`, escaped for the double-quoted YAML
/// strings it stands in.
fn fill_in(text: &str, site: &NewSite) -> String {
    let title = site.title.replace('\\', "\\\\").replace('"', "\\\"");
    text.replace("{{today}}", &site.today.format("%Y-%m-%d").to_string())
        .replace("{{this_month}}", &site.today.format("%Y-%m").to_string())
        .replace("{{site_title}}", &title)
}

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
/// The first pages of a site about anything: a welcome, an item of each of
/// two kinds that show how items are written.
static STARTER: Dir<'static> = include_dir!("$CARGO_MANIFEST_DIR/src/scaffold/starter");
/// The first pages of a site of a prostitution-prevention programme
/// (`--example`): an article, a news item and a legal summary.
static EXAMPLE: Dir<'static> = include_dir!("$CARGO_MANIFEST_DIR/src/scaffold/example");

/// A new site's title and description when none is given; the site is
/// Vietnamese, whatever the language of loa's messages.
const DEFAULT_TITLE: &str = "Trang thông tin";
const DEFAULT_DESCRIPTION: &str = "Bài viết, tin hoạt động và văn bản pháp luật của {title}.";

/// The example's own title, description and programme, used when `--example`
/// is given without them.
const EXAMPLE_TITLE: &str = "Phòng, chống mại dâm";
const EXAMPLE_DESCRIPTION: &str =
    "Thông tin, kiến thức pháp luật và tin hoạt động về phòng, chống mại dâm.";
const EXAMPLE_PROGRAMME: &str = "Tuyên truyền phòng, chống mại dâm";

/// What `loa init` was asked for.
#[derive(Debug, Clone)]
pub struct NewSite {
    pub folder: PathBuf,
    pub title: String,
    pub description: String,
    pub programme: String,
    /// Write the prevention programme's example items.
    pub example: bool,
    /// The example items' date and the programme's first month.
    pub today: NaiveDate,
    /// Write into a folder that holds files already, replacing those of
    /// the same names.
    pub force: bool,
}

impl NewSite {
    /// A new site; what is not given is taken from the title (or, with
    /// `example`, from the example).
    pub fn new(
        folder: PathBuf,
        title: Option<String>,
        description: Option<String>,
        programme: Option<String>,
        example: bool,
        today: NaiveDate,
        force: bool,
    ) -> NewSite {
        let title = title.unwrap_or_else(|| match example {
            true => EXAMPLE_TITLE.to_owned(),
            false => DEFAULT_TITLE.to_owned(),
        });
        let description = description.unwrap_or_else(|| match example {
            true => EXAMPLE_DESCRIPTION.to_owned(),
            false => DEFAULT_DESCRIPTION.replace("{title}", &title),
        });
        let programme = programme.unwrap_or_else(|| match example {
            true => EXAMPLE_PROGRAMME.to_owned(),
            false => title.clone(),
        });
        NewSite {
            folder,
            title,
            description,
            programme,
            example,
            today,
            force,
        }
    }
}

/// Writes the new site, with its web editor; returns the files written,
/// relative to its folder.
pub fn write_new_site(site: &NewSite) -> Result<Vec<PathBuf>, Error> {
    if !site.force && holds_files(&site.folder)? {
        return Err(Error::Usage(
            crate::t!("folder-not-empty", folder = site.folder.display()).text,
        ));
    }
    let pages = if site.example { &EXAMPLE } else { &STARTER };
    let mut files: Vec<(&Path, &[u8])> = embedded_files(&NEW_SITE)
        .into_iter()
        .chain(embedded_files(pages))
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
    written.extend(super::cms::write_cms(&crate::load::LoadOptions {
        root: site.folder.clone(),
        config: None,
        overrides: crate::load::config::ConfigOverrides::default(),
    })?);
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

/// The written name of a skeleton file: dot-files are kept under other
/// names in the repository, where they would apply to loa itself.
fn name_of(path: &Path) -> String {
    let name = crate::load::slash_path(path);
    match name.as_str() {
        "gitignore" | "gitlab-ci.yml" => format!(".{name}"),
        _ if name.starts_with("github/") => format!(".{name}"),
        _ => name,
    }
}

/// Fills the skeleton's blanks: `{{today}}` (YYYY-MM-DD), `{{this_month}}`
/// (YYYY-MM), `{{site_title}}`, `{{site_description}}` and
/// `{{programme_name}}` (escaped for the double-quoted YAML strings they
/// stand in), `{{site_name}}` (the title in running text) and
/// `{{loa_version}}`.
fn fill_in(text: &str, site: &NewSite) -> String {
    let quoted = |text: &str| text.replace('\\', "\\\\").replace('"', "\\\"");
    text.replace("{{today}}", &site.today.format("%Y-%m-%d").to_string())
        .replace("{{this_month}}", &site.today.format("%Y-%m").to_string())
        .replace("{{site_title}}", &quoted(&site.title))
        .replace("{{site_name}}", &site.title)
        .replace("{{site_description}}", &quoted(&site.description))
        .replace("{{programme_name}}", &quoted(&site.programme))
        .replace("{{loa_version}}", env!("CARGO_PKG_VERSION"))
}

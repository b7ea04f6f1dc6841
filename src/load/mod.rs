//! Load: everything read from the site's folder before any page is modelled.
//!
//! `config` reads `site-config.yaml`, `content` walks `content/` into source
//! documents, `front_matter` splits and types each document's YAML head, and
//! `data` reads the YAML files templates may use. The output of this stage is
//! [`SiteSources`]: plain data, no rendering yet.

pub mod config;
pub mod content;
pub mod data;
pub mod front_matter;
pub mod images;
pub mod schema;
pub mod theme;
mod yaml_words;

use std::path::PathBuf;

use rustc_hash::{FxHashMap, FxHashSet};

use crate::error::Diagnostic;

pub use config::Config;
pub use content::{ContentFile, ContentRole};
pub use front_matter::{FrontMatter, ParsedDocument};

/// What the load stage hands to the model stage.
#[derive(Debug)]
pub struct SiteSources {
    pub root: PathBuf,
    pub config: Config,
    pub documents: Vec<ParsedDocument>,
    /// Files that belong to page bundles and are copied beside their page.
    pub bundle_assets: Vec<ContentFile>,
    pub data: serde_json::Value,
}

/// A relative path written with `/` and composed (NFC), as links and output
/// files name it whatever the operating system or the archive it came in
/// did with it.
pub fn slash_path(path: &std::path::Path) -> String {
    let joined = path
        .components()
        .map(|part| part.as_os_str().to_string_lossy())
        .collect::<Vec<_>>()
        .join("/");
    crate::text::composed(joined)
}

/// Files that version control, operating systems and editors leave in
/// folders, never meant for readers. Other hidden files (`.well-known/`,
/// `.htaccess`) are real site files.
pub fn is_tooling_file(name: &str) -> bool {
    matches!(
        name,
        ".git" | ".svn" | ".hg" | ".DS_Store" | "Thumbs.db" | "desktop.ini"
    ) || name.ends_with('~')
        || name.ends_with(".swp")
        || name.starts_with("~$")
        || name.starts_with(".#")
}

/// Path of `path` relative to `root` for messages; unchanged when outside it.
pub fn display_path(root: &std::path::Path, path: &std::path::Path) -> PathBuf {
    path.strip_prefix(root)
        .map(PathBuf::from)
        .unwrap_or_else(|_| path.to_path_buf())
}

/// Reads a user's text file, normalized; a read failure is a diagnostic
/// about that file rather than a crash.
pub fn read_text(root: &std::path::Path, path: &std::path::Path) -> Result<String, Diagnostic> {
    match std::fs::read(path) {
        Ok(bytes) => match String::from_utf8(bytes) {
            Ok(text) => Ok(crate::text::normalize_input(text)),
            Err(error) => {
                let valid = &error.as_bytes()[..error.utf8_error().valid_up_to()];
                let line = valid.iter().filter(|&&b| b == b'\n').count() + 1;
                Err(
                    Diagnostic::error(display_path(root, path), crate::t!("not-utf8"))
                        .at_line(line)
                        .with_help(crate::t!("not-utf8-help")),
                )
            }
        },
        Err(error) => Err(Diagnostic::error(
            display_path(root, path),
            crate::t!("file-unreadable", error = error),
        )),
    }
}

/// Where to find the site and what the command line changes.
#[derive(Debug, Clone)]
pub struct LoadOptions {
    pub root: PathBuf,
    /// The config file; `site-config.yaml` in the root when not given.
    pub config: Option<PathBuf>,
    pub overrides: config::ConfigOverrides,
}

/// The folders of a site that hold what its writers wrote, beside its config.
pub const SITE_FOLDERS: [&str; 6] = ["content", "templates", "themes", "static", "data", "i18n"];

impl LoadOptions {
    /// The config file in use.
    pub fn config_path(&self) -> PathBuf {
        self.config
            .clone()
            .unwrap_or_else(|| self.root.join("site-config.yaml"))
    }

    /// Reads and checks the config file in use.
    pub fn load_config(&self) -> Result<Config, crate::error::Error> {
        Config::load(&self.root, &self.config_path(), &self.overrides)
            .map_err(crate::error::Error::Site)
    }
}

/// Content files read by earlier builds of a `serve` session, with the
/// reading (revision) each came from. Files marked stale, and files not
/// seen before, are read again; the others are taken from here.
#[derive(Debug, Default)]
pub struct DocumentCache {
    entries: FxHashMap<String, Parsed>,
    stale: FxHashSet<String>,
    next_revision: u64,
    read: usize,
    /// The last walk of `content/`, reused while no file came or went.
    walk: Option<content::ContentWalk>,
}

/// A content file as one reading left it: parsed with its warnings, or the
/// reason it could not be.
pub type Parsed = Result<(ParsedDocument, Vec<Diagnostic>), Vec<Diagnostic>>;

impl DocumentCache {
    /// Marks a file (`relative` to the site's `content/`) to be read
    /// again. A file that came or went is followed in the last walk of
    /// `content/`; any other change there (a folder, a link) means walking
    /// it again.
    pub fn mark_changed(&mut self, root: &std::path::Path, relative: &std::path::Path) {
        let content_path = slash_path(relative);
        let known_document = self.entries.contains_key(&content_path)
            && root.join("content").join(relative).is_file();
        if !known_document
            && let Some(walk) = &mut self.walk
            && !walk.follow(&root.join("content"), relative)
        {
            self.walk = None;
        }
        // A folder removed, made or replaced whole (a branch switch, a sync
        // tool) says nothing of the files in it: all are read again.
        if content_path.is_empty() {
            self.entries.clear();
        } else if !self.entries.contains_key(&content_path) {
            let folder = format!("{content_path}/");
            self.entries.retain(|key, _| !key.starts_with(&folder));
        }
        self.stale.insert(content_path);
    }

    /// Forgets every reading, for a change that may affect all files.
    pub fn clear(&mut self) {
        self.entries.clear();
        self.walk = None;
    }

    /// How many files the last load read from disk.
    pub fn read_last(&self) -> usize {
        self.read
    }

    /// Reads one known file again at once, as a new revision, keeping the
    /// reading for later loads. `None` when the file is not a known document.
    pub fn reread(&mut self, root: &std::path::Path, content_path: &str) -> Option<&Parsed> {
        let file = match self.entries.get(content_path)? {
            Ok((document, _)) => document.file.clone(),
            Err(_) => return None,
        };
        self.next_revision += 1;
        let revision = self.next_revision;
        let parsed = front_matter::parse(root, file).map(|(mut document, warnings)| {
            document.revision = revision;
            (document, warnings)
        });
        self.stale.remove(content_path);
        self.read = 1;
        self.entries.insert(content_path.to_owned(), parsed);
        self.entries.get(content_path)
    }
}

/// Runs the whole load stage. Problems in single files are collected in
/// `diagnostics` and the rest of the site is still read, so one build
/// reports them all; a missing or broken config stops here. With a cache,
/// only new and changed files are read.
pub fn load_sources(
    options: &LoadOptions,
    cache: Option<&mut DocumentCache>,
    diagnostics: &mut Vec<Diagnostic>,
) -> Result<SiteSources, crate::error::Error> {
    use rayon::prelude::*;

    let root = options.root.clone();
    let config = options.load_config()?;
    let mut unused = DocumentCache::default();
    let cache = cache.unwrap_or(&mut unused);
    let walk = match cache.walk.take() {
        Some(walk) => walk,
        None => content::walk(&root),
    };
    diagnostics.extend(walk.diagnostics.iter().cloned());
    let unknown: Vec<&ContentFile> = walk
        .documents
        .iter()
        .filter(|file| {
            cache.stale.contains(&file.content_path)
                || !cache.entries.contains_key(&file.content_path)
        })
        .collect();
    let first_revision = cache.next_revision + 1;
    let fresh: Vec<(String, Parsed)> = unknown
        .into_par_iter()
        .enumerate()
        .map(|(offset, file)| {
            let parsed =
                front_matter::parse(&root, file.clone()).map(|(mut document, warnings)| {
                    document.revision = first_revision + offset as u64;
                    (document, warnings)
                });
            (file.content_path.clone(), parsed)
        })
        .collect();
    cache.next_revision += fresh.len() as u64;
    cache.read = fresh.len();
    cache.entries.extend(fresh);
    // Every file of the walk has its reading now; more readings than
    // files means some files went.
    if cache.entries.len() != walk.documents.len() {
        let present: FxHashSet<&str> = walk
            .documents
            .iter()
            .map(|file| file.content_path.as_str())
            .collect();
        cache
            .entries
            .retain(|path, _| present.contains(path.as_str()));
    }
    let mut ordered: Vec<&str> = walk
        .documents
        .iter()
        .map(|file| file.content_path.as_str())
        .collect();
    ordered.sort_unstable();
    let mut documents = Vec::with_capacity(ordered.len());
    for content_path in ordered {
        match &cache.entries[content_path] {
            Ok((document, warnings)) => {
                documents.push(document.clone());
                diagnostics.extend(warnings.iter().cloned());
            }
            Err(problems) => diagnostics.extend(problems.iter().cloned()),
        }
    }
    cache.stale.clear();
    let bundle_assets = walk.assets.clone();
    cache.walk = Some(walk);
    let data = data::load(&root, diagnostics);
    Ok(SiteSources {
        root,
        config,
        documents,
        bundle_assets,
        data,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::path::Path;
    use unicode_normalization::UnicodeNormalization;

    #[test]
    fn paths_are_named_with_slashes_and_composed() {
        // A folder synced from macOS names its files decomposed.
        let decomposed: String = "tin-tức/hội-nghị.md".nfd().collect();
        assert_ne!(decomposed, "tin-tức/hội-nghị.md");
        let path = Path::new(&decomposed);
        assert_eq!(slash_path(path), "tin-tức/hội-nghị.md");
        assert_eq!(slash_path(Path::new("a").join("b").as_path()), "a/b");
    }
}

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

use std::path::PathBuf;

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
    use unicode_normalization::UnicodeNormalization;
    let joined = path
        .components()
        .map(|part| part.as_os_str().to_string_lossy())
        .collect::<Vec<_>>()
        .join("/");
    joined.nfc().collect()
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
            Ok(text) => Ok(crate::text::normalize_input(&text)),
            Err(error) => {
                let valid = &error.as_bytes()[..error.utf8_error().valid_up_to()];
                let line = valid.iter().filter(|&&b| b == b'\n').count() + 1;
                Err(Diagnostic::error(display_path(root, path), "the file is not UTF-8 text")
                    .at_line(line)
                    .with_help("save the file with UTF-8 encoding (in Word: Save As → Plain Text → Unicode UTF-8)"))
            }
        },
        Err(error) => Err(Diagnostic::error(
            display_path(root, path),
            format!("cannot read the file: {error}"),
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

/// Runs the whole load stage. Problems in single files are collected in
/// `diagnostics` and the rest of the site is still read, so one build
/// reports them all; a missing or broken config stops here.
pub fn load_sources(
    options: &LoadOptions,
    diagnostics: &mut Vec<Diagnostic>,
) -> Result<SiteSources, crate::error::Error> {
    use rayon::prelude::*;

    let root = options.root.clone();
    let config_path = options
        .config
        .clone()
        .unwrap_or_else(|| root.join("site-config.yaml"));
    let config = Config::load(&root, &config_path, &options.overrides)?;
    let walk = content::walk(&root);
    diagnostics.extend(walk.diagnostics);
    let parsed: Vec<_> = walk
        .documents
        .into_par_iter()
        .map(|file| front_matter::parse(&root, file))
        .collect();
    let mut documents = Vec::with_capacity(parsed.len());
    for result in parsed {
        match result {
            Ok((document, warnings)) => {
                documents.push(document);
                diagnostics.extend(warnings);
            }
            Err(diagnostic) => diagnostics.push(diagnostic),
        }
    }
    let data = data::load(&root, diagnostics);
    Ok(SiteSources {
        root,
        config,
        documents,
        bundle_assets: walk.assets,
        data,
    })
}

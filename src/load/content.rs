//! The walk of `content/`: which files are section indexes, pages, page
//! bundles and bundle assets.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use walkdir::WalkDir;

use super::slash_path;
use crate::error::Diagnostic;
use crate::t;

/// What a file under `content/` is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ContentRole {
    /// `_index.md`: the home page at the top, a section's index in a top folder.
    SectionIndex,
    /// Any other Markdown file, or the `index.md` of a page bundle.
    Page,
    /// A file inside a page bundle, copied beside the page; `bundle` is the
    /// bundle's folder relative to `content/`.
    Asset { bundle: String },
}

/// One file under `content/`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ContentFile {
    /// Relative to the site root, as shown in messages: `content/bai-viet/a.md`.
    pub path: PathBuf,
    /// Relative to `content/` with `/` separators, as `@/` links name it.
    pub content_path: String,
    /// The top folder the file is in, or `None` at the top of `content/`.
    pub section: Option<String>,
    pub role: ContentRole,
}

impl ContentFile {
    /// The bundle folder of a bundle's `index.md`, relative to `content/`.
    pub fn bundle_dir(&self) -> Option<&str> {
        self.content_path
            .strip_suffix("/index.md")
            .filter(|_| self.role == ContentRole::Page)
    }
}

/// Hidden files are never content; nor is what tools leave behind.
fn is_ignored(name: &str) -> bool {
    name.starts_with('.') || super::is_tooling_file(name)
}

/// Everything found under `content/`.
#[derive(Debug, Default, Clone)]
pub struct ContentWalk {
    pub documents: Vec<ContentFile>,
    pub assets: Vec<ContentFile>,
    pub diagnostics: Vec<Diagnostic>,
}

/// Walks `root/content` in a stable order.
pub fn walk(root: &Path) -> ContentWalk {
    let content_dir = root.join("content");
    let mut found = ContentWalk::default();
    if !content_dir.is_dir() {
        found.diagnostics.push(
            Diagnostic::error("content", t!("no-content-folder"))
                .with_help(t!("no-content-folder-help")),
        );
        return found;
    }
    let mut files = Vec::new();
    let entries = WalkDir::new(&content_dir)
        .follow_links(false)
        .sort_by_file_name()
        .into_iter()
        .filter_entry(|entry| {
            entry.depth() == 0 || !is_ignored(&entry.file_name().to_string_lossy())
        });
    for entry in entries {
        match entry {
            Ok(entry) if entry.file_type().is_file() => {
                if let Ok(relative) = entry.path().strip_prefix(&content_dir) {
                    files.push(relative.to_path_buf());
                }
            }
            Ok(_) => {}
            Err(error) => {
                let path = error
                    .path()
                    .map(|p| super::display_path(root, p))
                    .unwrap_or_else(|| "content".into());
                found.diagnostics.push(Diagnostic::error(
                    path,
                    t!("folder-unreadable", error = error),
                ));
            }
        }
    }
    classify(files, &mut found);
    found
}

/// Sorts the files of `content/` into documents and bundle assets.
fn classify(files: Vec<PathBuf>, found: &mut ContentWalk) {
    let bundle_dirs: BTreeSet<String> = files
        .iter()
        .filter(|path| path.file_name().is_some_and(|name| name == "index.md"))
        .filter_map(|path| path.parent().map(slash_path))
        .filter(|dir| !dir.is_empty())
        .collect();
    let bundle_of = |content_path: &str| {
        bundle_dirs
            .iter()
            .find(|dir| {
                content_path
                    .strip_prefix(dir.as_str())
                    .is_some_and(|rest| rest.starts_with('/'))
            })
            .cloned()
    };
    for relative in files {
        let content_path = slash_path(&relative);
        let shown = Path::new("content").join(&relative);
        let depth = relative.components().count();
        let section = (depth > 1)
            .then(|| {
                relative
                    .components()
                    .next()
                    .map(|c| c.as_os_str().to_string_lossy().into_owned())
            })
            .flatten();
        let is_markdown = relative.extension().is_some_and(|ext| ext == "md");
        let name = relative
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        let bundle = bundle_of(&content_path);
        let role = match (is_markdown, name.as_str(), bundle) {
            (true, "_index.md", _) if depth > 2 => {
                found.diagnostics.push(
                    Diagnostic::error(&shown, t!("nested-section"))
                        .with_help(t!("nested-section-help")),
                );
                continue;
            }
            (true, "_index.md", _) => {
                if relative
                    .parent()
                    .map(slash_path)
                    .is_some_and(|dir| bundle_dirs.contains(&dir))
                {
                    found
                        .diagnostics
                        .push(Diagnostic::error(&shown, t!("section-and-bundle")));
                    continue;
                }
                ContentRole::SectionIndex
            }
            (true, "index.md", Some(_)) => ContentRole::Page,
            (true, _, Some(bundle)) if content_path != format!("{bundle}/index.md") => {
                found.diagnostics.push(
                    Diagnostic::warning(&shown, t!("markdown-in-bundle", bundle = bundle))
                        .with_help(t!("markdown-in-bundle-help")),
                );
                continue;
            }
            (true, _, _) => ContentRole::Page,
            (false, _, Some(bundle)) => ContentRole::Asset { bundle },
            (false, _, None) => {
                found.diagnostics.push(
                    Diagnostic::warning(&shown, t!("loose-file")).with_help(t!("loose-file-help")),
                );
                continue;
            }
        };
        let file = ContentFile {
            path: shown,
            content_path,
            section,
            role: role.clone(),
        };
        match role {
            ContentRole::Asset { .. } => found.assets.push(file),
            _ => found.documents.push(file),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn classify_paths(paths: &[&str]) -> ContentWalk {
        let mut found = ContentWalk::default();
        classify(paths.iter().map(PathBuf::from).collect(), &mut found);
        found
    }

    #[test]
    fn tells_sections_pages_bundles_and_assets_apart() {
        let found = classify_paths(&[
            "_index.md",
            "bai-viet/_index.md",
            "bai-viet/a.md",
            "bai-viet/b/index.md",
            "bai-viet/b/anh.svg",
            "bai-viet/b/nested/ban-do.png",
        ]);
        let roles: Vec<_> = found
            .documents
            .iter()
            .map(|f| (f.content_path.as_str(), f.role.clone()))
            .collect();
        assert_eq!(roles[0], ("_index.md", ContentRole::SectionIndex));
        assert_eq!(found.documents[0].section, None);
        assert_eq!(roles[1], ("bai-viet/_index.md", ContentRole::SectionIndex));
        assert_eq!(found.documents[1].section.as_deref(), Some("bai-viet"));
        assert_eq!(roles[3], ("bai-viet/b/index.md", ContentRole::Page));
        assert_eq!(found.documents[3].bundle_dir(), Some("bai-viet/b"));
        assert_eq!(found.assets.len(), 2);
        assert_eq!(
            found.assets[1].role,
            ContentRole::Asset {
                bundle: "bai-viet/b".into()
            }
        );
        assert!(found.diagnostics.is_empty());
    }

    #[test]
    fn stray_files_are_reported() {
        let found = classify_paths(&["bai-viet/anh.png", "bai-viet/x/y/_index.md"]);
        assert_eq!(found.diagnostics.len(), 2);
        assert!(found.diagnostics[1].is_error());
    }
}

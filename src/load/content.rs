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
    /// Every file found, relative to `content/`, in the walk's order.
    files: Vec<PathBuf>,
    /// Whether a folder could not be read, so that the walk is incomplete.
    incomplete: bool,
}

impl ContentWalk {
    /// Follows one file under `content/dir` (`relative` to it) that was
    /// made or removed, without walking again: its roles are worked out
    /// anew from the files found. A hidden file, or one in a hidden
    /// folder, changes nothing. Returns `false`, changing nothing, when the
    /// change is not one plain file coming or going (a folder, a link) or
    /// the walk was incomplete: only a new walk can tell then.
    pub fn follow(&mut self, dir: &Path, relative: &Path) -> bool {
        let parts: Vec<_> = relative.components().collect();
        if self.incomplete
            || parts.is_empty()
            || parts
                .iter()
                .any(|part| !matches!(part, std::path::Component::Normal(_)))
        {
            return false;
        }
        if parts
            .iter()
            .any(|part| is_ignored(&part.as_os_str().to_string_lossy()))
        {
            return true;
        }
        // Every folder on the way must be a real one, as the walk, which
        // follows no links, would have entered.
        let mut folder = dir.to_path_buf();
        for part in &parts[..parts.len() - 1] {
            folder.push(part);
            if !std::fs::symlink_metadata(&folder).is_ok_and(|meta| meta.is_dir()) {
                return false;
            }
        }
        let place = self
            .files
            .binary_search_by(|known| known.as_path().cmp(relative));
        let made = match (std::fs::symlink_metadata(dir.join(relative)), place) {
            (Ok(meta), Err(at)) if meta.is_file() => {
                self.files.insert(at, relative.to_path_buf());
                true
            }
            (Ok(meta), Ok(_)) if meta.is_file() => return true,
            (Err(error), Ok(at)) if error.kind() == std::io::ErrorKind::NotFound => {
                self.files.remove(at);
                false
            }
            _ => return false,
        };
        if self.is_plain_page(relative) {
            // An ordinary page changes no other file's role.
            let shown = Path::new("content").join(relative);
            let at = self
                .documents
                .binary_search_by(|known| known.path.cmp(&shown));
            match (made, at) {
                (true, Err(at)) => {
                    let file = content_file(relative, slash_path(relative), ContentRole::Page);
                    self.documents.insert(at, file);
                }
                (false, Ok(at)) => {
                    self.documents.remove(at);
                }
                _ => {}
            }
        } else {
            *self = classified(std::mem::take(&mut self.files), Vec::new());
        }
        true
    }

    /// Whether `relative` is a Markdown page that is neither an index
    /// (which makes a section or a bundle) nor inside a bundle.
    fn is_plain_page(&self, relative: &Path) -> bool {
        let markdown = relative.extension().is_some_and(|ext| ext == "md");
        let index = relative
            .file_name()
            .is_some_and(|name| name == "index.md" || name == "_index.md");
        markdown
            && !index
            && !relative.ancestors().skip(1).any(|folder| {
                !folder.as_os_str().is_empty()
                    && self
                        .files
                        .binary_search_by(|known| known.as_path().cmp(&folder.join("index.md")))
                        .is_ok()
            })
    }
}

/// The file `relative` to `content/` in the role it has.
fn content_file(relative: &Path, content_path: String, role: ContentRole) -> ContentFile {
    let depth = relative.components().count();
    let section = (depth > 1)
        .then(|| {
            relative
                .components()
                .next()
                .map(|c| c.as_os_str().to_string_lossy().into_owned())
        })
        .flatten();
    ContentFile {
        path: Path::new("content").join(relative),
        content_path,
        section,
        role,
    }
}

/// Walks `root/content` in a stable order.
pub fn walk(root: &Path) -> ContentWalk {
    let content_dir = root.join("content");
    if !content_dir.is_dir() {
        return ContentWalk {
            diagnostics: vec![
                Diagnostic::error("content", t!("no-content-folder"))
                    .with_help(t!("no-content-folder-help")),
            ],
            incomplete: true,
            ..ContentWalk::default()
        };
    }
    let mut files = Vec::new();
    let mut problems = Vec::new();
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
                problems.push(Diagnostic::error(
                    path,
                    t!("folder-unreadable", error = error),
                ));
            }
        }
    }
    classified(files, problems)
}

/// The walk that found `files`, in order, and met `problems` reading
/// folders.
fn classified(files: Vec<PathBuf>, problems: Vec<Diagnostic>) -> ContentWalk {
    let mut found = ContentWalk {
        incomplete: !problems.is_empty(),
        diagnostics: problems,
        ..ContentWalk::default()
    };
    classify(&files, &mut found);
    found.files = files;
    found
}

/// Sorts the files of `content/` into documents and bundle assets.
fn classify(files: &[PathBuf], found: &mut ContentWalk) {
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
        let content_path = slash_path(relative);
        let shown = Path::new("content").join(relative);
        let depth = relative.components().count();
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
        let file = content_file(relative, content_path, role);
        match file.role {
            ContentRole::Asset { .. } => found.assets.push(file),
            _ => found.documents.push(file),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn classify_paths(paths: &[&str]) -> ContentWalk {
        classified(paths.iter().map(PathBuf::from).collect(), Vec::new())
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

    /// The documents and assets of a walk with their roles, and its
    /// messages, for comparing two walks.
    fn outline(walk: &ContentWalk) -> Vec<String> {
        walk.documents
            .iter()
            .chain(&walk.assets)
            .map(|file| format!("{file:?}"))
            .chain(walk.diagnostics.iter().map(|d| format!("{d:?}")))
            .collect()
    }

    #[test]
    fn a_followed_walk_is_the_walk_made_again() {
        let root = tempfile::tempdir().unwrap();
        let content = root.path().join("content");
        let write = |relative: &str| {
            let path = content.join(relative);
            std::fs::create_dir_all(path.parent().unwrap()).unwrap();
            std::fs::write(path, "---\ntitle: x\n---\n").unwrap();
        };
        for file in [
            "_index.md",
            "bai-viet/_index.md",
            "bai-viet/a.md",
            "bai-viet/b/anh.png",
        ] {
            write(file);
        }
        let mut followed = walk(root.path());
        // A new page, a bundle's index.md that turns its folder's files into
        // assets, a loose file, a file removed, a hidden file.
        for (change, made) in [
            ("bai-viet/a-moi.md", true),
            ("gioi-thieu.md", true),
            ("bai-viet/b/index.md", true),
            ("bai-viet/b/ghi-chu.md", true),
            ("anh-le.png", true),
            ("bai-viet/a.md", false),
            ("bai-viet/b/index.md", false),
        ] {
            match made {
                true => write(change),
                false => std::fs::remove_file(content.join(change)).unwrap(),
            }
            assert!(followed.follow(&content, Path::new(change)), "{change}");
            assert_eq!(
                outline(&followed),
                outline(&walk(root.path())),
                "after {change}"
            );
        }
        write(".nhap.md");
        assert!(followed.follow(&content, Path::new(".nhap.md")));
        assert_eq!(outline(&followed), outline(&walk(root.path())));
        // What a new walk must tell: a folder, a file that neither came nor
        // went.
        std::fs::create_dir(content.join("thu-muc-moi")).unwrap();
        assert!(!followed.follow(&content, Path::new("thu-muc-moi")));
        assert!(!followed.follow(&content, Path::new("khong-co.md")));
        // A walk that found no content folder cannot be followed, even to
        // a file made since.
        let bare = tempfile::tempdir().unwrap();
        let mut incomplete = walk(bare.path());
        std::fs::create_dir(bare.path().join("content")).unwrap();
        std::fs::write(bare.path().join("content/a.md"), "x").unwrap();
        assert!(!incomplete.follow(&bare.path().join("content"), Path::new("a.md")));
    }
}

//! Write: the built site goes to a staging folder beside the output folder
//! and replaces it only when the whole build succeeded, so a failed build
//! leaves the last good output exactly as it was. [`Sink`] is what the
//! pipeline writes through: that staging folder for `build`, nothing for
//! `check`, serve's live folder for `serve`.

use std::collections::HashSet;
use std::fs;
use std::path::{Component, Path, PathBuf};
use std::sync::{Mutex, PoisonError};

use crate::error::Error;
use crate::load::theme::Source;

mod claim;
mod sink;
pub use claim::{Claim, sweep, writing};
pub use sink::{Changes, Discard, LiveFolder, Sink};

/// A file loa puts in every output folder it writes, so that a later build
/// only ever replaces a folder loa made, never one a user pointed at by
/// mistake.
pub const OUTPUT_MARKER: &str = ".loa-output";

/// Refuses an output folder that exists, holds files, and was not written
/// by loa: the build replaces the whole folder.
pub fn check_replaceable(target: &Path) -> Result<(), Error> {
    if target.is_file() {
        return Err(Error::Usage(
            crate::t!("output-is-file", output = target.display()).text,
        ));
    }
    let mut entries = match fs::read_dir(target) {
        Ok(entries) => entries,
        Err(error) if error.kind() == std::io::ErrorKind::NotFound => return Ok(()),
        Err(error) => return Err(Error::io(target, error)),
    };
    if entries.next().is_none() || target.join(OUTPUT_MARKER).is_file() {
        return Ok(());
    }
    Err(Error::Usage(
        crate::t!(
            "output-not-loas",
            output = target.display(),
            marker = OUTPUT_MARKER
        )
        .text,
    ))
}

/// A folder being filled with the next version of the output.
pub struct Staging {
    dir: Claim,
    target: PathBuf,
    /// Whether there is a current output to link unchanged files from.
    has_previous: bool,
    /// Folders made so far: most files share a folder with others (the
    /// search index puts thousands in one), and asking the file system
    /// again for each costs two system calls.
    folders: Mutex<HashSet<PathBuf>>,
}

impl Staging {
    /// Starts an empty staging folder next to `target`, on the same file
    /// system so that the final swap is a rename.
    pub fn create(target: &Path) -> Result<Staging, Error> {
        let parent = target
            .parent()
            .filter(|p| !p.as_os_str().is_empty())
            .unwrap_or(Path::new("."));
        fs::create_dir_all(parent).map_err(|e| Error::io(parent, e))?;
        let name = output_name(target);
        // What builds that were killed left: theirs are not needed by
        // anyone now, and each can be as large as the site.
        sweep(parent, &staging_prefix(&name));
        sweep(parent, &previous_prefix(&name));
        let dir =
            Claim::take(&parent.join(format!("{}{}", staging_prefix(&name), std::process::id())))?;
        fs::create_dir_all(dir.folder()).map_err(|e| Error::io(dir.folder(), e))?;
        let staging = Staging {
            dir,
            target: target.to_path_buf(),
            has_previous: target.is_dir(),
            folders: Mutex::default(),
        };
        staging.write(
            OUTPUT_MARKER,
            b"This folder is written by `loa build` and replaced whole by the next build.\n",
        )?;
        Ok(staging)
    }

    /// Where `relative` lands in the staging folder. Only plain relative
    /// paths are accepted, so nothing is ever written outside it.
    fn place(&self, relative: &str) -> Result<PathBuf, Error> {
        let path = Path::new(relative);
        if relative.is_empty() || !path.components().all(|c| matches!(c, Component::Normal(_))) {
            return Err(Error::Usage(
                crate::t!("write-outside-output", path = relative).text,
            ));
        }
        let full = self.dir.folder().join(path);
        if let Some(parent) = full.parent() {
            let made = self
                .folders
                .lock()
                .unwrap_or_else(PoisonError::into_inner)
                .contains(parent);
            if !made {
                fs::create_dir_all(parent).map_err(|e| Error::io(parent, e))?;
                self.folders
                    .lock()
                    .unwrap_or_else(PoisonError::into_inner)
                    .insert(parent.to_path_buf());
            }
        }
        Ok(full)
    }

    /// Writes a file of the new output. When the current output has the
    /// same bytes at that path, that file is linked in instead, so it keeps
    /// its modification time (and sync-based deploys see no change).
    pub fn write(&self, relative: &str, bytes: &[u8]) -> Result<(), Error> {
        writing(|| self.write_now(relative, bytes))
    }

    fn write_now(&self, relative: &str, bytes: &[u8]) -> Result<(), Error> {
        let full = self.place(relative)?;
        if self.link_unchanged(relative, &full, bytes.len() as u64, |previous| {
            previous == bytes
        }) {
            return Ok(());
        }
        fs::write(&full, bytes).map_err(|e| Error::io(&full, e))
    }

    /// Copies a file into the new output, or links the current output's
    /// file when it has the same bytes.
    pub fn copy(&self, source: &Source, relative: &str) -> Result<(), Error> {
        writing(|| match source {
            Source::Disk(path) => self.copy_now(path, relative),
            // A built-in file is in memory already: written like an output.
            Source::BuiltIn(bytes) => self.write_now(relative, bytes),
        })
    }

    fn copy_now(&self, path: &Path, relative: &str) -> Result<(), Error> {
        let full = self.place(relative)?;
        let unchanged = |previous: &[u8]| fs::read(path).is_ok_and(|bytes| bytes == previous);
        let length = fs::metadata(path).map_err(|e| Error::io(path, e))?.len();
        if self.link_unchanged(relative, &full, length, unchanged) {
            return Ok(());
        }
        fs::copy(path, &full)
            .map(drop)
            .map_err(|e| Error::io(path, e))
    }

    /// Links the current output's file at `relative` to `staged` when
    /// `same` says its bytes are the ones to write; false when there is no
    /// such file, it differs, or the file system cannot link.
    fn link_unchanged(
        &self,
        relative: &str,
        staged: &Path,
        length: u64,
        same: impl FnOnce(&[u8]) -> bool,
    ) -> bool {
        if !self.has_previous {
            return false;
        }
        let previous = self.target.join(relative);
        // A file of another size differs: no need to read it.
        if fs::metadata(&previous).map_or(true, |metadata| metadata.len() != length) {
            return false;
        }
        match fs::read(&previous) {
            Ok(bytes) if same(&bytes) => fs::hard_link(&previous, staged).is_ok(),
            _ => false,
        }
    }

    /// Puts the staged folder in place of the target.
    /// Once the staged folder is the output, the claim on its old name has
    /// nothing left to remove.
    pub fn commit(self) -> Result<(), Error> {
        check_replaceable(&self.target)?;
        let staged = self.dir.folder();
        if !self.target.exists() {
            return writing(|| fs::rename(staged, &self.target))
                .map_err(|e| Error::io(&self.target, e));
        }
        let name = output_name(&self.target);
        // Claimed, so an interrupted swap leaves nothing behind either;
        // dropping the claim at the end removes the previous output.
        let old = Claim::take(&staged.with_file_name(format!(
            "{}{}",
            previous_prefix(&name),
            std::process::id()
        )))?;
        // An interrupt waits for both renames: between them there is no
        // output, and the previous one is in a folder the handler removes.
        writing(|| {
            fs::rename(&self.target, old.folder()).map_err(|e| Error::io(&self.target, e))?;
            if let Err(error) = fs::rename(staged, &self.target) {
                // Put the previous output back rather than leave none.
                let _ = fs::rename(old.folder(), &self.target);
                return Err(Error::io(&self.target, error));
            }
            Ok(())
        })
    }
}

fn output_name(target: &Path) -> String {
    target
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "public".into())
}

fn staging_prefix(name: &str) -> String {
    format!(".loa-staging-{name}-")
}

fn previous_prefix(name: &str) -> String {
    format!(".loa-previous-{name}-")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn output_appears_only_on_commit() {
        let dir = tempfile::tempdir().unwrap();
        let target = dir.path().join("public");
        fs::create_dir(&target).unwrap();
        fs::write(target.join("old.html"), "old").unwrap();
        fs::write(target.join(OUTPUT_MARKER), "").unwrap();
        {
            let staging = Staging::create(&target).unwrap();
            staging.write("a/index.html", b"new").unwrap();
        }
        assert!(
            target.join("old.html").exists(),
            "a dropped staging must not touch the output"
        );
        assert_eq!(
            fs::read_dir(dir.path()).unwrap().count(),
            1,
            "staging folder left behind"
        );
        let staging = Staging::create(&target).unwrap();
        staging.write("a/index.html", b"new").unwrap();
        staging.commit().unwrap();
        assert!(!target.join("old.html").exists());
        assert_eq!(
            fs::read_to_string(target.join("a/index.html")).unwrap(),
            "new"
        );
    }

    #[test]
    fn never_replaces_a_folder_loa_did_not_write() {
        let dir = tempfile::tempdir().unwrap();
        let target = dir.path().join("tai-lieu");
        assert!(
            check_replaceable(&target).is_ok(),
            "a missing folder is fine"
        );
        fs::create_dir(&target).unwrap();
        assert!(
            check_replaceable(&target).is_ok(),
            "an empty folder is fine"
        );
        fs::write(target.join("bao-cao.docx"), "quan trọng").unwrap();
        let staging = Staging::create(&target).unwrap();
        assert!(staging.commit().is_err());
        assert!(target.join("bao-cao.docx").exists());
    }

    #[test]
    fn unchanged_files_keep_their_file_and_time() {
        let dir = tempfile::tempdir().unwrap();
        let target = dir.path().join("public");
        let first = Staging::create(&target).unwrap();
        first.write("a/index.html", b"same").unwrap();
        first.write("b/index.html", b"old").unwrap();
        first.commit().unwrap();
        let stamp = |name: &str| fs::metadata(target.join(name)).unwrap().modified().unwrap();
        let (a, b) = (stamp("a/index.html"), stamp("b/index.html"));
        std::thread::sleep(std::time::Duration::from_millis(20));
        let second = Staging::create(&target).unwrap();
        second.write("a/index.html", b"same").unwrap();
        second.write("b/index.html", b"new").unwrap();
        second.commit().unwrap();
        assert_eq!(stamp("a/index.html"), a, "unchanged bytes keep the file");
        assert_ne!(stamp("b/index.html"), b);
        assert_eq!(fs::read(target.join("b/index.html")).unwrap(), b"new");
    }

    #[test]
    fn refuses_paths_that_leave_the_output() {
        let dir = tempfile::tempdir().unwrap();
        let staging = Staging::create(&dir.path().join("public")).unwrap();
        assert!(staging.write("../x.html", b"").is_err());
        assert!(staging.write("/etc/x.html", b"").is_err());
    }
}

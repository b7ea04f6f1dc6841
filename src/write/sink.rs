//! Sinks: where the outputs of one run of the pipeline go. `build` fills a
//! staging folder that replaces the output whole ([`Staging`]), `check`
//! and `report` keep nothing ([`Discard`]), and `serve` updates its live
//! folder in place ([`LiveFolder`]), producing only outputs whose digest
//! changed and putting them in place only when the whole run succeeded.

use std::fs;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, AtomicUsize, Ordering};
use std::sync::{Mutex, PoisonError};

use rayon::prelude::*;
use rustc_hash::FxHashMap;

use super::{Claim, Staging, sweep, writing};
use crate::error::Error;
use crate::load::theme::Source;

/// What the pipeline writes through.
pub trait Sink: Sync {
    /// Whether the sink keeps outputs between runs and compares: then every
    /// output is given a digest of what it is made from, and is produced
    /// only when [`Sink::wants`] it.
    fn compares(&self) -> bool {
        false
    }

    /// Whether the output at `path`, made from what `digest` sums up, has
    /// to be produced: false when the sink holds it already. Every output
    /// of a run is asked about, so the sink also learns which it has.
    fn wants(&self, _path: &str, _digest: u64) -> bool {
        true
    }

    /// Whether the sink keeps what it is given. One that does not (`check`)
    /// is not given the files made of photos: they cannot fail on the
    /// site's templates, and making them is most of a photo site's build.
    fn keeps_files(&self) -> bool {
        true
    }

    /// Takes an output's bytes.
    fn put(&self, path: &str, digest: u64, bytes: &[u8]) -> Result<(), Error>;

    /// Takes a file copied as it is.
    fn copy(&self, path: &str, digest: u64, source: &Source) -> Result<(), Error>;
}

/// `check` and `report`: every output is produced, so that every problem
/// shows, and nothing is kept.
pub struct Discard;

impl Sink for Discard {
    fn keeps_files(&self) -> bool {
        false
    }

    fn put(&self, _: &str, _: u64, _: &[u8]) -> Result<(), Error> {
        Ok(())
    }

    fn copy(&self, _: &str, _: u64, _: &Source) -> Result<(), Error> {
        Ok(())
    }
}

impl Sink for Staging {
    fn put(&self, path: &str, _: u64, bytes: &[u8]) -> Result<(), Error> {
        self.write(path, bytes)
    }

    fn copy(&self, path: &str, _: u64, source: &Source) -> Result<(), Error> {
        Staging::copy(self, source, path)
    }
}

/// What one run of a [`LiveFolder`] changed.
#[derive(Debug, Default)]
pub struct Changes {
    /// Files written, by path.
    pub written: Vec<String>,
    pub removed: usize,
}

/// A folder that is served while it is updated: files that changed are
/// made beside it first and moved in only when the run succeeded, each by
/// a rename, so a reader never sees half a file and a failed run leaves
/// the folder as it was.
pub struct LiveFolder {
    folder: PathBuf,
    /// Files made by this run and waiting to be moved in.
    waiting: Claim,
    /// How many files have waited there: each file waits under a number
    /// no other file had, so the files an abandoned run left there, which
    /// a later commit removes, are never taken for that run's own.
    made: AtomicUsize,
    /// Every file in the folder, with its digest. Not changed while a run
    /// is under way, so that every output asked about is looked up
    /// without a lock.
    held: FxHashMap<String, Held>,
    /// The number of the run under way, which marks the files it asked
    /// about.
    run: u64,
    /// Files of the run under way: (path, digest, where it waits).
    pending: Mutex<Vec<(String, u64, PathBuf)>>,
    /// Files of abandoned runs, still waiting to be removed.
    left: Vec<PathBuf>,
}

/// The most files abandoned runs leave for a later commit to remove.
const LEFT_AT_MOST: usize = 100_000;

/// A file the folder holds.
struct Held {
    digest: u64,
    /// The last run that asked about the file.
    asked: AtomicU64,
}

impl Held {
    fn new(digest: u64, run: u64) -> Held {
        Held {
            digest,
            asked: AtomicU64::new(run),
        }
    }
}

const WAITING_PREFIX: &str = ".loa-waiting-";

impl LiveFolder {
    /// Takes charge of `folder`, which holds nothing of this sink yet;
    /// `name` tells apart two sinks writing parts of one folder.
    pub fn new(folder: &Path, name: &str) -> Result<LiveFolder, Error> {
        let parent = folder
            .parent()
            .filter(|p| !p.as_os_str().is_empty())
            .unwrap_or(Path::new("."));
        let base = folder
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        let prefix = format!("{WAITING_PREFIX}{base}-{name}-");
        sweep(parent, &prefix);
        let waiting = Claim::take(&parent.join(format!("{prefix}{}", std::process::id())))?;
        fs::create_dir_all(waiting.folder()).map_err(|e| Error::io(waiting.folder(), e))?;
        Ok(LiveFolder {
            folder: folder.to_path_buf(),
            waiting,
            made: AtomicUsize::new(0),
            held: FxHashMap::default(),
            run: 0,
            pending: Mutex::default(),
            left: Vec::new(),
        })
    }

    /// Forgets what the folder holds: the next run writes every output.
    pub fn forget(&mut self) {
        self.held.clear();
    }

    fn wait(
        &self,
        path: &str,
        digest: u64,
        write: impl FnOnce(&Path) -> std::io::Result<()>,
    ) -> Result<(), Error> {
        let number = self.made.fetch_add(1, Ordering::Relaxed);
        let waiting = self.waiting.folder().join(number.to_string());
        writing(|| write(&waiting)).map_err(|e| Error::io(&self.folder.join(path), e))?;
        self.pending
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .push((path.to_owned(), digest, waiting));
        Ok(())
    }

    /// Moves the run's files in. With `whole`, the run asked about every
    /// output the folder is to have, and files it did not ask about are
    /// removed first, so that a folder can take the place of a file.
    pub fn commit(&mut self, whole: bool) -> Result<Changes, Error> {
        let pending =
            std::mem::take(&mut *self.pending.lock().unwrap_or_else(PoisonError::into_inner));
        let run = self.run;
        self.run += 1;
        let mut changes = Changes::default();
        if whole {
            let gone: Vec<String> = self
                .held
                .iter()
                .filter(|(_, held)| held.asked.load(Ordering::Relaxed) != run)
                .map(|(path, _)| path.clone())
                .collect();
            for path in gone {
                self.held.remove(&path);
                let file = self.folder.join(&path);
                if writing(|| fs::remove_file(&file)).is_ok() {
                    changes.removed += 1;
                    self.prune_folders_of(&file);
                }
            }
        }
        // A file or folder in the way was an output of an earlier run that
        // a whole run removed above, with the folders it left empty. Each
        // file is moved in on its own, several at a time.
        let folder = &self.folder;
        let moved: Vec<(String, u64, Result<(), Error>)> = pending
            .into_par_iter()
            .map(|(path, digest, waiting)| {
                let target = folder.join(&path);
                let moved = writing(|| {
                    if let Some(parent) = target.parent() {
                        fs::create_dir_all(parent)?;
                    }
                    fs::rename(&waiting, &target)
                })
                .map_err(|e| Error::io(&target, e));
                (path, digest, moved)
            })
            .collect();
        let mut failed = None;
        for (path, digest, moved) in moved {
            match moved {
                Ok(()) => {
                    self.held.insert(path.clone(), Held::new(digest, run));
                    changes.written.push(path);
                }
                Err(error) => {
                    // What is in the folder is no longer known for this file.
                    self.held.remove(&path);
                    failed.get_or_insert(error);
                }
            }
        }
        self.remove_left();
        match failed {
            Some(error) => Err(error),
            None => Ok(changes),
        }
    }

    /// Removes the folders of a removed file that are left empty, as a
    /// build would not have made them.
    fn prune_folders_of(&self, file: &Path) {
        let mut folder = file.parent();
        while let Some(dir) = folder.filter(|dir| *dir != self.folder) {
            if writing(|| fs::remove_dir(dir)).is_err() {
                break;
            }
            folder = dir.parent();
        }
    }

    /// Drops the run's files: the folder stays as it was. They are
    /// removed when a later run commits: a run given up for a newer edit
    /// (the search index, say) may have left thousands, and that edit's
    /// build should not wait for them. Past [`LEFT_AT_MOST`] files they
    /// are removed at once.
    pub fn abandon(&mut self) {
        // The files this run asked about stay marked with its number,
        // which no later run has.
        self.run += 1;
        let dropped =
            std::mem::take(&mut *self.pending.lock().unwrap_or_else(PoisonError::into_inner));
        self.left
            .extend(dropped.into_iter().map(|(_, _, waiting)| waiting));
        if self.left.len() > LEFT_AT_MOST {
            self.remove_left();
        }
    }

    /// Removes the files abandoned runs left waiting.
    fn remove_left(&mut self) {
        for waiting in self.left.drain(..) {
            let _ = fs::remove_file(waiting);
        }
    }
}

impl Sink for LiveFolder {
    fn compares(&self) -> bool {
        true
    }

    fn wants(&self, path: &str, digest: u64) -> bool {
        // A file the folder does not hold is wanted, put, and held once
        // the run commits.
        match self.held.get(path) {
            Some(held) => {
                held.asked.store(self.run, Ordering::Relaxed);
                held.digest != digest
            }
            None => true,
        }
    }

    fn put(&self, path: &str, digest: u64, bytes: &[u8]) -> Result<(), Error> {
        self.wait(path, digest, |waiting| fs::write(waiting, bytes))
    }

    fn copy(&self, path: &str, digest: u64, source: &Source) -> Result<(), Error> {
        self.wait(path, digest, |waiting| match source {
            Source::Disk(from) => fs::copy(from, waiting).map(drop),
            Source::BuiltIn(bytes) => fs::write(waiting, bytes),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_live_folder_changes_only_on_commit() {
        let dir = tempfile::tempdir().unwrap();
        let folder = dir.path().join("xem-truoc");
        fs::create_dir(&folder).unwrap();
        let mut live = LiveFolder::new(&folder, "trang").unwrap();
        assert!(live.wants("a/index.html", 1));
        live.put("a/index.html", 1, b"mot").unwrap();
        assert!(
            !folder.join("a/index.html").exists(),
            "moved in before commit"
        );
        let changes = live.commit(true).unwrap();
        assert_eq!(changes.written, ["a/index.html"]);
        assert_eq!(fs::read(folder.join("a/index.html")).unwrap(), b"mot");
        // The same digest is not produced again; a failed run changes nothing.
        assert!(!live.wants("a/index.html", 1));
        assert!(live.wants("b.html", 2));
        live.put("b.html", 2, b"hai").unwrap();
        live.abandon();
        assert!(!folder.join("b.html").exists());
        // The abandoned file waits until a later run commits.
        let waiting = |live: &LiveFolder| fs::read_dir(live.waiting.folder()).unwrap().count();
        assert_eq!(waiting(&live), 1);
        // A whole run that no longer has a file removes it, and a folder
        // may take the place of a removed file.
        assert!(live.wants("a", 3));
        live.put("a", 3, b"tep").unwrap();
        let changes = live.commit(true).unwrap();
        assert_eq!(waiting(&live), 0, "the abandoned file is removed");
        assert_eq!(changes.removed, 1);
        assert_eq!(fs::read(folder.join("a")).unwrap(), b"tep");
        assert!(live.wants("a/index.html", 4));
        live.put("a/index.html", 4, b"lai").unwrap();
        live.commit(true).unwrap();
        assert_eq!(fs::read(folder.join("a/index.html")).unwrap(), b"lai");
        assert!(!live.wants("a/index.html", 4), "the file it holds now");
    }
}

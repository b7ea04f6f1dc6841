//! Folders a run makes beside the user's files for its own use (a build's
//! staging folder, the previous output while it is swapped, serve's
//! temporary site) and must not leave behind.
//!
//! Each is claimed by a lock file beside it that the run holds open and
//! locked for as long as the folder is in use. The folder goes when its
//! claim is dropped, when the run is interrupted (Ctrl-C, SIGTERM), and,
//! when the run was killed outright, at the next run's sweep: the operating
//! system releases a dead process's locks, so a folder whose lock can be
//! taken belongs to no one.

use std::fs::{self, File};
use std::path::{Path, PathBuf};
use std::sync::{Mutex, Once, PoisonError, RwLock};

use crate::error::Error;

/// The exit code of a run stopped by Ctrl-C or SIGTERM, as shells report
/// a process ended by SIGINT.
pub const INTERRUPTED_EXIT_CODE: i32 = 130;

/// Folders of live claims, removed by the interrupt handler.
static CLAIMED: Mutex<Vec<PathBuf>> = Mutex::new(Vec::new());

/// Held shared by every write into a claimed folder and taken whole by the
/// interrupt handler, which then never lets it go: the handler removes the
/// folders only once no write is under way, and none starts after.
static WRITES: RwLock<()> = RwLock::new(());

/// Runs `write` (files going into a claimed folder) so that an interrupt
/// cannot remove the folder half-way through it and have it made again.
pub fn writing<T>(write: impl FnOnce() -> T) -> T {
    let _guard = WRITES.read().unwrap_or_else(PoisonError::into_inner);
    write()
}

/// A folder this run owns until the claim is dropped.
pub struct Claim {
    folder: PathBuf,
    /// Held open: the lock lasts as long as the file is open.
    _lock: File,
}

impl Claim {
    /// Claims `folder`, which must not be in use by another run; a folder
    /// of that name left by an earlier run is removed first.
    pub fn take(folder: &Path) -> Result<Claim, Error> {
        install_interrupt_handler();
        let lock_path = lock_path(folder);
        let lock = File::create(&lock_path).map_err(|e| Error::io(&lock_path, e))?;
        // A file system without locks (some network shares) still gets a
        // folder: it is then only cleaned up by this run itself.
        let _ = lock.try_lock();
        if folder.exists() {
            fs::remove_dir_all(folder).map_err(|e| Error::io(folder, e))?;
        }
        lock_registry().push(folder.to_path_buf());
        Ok(Claim {
            folder: folder.to_path_buf(),
            _lock: lock,
        })
    }

    pub fn folder(&self) -> &Path {
        &self.folder
    }
}

impl Drop for Claim {
    fn drop(&mut self) {
        forget(&self.folder);
        let _ = fs::remove_dir_all(&self.folder);
        let _ = fs::remove_file(lock_path(&self.folder));
    }
}

/// Removes what earlier runs left in `parent` under names starting with
/// `prefix`: folders (and their lock files) no live run holds.
pub fn sweep(parent: &Path, prefix: &str) {
    let Ok(entries) = fs::read_dir(parent) else {
        return;
    };
    for entry in entries.flatten() {
        let name = entry.file_name();
        let name = name.to_string_lossy();
        if !name.starts_with(prefix) || name.ends_with(LOCK_SUFFIX) {
            continue;
        }
        let folder = entry.path();
        if !entry.file_type().is_ok_and(|kind| kind.is_dir()) || in_use(&folder) {
            continue;
        }
        let _ = fs::remove_dir_all(&folder);
        let _ = fs::remove_file(lock_path(&folder));
    }
}

const LOCK_SUFFIX: &str = ".lock";

fn lock_path(folder: &Path) -> PathBuf {
    let mut name = folder.as_os_str().to_owned();
    name.push(LOCK_SUFFIX);
    PathBuf::from(name)
}

/// Whether a live run holds the folder's lock. A folder without a lock
/// file was left by a run that died while making it.
fn in_use(folder: &Path) -> bool {
    match File::open(lock_path(folder)) {
        Ok(lock) => lock.try_lock_shared().is_err(),
        Err(_) => false,
    }
}

fn lock_registry() -> std::sync::MutexGuard<'static, Vec<PathBuf>> {
    CLAIMED.lock().unwrap_or_else(PoisonError::into_inner)
}

fn forget(folder: &Path) {
    lock_registry().retain(|claimed| claimed != folder);
}

/// On Ctrl-C or SIGTERM: waits for the writes under way, removes every
/// claimed folder, then ends the run.
fn install_interrupt_handler() {
    static INSTALLED: Once = Once::new();
    INSTALLED.call_once(|| {
        // Another handler in the same process (a test harness) keeps its
        // own; the claims are then left to the sweep.
        let _ = ctrlc::set_handler(|| {
            let writes = WRITES.write().unwrap_or_else(PoisonError::into_inner);
            std::mem::forget(writes);
            let claimed = std::mem::take(&mut *lock_registry());
            for folder in claimed {
                let _ = fs::remove_dir_all(&folder);
                let _ = fs::remove_file(lock_path(&folder));
            }
            std::process::exit(INTERRUPTED_EXIT_CODE);
        });
    });
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_dropped_claim_leaves_nothing() {
        let dir = tempfile::tempdir().unwrap();
        let folder = dir.path().join(".loa-staging-public-1");
        {
            let claim = Claim::take(&folder).unwrap();
            fs::create_dir_all(claim.folder().join("a")).unwrap();
        }
        assert_eq!(fs::read_dir(dir.path()).unwrap().count(), 0);
    }

    #[test]
    fn the_sweep_removes_what_no_run_holds() {
        let dir = tempfile::tempdir().unwrap();
        let held = dir.path().join(".loa-staging-public-1");
        let claim = Claim::take(&held).unwrap();
        fs::create_dir_all(held.join("tin-tuc")).unwrap();
        // Left by a killed run: the lock file is there but nobody holds it.
        let killed = dir.path().join(".loa-staging-public-2");
        fs::create_dir_all(killed.join("tin-tuc")).unwrap();
        File::create(lock_path(&killed)).unwrap();
        // Left by a run that died before its lock file was made.
        let unlocked = dir.path().join(".loa-staging-public-3");
        fs::create_dir(&unlocked).unwrap();
        let unrelated = dir.path().join("public");
        fs::create_dir(&unrelated).unwrap();
        sweep(dir.path(), ".loa-staging-public-");
        assert!(held.join("tin-tuc").is_dir(), "a live run's folder stays");
        assert!(!killed.exists() && !lock_path(&killed).exists());
        assert!(!unlocked.exists());
        assert!(unrelated.is_dir());
        drop(claim);
        assert_eq!(fs::read_dir(dir.path()).unwrap().count(), 1);
    }
}

//! `serve`: a live preview. Builds the site (drafts and scheduled items
//! included) into a folder of its own, serves it on a loopback address,
//! watches the site's files, rebuilds only what a change touches, and tells
//! open pages to reload.
//!
//! `engine` does the incremental builds, `server` the HTTP side, and this
//! module ties them to the file watcher.

pub mod cms;
pub mod engine;
pub mod server;

use std::net::{IpAddr, SocketAddr};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, mpsc};
use std::time::Duration;

use notify::{EventKind, RecursiveMode, Watcher};

use crate::error::Error;
use crate::load::{SITE_FOLDERS, is_tooling_file};
use crate::site::BuildOptions;
use crate::t;
use engine::Engine;
pub use engine::Outcome;
use server::Shared;

/// Names of serve's temporary folders in the system's temporary folder.
const SERVE_FOLDER_PREFIX: &str = "loa-serve-";

/// How long the watcher waits for a burst of saves (an editor's
/// save-by-rename, a "save all") to end before one rebuild.
const SETTLE: Duration = Duration::from_millis(15);

/// How long edits must pause before the search index is written: a writer
/// saving again and again sees each page without waiting for the index.
const SEARCH_PAUSE: Duration = Duration::from_millis(60);

/// What the watcher had to say.
enum Batch {
    /// Files changed, once a burst of events settled.
    Changed(Vec<PathBuf>),
    /// Nothing changed for the time asked.
    Quiet,
    /// The watcher is gone.
    Closed,
}

/// Whether a watcher's event says something may have changed, as opposed
/// to a file being read (as every build does).
fn is_change(event: &notify::Result<notify::Event>) -> bool {
    event.as_ref().map_or(true, |event| {
        event.need_rescan()
            || matches!(
                event.kind,
                EventKind::Create(_) | EventKind::Modify(_) | EventKind::Remove(_)
            )
    })
}

/// Waits for changes and returns them once a burst of events has settled;
/// with `quiet`, returns [`Batch::Quiet`] when nothing changed for that
/// long. Only changes count: reading a file is not one.
fn next_batch(
    events: &mpsc::Receiver<notify::Result<notify::Event>>,
    relevant: &impl Fn(&PathBuf) -> bool,
    config: &Path,
    quiet: Option<Duration>,
) -> Batch {
    let mut changed: Vec<PathBuf> = Vec::new();
    let take = |event: notify::Result<notify::Event>, changed: &mut Vec<PathBuf>| {
        // When the system dropped events, nothing is known about what
        // changed: the config's path makes the next build read everything.
        let lost = event.as_ref().map_or(true, |event| event.need_rescan());
        if lost && !changed.iter().any(|path| path == config) {
            changed.push(config.to_path_buf());
        }
        if is_change(&event)
            && let Ok(event) = event
        {
            for path in event.paths.into_iter().filter(|path| relevant(path)) {
                if !changed.contains(&path) {
                    changed.push(path);
                }
            }
        }
    };
    let started = std::time::Instant::now();
    loop {
        let event = match quiet {
            None => events.recv().map_err(|_| Batch::Closed),
            Some(quiet) => match quiet.checked_sub(started.elapsed()) {
                Some(left) => events.recv_timeout(left).map_err(|error| match error {
                    mpsc::RecvTimeoutError::Timeout => Batch::Quiet,
                    mpsc::RecvTimeoutError::Disconnected => Batch::Closed,
                }),
                None => Err(Batch::Quiet),
            },
        };
        match event {
            Ok(event) => take(event, &mut changed),
            Err(batch) => return batch,
        }
        while let Ok(event) = events.recv_timeout(SETTLE) {
            take(event, &mut changed);
        }
        if !changed.is_empty() {
            return Batch::Changed(changed);
        }
    }
}

/// Which paths the watcher reports are the site's: its folders and config,
/// not the output or editors' and tools' own files.
#[derive(Clone)]
struct Relevant {
    root: PathBuf,
    config: PathBuf,
    output: PathBuf,
}

impl Relevant {
    fn holds(&self, path: &Path) -> bool {
        let at_root = path.parent() == Some(self.root.as_path());
        let site_folder = path
            .file_name()
            .is_some_and(|name| SITE_FOLDERS.iter().any(|folder| name == *folder));
        let watched =
            path == self.config || (path.starts_with(&self.root) && (!at_root || site_folder));
        let tooling = path
            .file_name()
            .is_some_and(|name| is_tooling_file(&name.to_string_lossy()));
        watched && !tooling && !path.starts_with(&self.output)
    }
}

/// The site folders being watched, each with the identity of the folder
/// watched: a watch follows a folder, not its name, so a folder removed and
/// made again, or a copy moved into its place, must be watched again.
#[derive(Default)]
struct Watched {
    folders: std::collections::HashMap<&'static str, FolderIdentity>,
}

/// What tells one folder from another of the same name.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct FolderIdentity {
    device: u64,
    inode: u64,
}

impl FolderIdentity {
    #[cfg(unix)]
    fn of(path: &Path) -> Option<FolderIdentity> {
        use std::os::unix::fs::MetadataExt;
        let metadata = std::fs::metadata(path).ok().filter(|m| m.is_dir())?;
        Some(FolderIdentity {
            device: metadata.dev(),
            inode: metadata.ino(),
        })
    }

    /// Without inodes, the time the folder was made tells copies apart.
    #[cfg(not(unix))]
    fn of(path: &Path) -> Option<FolderIdentity> {
        let metadata = std::fs::metadata(path).ok().filter(|m| m.is_dir())?;
        let made = metadata
            .created()
            .ok()
            .and_then(|time| time.duration_since(std::time::UNIX_EPOCH).ok())
            .unwrap_or_default();
        Some(FolderIdentity {
            device: made.as_secs(),
            inode: u64::from(made.subsec_nanos()),
        })
    }
}

impl Watched {
    /// Watches each site folder that is not watched as it is now.
    fn follow(&mut self, watcher: &mut impl Watcher, root: &Path) -> Result<(), Error> {
        for folder in SITE_FOLDERS {
            let path = root.join(folder);
            let now = FolderIdentity::of(&path);
            if now == self.folders.get(folder).copied() {
                continue;
            }
            // The old watch went with its folder; unwatching is tidiness.
            let _ = watcher.unwatch(&path);
            self.folders.remove(folder);
            let Some(identity) = now else { continue };
            match watcher.watch(&path, RecursiveMode::Recursive) {
                Ok(()) => {
                    self.folders.insert(folder, identity);
                }
                // A folder that went again in between is watched when it
                // comes back.
                Err(_) if !path.is_dir() => {}
                Err(e) => {
                    return Err(Error::Refused(
                        t!("cannot-watch", path = path.display(), error = e).text,
                    ));
                }
            }
        }
        Ok(())
    }
}

/// Where and how to serve.
pub struct ServeOptions {
    pub build: BuildOptions,
    pub bind: IpAddr,
    pub port: u16,
    /// The folder to build into; a temporary one when not given.
    pub output: Option<PathBuf>,
}

/// Writes the search index of the last build, giving up when `edited`
/// says a file changed meanwhile; a failure to write it is reported like a
/// failed build.
fn refresh_search(
    engine: &mut Engine,
    edited: &AtomicBool,
    report: &mut impl FnMut(&str, Result<&Outcome, &Error>),
) {
    edited.store(false, Ordering::Relaxed);
    let stop = || edited.load(Ordering::Relaxed);
    let refreshed = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
        engine.refresh_search(&stop)
    }))
    .unwrap_or_else(|fault| Err(fault_of(fault.as_ref())));
    match refreshed {
        Ok(_) | Err(Error::Interrupted) => {}
        Err(error) => report(&t!("serve-search-index").text, Err(&error)),
    }
}

/// Rebuilds after `changed`, as the last guard of a session: a fault of
/// loa's own (a panic) in any stage is told like a failed build, the last
/// good pages stay served, and the engine starts afresh so that the next
/// save builds everything again rather than from state the fault left.
fn guarded_rebuild(engine: &mut Engine, changed: &[PathBuf]) -> Result<Outcome, Error> {
    match std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| engine.rebuild(changed))) {
        Ok(outcome) => outcome,
        Err(fault) => {
            engine.start_afresh();
            Err(fault_of(fault.as_ref()))
        }
    }
}

/// A panic's message as an error of the rebuild.
fn fault_of(fault: &(dyn std::any::Any + Send)) -> Error {
    let said = fault
        .downcast_ref::<&str>()
        .map(|text| text.to_string())
        .or_else(|| fault.downcast_ref::<String>().cloned())
        .unwrap_or_default();
    Error::Fault(t!("serve-rebuild-fault", fault = said).text)
}

/// Binds the address, builds, serves and rebuilds until the process ends.
/// `report` is told about every build, for the terminal.
pub fn run(
    options: ServeOptions,
    mut report: impl FnMut(&str, Result<&Outcome, &Error>),
) -> Result<(), Error> {
    let listener = std::net::TcpListener::bind(SocketAddr::new(options.bind, options.port))
        .map_err(|e| {
            Error::Refused(
                t!(
                    "cannot-listen",
                    address = options.bind,
                    port = options.port,
                    error = e
                )
                .text,
            )
        })?;
    let address = listener
        .local_addr()
        .map_err(|_| Error::Refused(t!("server-without-address").text))?;
    let url = format!("http://{address}/");
    // The temporary folder is claimed: removed when serve ends, and swept
    // by the next serve if this one is killed.
    let mut temporary = None;
    let output = match &options.output {
        // Checked as `build --output` is: never over the site's own files.
        Some(folder) => crate::site::output_folder(&options.build.load.root, Some(folder))?,
        None => {
            let temp = std::env::temp_dir();
            crate::write::sweep(&temp, SERVE_FOLDER_PREFIX);
            let claim = crate::write::Claim::take(
                &temp.join(format!("{SERVE_FOLDER_PREFIX}{}", std::process::id())),
            )?;
            let folder = claim.folder().to_path_buf();
            temporary = Some(claim);
            folder
        }
    };
    if output.exists() {
        crate::write::check_replaceable(&output)?;
        std::fs::remove_dir_all(&output).map_err(|e| Error::io(&output, e))?;
    }
    std::fs::create_dir_all(&output).map_err(|e| Error::io(&output, e))?;
    std::fs::write(
        output.join(crate::write::OUTPUT_MARKER),
        "Written by `loa serve`.\n",
    )
    .map_err(|e| Error::io(&output, e))?;
    let mut build = options.build;
    build.load.overrides.base_url = Some(url.clone());
    // The watcher reports absolute paths; the site's must compare with them.
    build.load.root =
        std::path::absolute(&build.load.root).map_err(|e| Error::io(&build.load.root, e))?;
    if let Some(config) = &build.load.config {
        build.load.config = Some(std::path::absolute(config).map_err(|e| Error::io(config, e))?);
    }
    let root = build.load.root.clone();
    // The config file is watched through its folder, which editors replace
    // files in; only its own events count.
    let config = build.load.config_path();
    let relevant = Relevant {
        root: root.clone(),
        config: config.clone(),
        output: output.clone(),
    };
    let (sender, events) = mpsc::channel();
    // Set by the watcher's thread on every change, for work in progress to
    // give up when it is out of date.
    let edited = Arc::new(AtomicBool::new(false));
    let on_event = {
        let edited = Arc::clone(&edited);
        let relevant = relevant.clone();
        move |event: notify::Result<notify::Event>| {
            let touches_site = event.as_ref().map_or(true, |event| {
                event.need_rescan() || event.paths.iter().any(|path| relevant.holds(path))
            });
            if is_change(&event) && touches_site {
                edited.store(true, Ordering::Relaxed);
            }
            let _ = sender.send(event);
        }
    };
    let mut watcher = notify::recommended_watcher(on_event)
        .map_err(|e| Error::Refused(t!("cannot-watch-site", error = e).text))?;
    let mut watched = Watched::default();
    watched.follow(&mut watcher, &root)?;
    if let Some(folder) = config.parent() {
        let _ = watcher.watch(folder, RecursiveMode::NonRecursive);
    }
    let mut engine = Engine::new(build, output.clone())?;
    let shared = Arc::new(Shared::default());
    let first = guarded_rebuild(&mut engine, &[]);
    report(
        &t!("serving", output = output.display(), url = url).text,
        first.as_ref(),
    );
    shared.publish(first.err().map(|e| e.to_string()));
    server::start(listener, output.clone(), root.clone(), Arc::clone(&shared))?;
    loop {
        let quiet = engine.search_stale().then_some(SEARCH_PAUSE);
        let changed = match next_batch(&events, &|path| relevant.holds(path), &config, quiet) {
            Batch::Changed(changed) => changed,
            Batch::Quiet => {
                refresh_search(&mut engine, &edited, &mut report);
                continue;
            }
            Batch::Closed => break,
        };
        // A site folder made after the start (a first static file, say), or
        // removed and made again, or replaced by a copy, is watched anew.
        let unwatched = watched.follow(&mut watcher, &root).err();
        let names: Vec<String> = changed
            .iter()
            .map(|p| crate::load::display_path(&root, p).display().to_string())
            .collect();
        let outcome = guarded_rebuild(&mut engine, &changed);
        report(&names.join(", "), outcome.as_ref());
        shared.publish(outcome.err().map(|e| e.to_string()));
        if let Some(error) = unwatched {
            report(&names.join(", "), Err(&error));
        }
    }
    drop(temporary);
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_pause_in_edits_is_told_apart_from_edits_and_from_reads() {
        let (sender, events) = mpsc::channel();
        let config = Path::new("/site/site-config.yaml");
        let any = |_: &PathBuf| true;
        let pause = Some(Duration::from_millis(20));
        assert!(matches!(
            next_batch(&events, &any, config, pause),
            Batch::Quiet
        ));
        let read = notify::Event::new(EventKind::Access(notify::event::AccessKind::Any))
            .add_path(PathBuf::from("/site/content/a.md"));
        sender.send(Ok(read)).unwrap();
        assert!(matches!(
            next_batch(&events, &any, config, pause),
            Batch::Quiet
        ));
        let saved = notify::Event::new(EventKind::Modify(notify::event::ModifyKind::Any))
            .add_path(PathBuf::from("/site/content/a.md"));
        sender.send(Ok(saved)).unwrap();
        match next_batch(&events, &any, config, pause) {
            Batch::Changed(paths) => assert_eq!(paths, [PathBuf::from("/site/content/a.md")]),
            _ => panic!("a save is a change"),
        }
        drop(sender);
        assert!(matches!(
            next_batch(&events, &any, config, None),
            Batch::Closed
        ));
    }

    #[test]
    fn a_fault_is_told_with_what_it_said() {
        for said in [
            Box::new("index out of bounds") as Box<dyn std::any::Any + Send>,
            Box::new(String::from("index out of bounds")),
        ] {
            let told = fault_of(said.as_ref()).to_string();
            assert!(told.contains("index out of bounds"), "{told}");
        }
    }
}

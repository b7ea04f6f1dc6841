//! One module per command: each turns its arguments into a call of the
//! library and prints what the user should see.

pub mod build;
pub mod check;
pub mod cms;
pub mod init;
pub mod new;
pub mod report;
pub mod schema;
pub mod serve;

use std::io::{IsTerminal, Write};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant};

use crate::cli::SiteArgs;
use crate::error::{Diagnostic, Error, SourceLines, colour_on_stderr};
use crate::load::LoadOptions;
use crate::load::config::ConfigOverrides;
use crate::model::{LeftOut, Unpublished};
use crate::report::Cadence;
use crate::site::{BuildOptions, Progress};
use crate::t;

/// Writes `text` and a line break to standard output. A reader that stops
/// reading (`loa schema | head -1`) ends the command quietly; any other
/// failure to write is the machine's.
pub(crate) fn say(text: impl std::fmt::Display) -> Result<(), Error> {
    write_line(&mut std::io::stdout().lock(), text, "<stdout>")
}

/// [`say`], to standard error.
pub(crate) fn say_to_stderr(text: impl std::fmt::Display) -> Result<(), Error> {
    write_line(&mut std::io::stderr().lock(), text, "<stderr>")
}

fn write_line(out: &mut impl Write, text: impl std::fmt::Display, name: &str) -> Result<(), Error> {
    writeln!(out, "{text}").map_err(|error| match error.kind() {
        std::io::ErrorKind::BrokenPipe => Error::OutputClosed,
        _ => Error::io(Path::new(name), error),
    })
}

/// The library's options for the site-reading flags every command shares.
fn build_options(
    root: PathBuf,
    config: Option<PathBuf>,
    site: SiteArgs,
    output: Option<PathBuf>,
    write: bool,
) -> BuildOptions {
    BuildOptions {
        load: LoadOptions {
            root,
            config,
            overrides: ConfigOverrides {
                base_url: site.base_url,
            },
        },
        output,
        include_drafts: site.drafts,
        include_future: site.future,
        now: site.now,
        write,
        progress: None,
    }
}

/// How many warnings of one kind a file shows before the rest are only
/// counted: a page pasted from an old portal can bring thousands of one
/// kind, and they would bury the one warning that matters.
const SHOWN_PER_KIND: usize = 5;

/// Prints warnings, those of one file and kind beyond [`SHOWN_PER_KIND`]
/// counted in one line unless `all` asks for every one (`--verbose`).
fn print_warnings(root: &Path, warnings: &[Diagnostic], all: bool) -> Result<(), Error> {
    let mut sources = SourceLines::new(root);
    let mut file: Option<&Path> = None;
    // The kinds of the current file in the order first seen, with counts.
    let mut kinds: Vec<(&'static str, usize)> = Vec::new();
    for warning in warnings {
        if file != Some(warning.file.as_path()) {
            print_hidden(file, &kinds)?;
            file = Some(&warning.file);
            kinds.clear();
        }
        let seen = match kinds.iter_mut().find(|(code, _)| *code == warning.code) {
            Some((_, count)) => {
                *count += 1;
                *count
            }
            None => {
                kinds.push((warning.code, 1));
                1
            }
        };
        if all || seen <= SHOWN_PER_KIND {
            say_to_stderr(format_args!(
                "{}\n",
                warning.framed_from(&mut sources, colour_on_stderr())
            ))?;
        }
    }
    if all {
        return Ok(());
    }
    print_hidden(file, &kinds)
}

/// The line that counts a file's warnings not shown.
fn print_hidden(file: Option<&Path>, kinds: &[(&'static str, usize)]) -> Result<(), Error> {
    let Some(file) = file else {
        return Ok(());
    };
    for &(code, count) in kinds.iter().filter(|(_, count)| *count > SHOWN_PER_KIND) {
        say_to_stderr(format_args!(
            "{}: {}\n",
            file.display(),
            t!(
                "warnings-not-shown",
                count = count - SHOWN_PER_KIND,
                code = code
            )
        ))?;
    }
    Ok(())
}

/// Runs `work`, showing on a terminal how far `progress` is once it has
/// taken more than a second; the line is cleared when it ends.
fn with_progress<T>(progress: &Arc<Progress>, work: impl FnOnce() -> T) -> T {
    if !std::io::stderr().is_terminal() {
        return work();
    }
    let finished = Arc::new(AtomicBool::new(false));
    let shown = {
        let (progress, finished) = (Arc::clone(progress), Arc::clone(&finished));
        std::thread::spawn(move || {
            let started = Instant::now();
            let mut printed = false;
            while !finished.load(Ordering::Relaxed) {
                std::thread::sleep(Duration::from_millis(100));
                let (done, total) = progress.read();
                if started.elapsed() > Duration::from_secs(1) && total > 0 {
                    // A closed terminal only means no progress is shown.
                    let _ = write!(
                        std::io::stderr(),
                        "\r{}",
                        t!("progress", done = done, total = total)
                    );
                    printed = true;
                }
            }
            if printed {
                let _ = write!(std::io::stderr(), "\r\x1b[K");
            }
        })
    };
    let result = work();
    finished.store(true, Ordering::Relaxed);
    let _ = shown.join();
    result
}

fn print_phases(phases: &[(crate::messages::Message, std::time::Duration)]) -> Result<(), Error> {
    let shown: Vec<String> = phases
        .iter()
        .map(|(name, time)| format!("{name} {} ms", time.as_millis()))
        .collect();
    say(format_args!("  {}", shown.join(", ")))
}

/// Every item the build left out, with why, so that none goes missing
/// from the site without a word.
fn print_left_out(left_out: &[LeftOut]) -> Result<(), Error> {
    if left_out.is_empty() {
        return Ok(());
    }
    say(t!("left-out-heading", count = left_out.len()))?;
    for item in left_out {
        let file = item.file.display();
        let day = item
            .when
            .map(|when| when.format("%Y-%m-%d").to_string())
            .unwrap_or_default();
        let line = match item.reason {
            Unpublished::Draft => t!("left-out-draft", file = file),
            Unpublished::Scheduled => t!("left-out-scheduled", file = file, date = day),
            Unpublished::Expired => t!("left-out-expired", file = file, date = day),
        };
        say(format_args!("  {line}"))?;
    }
    Ok(())
}

fn print_cadence(cadence: Option<&Cadence>) -> Result<(), Error> {
    for line in cadence.map(Cadence::summary).unwrap_or_default() {
        say(line)?;
    }
    Ok(())
}

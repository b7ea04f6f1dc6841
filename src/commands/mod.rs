//! One module per command: each turns its arguments into a call of the
//! library and prints what the user should see.

pub mod build;
pub mod check;
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

fn print_warnings(root: &Path, warnings: &[Diagnostic]) -> Result<(), Error> {
    let mut sources = SourceLines::new(root);
    for warning in warnings {
        say_to_stderr(format_args!(
            "{}\n",
            warning.framed_from(&mut sources, colour_on_stderr())
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

//! `loa serve`: live preview with incremental rebuilds.

use std::io::Write;
use std::net::IpAddr;
use std::path::PathBuf;

use super::{build_options, print_cadence, print_phases, print_warnings, say, say_to_stderr};
use crate::cli::ServeArgs;
use crate::error::Error;
use crate::serve::ServeOptions;
use crate::t;

pub fn run(root: PathBuf, config: Option<PathBuf>, args: ServeArgs) -> Result<(), Error> {
    let bind: IpAddr = args
        .bind
        .parse()
        .map_err(|_| Error::Usage(t!("not-an-ip-address", address = args.bind).text))?;
    let mut options = build_options(root.clone(), config, args.site, None, true);
    options.include_drafts = !args.hide_drafts;
    options.include_future = !args.hide_future;
    let serve = ServeOptions {
        build: options,
        bind,
        port: args.port,
        output: args.output,
    };
    let mut first = true;
    crate::serve::run(serve, |what, outcome| {
        // Serving goes on if the terminal is gone: what it printed is
        // only news of the rebuilds.
        let _ = report_rebuild(&root, what, outcome, first);
        first = false;
        let _ = std::io::stdout().flush();
    })
}

/// Tells the terminal of one build of a `serve` session.
fn report_rebuild(
    root: &std::path::Path,
    what: &str,
    outcome: Result<&crate::serve::Outcome, &Error>,
    first: bool,
) -> Result<(), Error> {
    if first {
        say(what)?;
    }
    match outcome {
        Ok(outcome) => {
            print_warnings(root, &outcome.warnings, false)?;
            let counts = t!(
                "serve-counts",
                written = outcome.written.len(),
                total = outcome.total,
                ms = outcome.elapsed.as_millis(),
                read = outcome.read,
                rendered = outcome.bodies,
                removed = outcome.removed,
                copied = outcome.copied
            );
            if first {
                say(t!("serve-built", counts = counts))?;
            } else {
                say(t!("serve-rebuilt", counts = counts, what = what))?;
            }
            print_phases(&outcome.phases)?;
            if first {
                print_cadence(outcome.cadence.as_ref())?;
            }
            Ok(())
        }
        Err(error) => say_to_stderr(format_args!(
            "{}\n{}",
            error.report(root, crate::error::colour_on_stderr()),
            t!("serve-keeps-last-build")
        )),
    }
}

//! `loa serve`: live preview with incremental rebuilds.

use std::io::Write;
use std::net::IpAddr;
use std::path::PathBuf;

use super::{build_options, print_cadence, print_warnings};
use crate::cli::ServeArgs;
use crate::error::Error;
use crate::serve::ServeOptions;

pub fn run(root: PathBuf, config: Option<PathBuf>, args: ServeArgs) -> Result<(), Error> {
    let bind: IpAddr = args
        .bind
        .parse()
        .map_err(|_| Error::Usage(format!("`{}` is not an IP address", args.bind)))?;
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
        if first {
            println!("{what}");
        }
        match outcome {
            Ok(outcome) => {
                print_warnings(&root, &outcome.warnings);
                println!(
                    "{} {} of {} files in {} ms ({} read, {} rendered from Markdown, {} removed, {} copied){}",
                    if first { "Built" } else { "Rebuilt" },
                    outcome.written.len(),
                    outcome.total,
                    outcome.elapsed.as_millis(),
                    outcome.read,
                    outcome.bodies,
                    outcome.removed,
                    outcome.copied,
                    if first {
                        String::new()
                    } else {
                        format!(" after a change to {what}")
                    }
                );
                let phases: Vec<String> = outcome
                    .phases
                    .iter()
                    .map(|(name, time)| format!("{name} {} ms", time.as_millis()))
                    .collect();
                println!("  {}", phases.join(", "));
                if first {
                    print_cadence(outcome.cadence.as_ref());
                }
            }
            Err(error) => eprintln!(
                "{}\nThe preview keeps showing the last good build; fix the problem and save again.",
                error.report(&root, crate::error::colour_on_stderr())
            ),
        }
        first = false;
        let _ = std::io::stdout().flush();
    })
}

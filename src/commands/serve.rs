//! `loa serve`: live preview with incremental rebuilds.

use std::io::Write;
use std::net::IpAddr;
use std::path::PathBuf;

use super::{build_options, print_cadence, print_phases, print_warnings};
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
        if first {
            println!("{what}");
        }
        match outcome {
            Ok(outcome) => {
                print_warnings(&root, &outcome.warnings);
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
                    println!("{}", t!("serve-built", counts = counts));
                } else {
                    println!("{}", t!("serve-rebuilt", counts = counts, what = what));
                }
                print_phases(&outcome.phases);
                if first {
                    print_cadence(outcome.cadence.as_ref());
                }
            }
            Err(error) => eprintln!(
                "{}\n{}",
                error.report(&root, crate::error::colour_on_stderr()),
                t!("serve-keeps-last-build")
            ),
        }
        first = false;
        let _ = std::io::stdout().flush();
    })
}

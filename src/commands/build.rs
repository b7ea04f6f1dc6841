//! `loa build`: builds the site and prints its warnings and a summary.

use std::path::PathBuf;

use crate::cli::BuildArgs;
use crate::error::Error;
use crate::load::LoadOptions;
use crate::load::config::ConfigOverrides;
use crate::site::{BuildOptions, build};

pub fn run(root: PathBuf, config: Option<PathBuf>, args: BuildArgs) -> Result<(), Error> {
    let options = BuildOptions {
        load: LoadOptions {
            root,
            config,
            overrides: ConfigOverrides {
                base_url: args.base_url,
            },
        },
        output: args.output,
        include_drafts: args.drafts,
        include_future: args.future,
        now: args.now,
    };
    let report = build(&options)?;
    for warning in &report.warnings {
        eprintln!("{warning}");
    }
    println!(
        "Built {} pages and {} listing pages into {} ({} files written, {} copied, {} warning{}) in {:.2} s",
        report.pages,
        report.listings,
        report.output.display(),
        report.files_written,
        report.files_copied,
        report.warnings.len(),
        if report.warnings.len() == 1 { "" } else { "s" },
        report.elapsed.as_secs_f64()
    );
    Ok(())
}

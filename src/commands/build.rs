//! `loa build`: builds the site, then prints its warnings, a summary and
//! the programme's publishing cadence.

use std::path::PathBuf;

use super::{build_options, print_cadence, print_phases, print_warnings};
use crate::cli::{BuildArgs, Voice};
use crate::error::Error;
use crate::site::build;

pub fn run(
    root: PathBuf,
    config: Option<PathBuf>,
    args: BuildArgs,
    voice: Voice,
) -> Result<(), Error> {
    let report = build(&build_options(
        root.clone(),
        config,
        args.site,
        args.output,
        true,
    ))?;
    if voice == Voice::Quiet {
        return Ok(());
    }
    print_warnings(&root, &report.warnings);
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
    if voice == Voice::Verbose {
        print_phases(&report.phases);
    }
    print_cadence(report.cadence.as_ref());
    Ok(())
}

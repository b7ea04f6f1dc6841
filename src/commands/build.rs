//! `loa build`: builds the site, then prints its warnings, a summary and
//! the programme's publishing cadence.

use std::path::PathBuf;

use super::{build_options, print_cadence, print_phases, print_warnings, with_progress};
use crate::cli::{BuildArgs, Voice};
use crate::error::Error;
use crate::site::{Progress, build};

pub fn run(
    root: PathBuf,
    config: Option<PathBuf>,
    args: BuildArgs,
    voice: Voice,
) -> Result<(), Error> {
    let mut options = build_options(root.clone(), config, args.site, args.output, true);
    let progress = std::sync::Arc::new(Progress::default());
    if voice != Voice::Quiet {
        options.progress = Some(std::sync::Arc::clone(&progress));
    }
    let report = with_progress(&progress, || build(&options))?;
    if voice == Voice::Quiet {
        return Ok(());
    }
    print_warnings(&root, &report.warnings);
    if voice == Voice::Verbose {
        print_phases(&report.phases);
    }
    print_cadence(report.cadence.as_ref());
    let count =
        |n: usize, one: &str, many: &str| format!("{n} {}", if n == 1 { one } else { many });
    println!(
        "Built {}, {}, {}, {} and {} into {} ({} files written, {} copied) with {} in {:.2} s",
        count(report.pages, "page", "pages"),
        count(report.sections, "section", "sections"),
        count(report.listings, "listing page", "listing pages"),
        count(report.feeds, "feed", "feeds"),
        count(report.images, "image", "images"),
        report.output.display(),
        report.files_written,
        report.files_copied,
        count(report.warnings.len(), "warning", "warnings"),
        report.elapsed.as_secs_f64()
    );
    Ok(())
}

//! `loa build`: builds the site, then prints its warnings, a summary and
//! the programme's publishing cadence.

use std::path::PathBuf;

use super::{
    build_options, print_cadence, print_left_out, print_phases, print_warnings, say, with_progress,
};
use crate::cli::{BuildArgs, Voice};
use crate::error::{Error, counted};
use crate::site::{Progress, build};
use crate::t;

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
    print_warnings(&root, &report.warnings, voice == Voice::Verbose)?;
    if voice == Voice::Verbose {
        print_phases(&report.phases)?;
    }
    print_left_out(&report.left_out)?;
    print_cadence(report.cadence.as_ref())?;
    let n = report.pages;
    let pages = counted(n, t!("count-page-one"), t!("count-pages", count = n));
    let n = report.sections;
    let sections = counted(n, t!("count-section-one"), t!("count-sections", count = n));
    let n = report.listings;
    let listings = counted(n, t!("count-listing-one"), t!("count-listings", count = n));
    let n = report.feeds;
    let feeds = counted(n, t!("count-feed-one"), t!("count-feeds", count = n));
    let n = report.images;
    let images = counted(n, t!("count-image-one"), t!("count-images", count = n));
    let n = report.warnings.len();
    let warnings = counted(n, t!("count-warning-one"), t!("count-warnings", count = n));
    say(t!(
        "built",
        pages = pages,
        sections = sections,
        listings = listings,
        feeds = feeds,
        images = images,
        output = report.output.display(),
        written = report.files_written,
        copied = report.files_copied,
        warnings = warnings,
        seconds = format!("{:.2}", report.elapsed.as_secs_f64())
    ))
}

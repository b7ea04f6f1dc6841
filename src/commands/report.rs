//! `loa report`: the publication counts of a reporting period, with the
//! same publishing rules as a build.

use std::path::PathBuf;

use super::{build_options, print_warnings, say};
use crate::cli::ReportArgs;
use crate::error::Error;
use crate::report::{self, Period, format};
use crate::site::{Prepared, prepare};

pub fn run(root: PathBuf, config: Option<PathBuf>, args: ReportArgs) -> Result<(), Error> {
    let period = Period::parse(&args.period, args.cutoff).map_err(Error::Usage)?;
    let options = build_options(root.clone(), config, args.site, None, false);
    if let Some(file) = &args.output {
        crate::site::refuse_site_file(&options.load.root, &options.load.config_path(), file)?;
    }
    let Prepared {
        site,
        bodies,
        diagnostics,
    } = prepare(&options)?;
    // A report of a site with errors would count the wrong items.
    print_warnings(&root, &diagnostics.into_result()?, false)?;
    let text = format::write(&report::report(&site, &bodies, period), args.format);
    match args.output {
        Some(file) => std::fs::write(&file, text).map_err(|e| Error::io(&file, e)),
        None => say(text.trim_end_matches('\n')),
    }
}

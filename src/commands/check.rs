//! `loa check`: every validation of a build, writing nothing.

use std::path::PathBuf;

use super::{build_options, print_cadence, print_warnings};
use crate::cli::SiteArgs;
use crate::error::Error;
use crate::site::build;

pub fn run(root: PathBuf, config: Option<PathBuf>, args: SiteArgs) -> Result<(), Error> {
    let report = build(&build_options(root.clone(), config, args, None, false))?;
    print_warnings(&root, &report.warnings);
    println!(
        "Checked {} pages: no errors, {} warning{}",
        report.pages,
        report.warnings.len(),
        if report.warnings.len() == 1 { "" } else { "s" }
    );
    if !report.unsummarised.is_empty() {
        println!("Document numbers mentioned without a summary (candidates for new summaries):");
        for document in &report.unsummarised {
            println!(
                "  {:>3}× {}  (first in {}:{})",
                document.mentions,
                document.number,
                document.first.0.display(),
                document.first.1
            );
        }
    }
    print_cadence(report.cadence.as_ref());
    Ok(())
}

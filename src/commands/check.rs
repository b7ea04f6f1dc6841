//! `loa check`: every validation of a build, writing nothing.

use std::path::PathBuf;

use super::{build_options, print_cadence, print_phases, print_warnings};
use crate::cli::{CheckArgs, CheckFormat, Voice};
use crate::error::{Diagnostic, Error};
use crate::site::build;

pub fn run(
    root: PathBuf,
    config: Option<PathBuf>,
    args: CheckArgs,
    voice: Voice,
) -> Result<(), Error> {
    let built = build(&build_options(root.clone(), config, args.site, None, false));
    if args.format == CheckFormat::Json {
        return print_json(built.map(|report| report.warnings));
    }
    let report = built?;
    if voice == Voice::Quiet {
        return Ok(());
    }
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
    if voice == Voice::Verbose {
        print_phases(&report.phases);
    }
    print_cadence(report.cadence.as_ref());
    Ok(())
}

/// Every problem as one JSON document on standard output:
/// `{"diagnostics": [{file, line, column, severity, message, help}], "errors": N, "warnings": N}`.
fn print_json(found: Result<Vec<Diagnostic>, Error>) -> Result<(), Error> {
    let (diagnostics, failed) = match found {
        Ok(warnings) => (warnings, false),
        Err(Error::Site(diagnostics)) => (diagnostics, true),
        Err(other) => return Err(other),
    };
    #[derive(serde::Serialize)]
    struct Checked<'a> {
        diagnostics: &'a [Diagnostic],
        errors: usize,
        warnings: usize,
    }
    let errors = diagnostics.iter().filter(|d| d.is_error()).count();
    let checked = Checked {
        diagnostics: &diagnostics,
        errors,
        warnings: diagnostics.len() - errors,
    };
    let json = serde_json::to_string_pretty(&checked)
        .map_err(|error| Error::Usage(format!("cannot write the problems as JSON: {error}")))?;
    println!("{json}");
    if failed { Err(Error::Reported) } else { Ok(()) }
}

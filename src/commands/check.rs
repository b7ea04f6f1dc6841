//! `loa check`: every validation of a build, writing nothing.

use std::path::PathBuf;

use super::{build_options, print_cadence, print_left_out, print_phases, print_warnings, say};
use crate::cli::{CheckArgs, CheckFormat, Voice};
use crate::error::{Diagnostic, Error, counted};
use crate::model::LeftOut;
use crate::site::build;
use crate::t;

pub fn run(
    root: PathBuf,
    config: Option<PathBuf>,
    args: CheckArgs,
    voice: Voice,
) -> Result<(), Error> {
    let built = build(&build_options(root.clone(), config, args.site, None, false));
    if args.format == CheckFormat::Json {
        return print_json(built.map(|report| (report.warnings, report.left_out)));
    }
    let report = built?;
    if voice == Voice::Quiet {
        return Ok(());
    }
    print_warnings(&root, &report.warnings, voice == Voice::Verbose)?;
    let n = report.warnings.len();
    let warnings = counted(n, t!("count-warning-one"), t!("count-warnings", count = n));
    say(t!("checked", pages = report.pages, warnings = warnings))?;
    if !report.unsummarised.is_empty() {
        say(t!("unsummarised-heading"))?;
        for document in &report.unsummarised {
            say(t!(
                "unsummarised-line",
                mentions = format!("{:>3}", document.mentions),
                number = document.number,
                file = document.first.0.display(),
                line = document.first.1
            ))?;
        }
    }
    print_left_out(&report.left_out)?;
    if voice == Voice::Verbose {
        print_phases(&report.phases)?;
    }
    print_cadence(report.cadence.as_ref())
}

/// Every problem as one JSON document on standard output:
/// `{"diagnostics": [{file, line, column, severity, code, message, help}],
/// "errors": N, "warnings": N, "unpublished": [{file, reason, date}]}`; a
/// site with errors lists no unpublished items.
fn print_json(found: Result<(Vec<Diagnostic>, Vec<LeftOut>), Error>) -> Result<(), Error> {
    let (diagnostics, left_out, failed) = match found {
        Ok((warnings, left_out)) => (warnings, left_out, false),
        Err(Error::Site(diagnostics)) => (diagnostics, Vec::new(), true),
        Err(other) => return Err(other),
    };
    #[derive(serde::Serialize)]
    struct Unpublished {
        file: String,
        reason: &'static str,
        date: Option<String>,
    }
    #[derive(serde::Serialize)]
    struct Checked<'a> {
        diagnostics: &'a [Diagnostic],
        errors: usize,
        warnings: usize,
        unpublished: Vec<Unpublished>,
    }
    let errors = diagnostics.iter().filter(|d| d.is_error()).count();
    let checked = Checked {
        diagnostics: &diagnostics,
        errors,
        warnings: diagnostics.len() - errors,
        unpublished: left_out
            .iter()
            .map(|item| Unpublished {
                file: item.file.display().to_string(),
                reason: item.reason.name(),
                date: item.when.map(|when| when.format("%Y-%m-%d").to_string()),
            })
            .collect(),
    };
    let json = serde_json::to_string_pretty(&checked)
        .map_err(|error| Error::Usage(t!("json-unwritable", error = error).text))?;
    say(json)?;
    if failed { Err(Error::Reported) } else { Ok(()) }
}

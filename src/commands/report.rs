//! `loa report`: the publication counts of a reporting period, with the
//! same publishing rules as a build, optionally beside another period's.

use std::io::{IsTerminal, Write};
use std::path::{Path, PathBuf};

use super::{build_options, print_warnings, say};
use crate::cli::{LangArg, ReportArgs};
use crate::error::Error;
use crate::report::format::{self, Options};
use crate::report::{self, Period};
use crate::site::{Prepared, prepare};

pub fn run(
    root: PathBuf,
    config: Option<PathBuf>,
    args: ReportArgs,
    lang: Option<LangArg>,
) -> Result<(), Error> {
    let period = Period::parse(&args.period, args.cutoff).map_err(Error::Usage)?;
    let compared = args
        .compare
        .as_deref()
        .map(|text| Period::parse(text, args.cutoff))
        .transpose()
        .map_err(|message| Error::Usage(format!("--compare: {message}")))?;
    if compared
        .as_ref()
        .is_some_and(|other| other.range == period.range)
    {
        return Err(Error::Usage(
            crate::t!("report-compare-same", period = period.name).text,
        ));
    }
    if args.format.is_binary() && args.output.is_none() && std::io::stdout().is_terminal() {
        let example = format!("bao-cao-{}.{}", period.name, args.format.extension());
        return Err(Error::Usage(
            crate::t!(
                "report-needs-output",
                format = args.format.extension(),
                example = example
            )
            .text,
        ));
    }
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
    if let Some(other) = &compared {
        warn_about_comparison(&period, other)?;
    }
    let mut counted = report::report(&site, &bodies, period);
    counted.previous = compared.map(|other| Box::new(report::report(&site, &bodies, other)));
    // The report is written for whoever it is handed to: in the language
    // asked for, else the site's.
    if let Some(lang) = lang {
        let language = match lang {
            LangArg::Vi => "vi",
            LangArg::En => "en",
        };
        counted.language = language.to_owned();
        if let Some(previous) = &mut counted.previous {
            previous.language = language.to_owned();
        }
    }
    let bytes = format::write(
        &counted,
        args.format,
        Options {
            csv_bom: !args.no_bom,
        },
    )?;
    match args.output {
        Some(file) => write_replacing(&file, &bytes),
        None if args.format.is_binary() => {
            let mut out = std::io::stdout().lock();
            out.write_all(&bytes)
                .and_then(|()| out.flush())
                .map_err(|error| match error.kind() {
                    std::io::ErrorKind::BrokenPipe => Error::OutputClosed,
                    _ => Error::io(Path::new("<stdout>"), error),
                })
        }
        None => say(String::from_utf8_lossy(&bytes).trim_end_matches('\n')),
    }
}

/// Says when a comparison may mislead: periods that share days, or that
/// have different numbers of months (whose months are then compared by
/// their place in each period, some with none).
fn warn_about_comparison(period: &Period, other: &Period) -> Result<(), Error> {
    let overlaps = period.range.first <= other.range.last && other.range.first <= period.range.last;
    if overlaps {
        super::say_to_stderr(crate::t!(
            "report-compare-overlaps",
            period = period.name,
            other = other.name
        ))?;
    }
    if period.months.len() != other.months.len() {
        super::say_to_stderr(crate::t!(
            "report-compare-lengths",
            period = period.name,
            months = period.months.len(),
            other = other.name,
            other_months = other.months.len()
        ))?;
    }
    Ok(())
}

/// Writes `file` by way of a temporary file beside it, so that a failed
/// write leaves the previous report as it was.
fn write_replacing(file: &Path, bytes: &[u8]) -> Result<(), Error> {
    let mut waiting = file.as_os_str().to_owned();
    waiting.push(format!(".{}.part", std::process::id()));
    let waiting = PathBuf::from(waiting);
    std::fs::write(&waiting, bytes)
        .and_then(|()| std::fs::rename(&waiting, file))
        .map_err(|error| {
            let _ = std::fs::remove_file(&waiting);
            Error::io(file, error)
        })
}

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
        .map_err(Error::Usage)?;
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
    let mut counted = report::report(&site, &bodies, period);
    if let Some(compared) = compared {
        counted.previous = Some(Box::new(report::report(&site, &bodies, compared)));
    }
    // The report is written for whoever it is handed to: in the language
    // asked for, else the site's.
    if let Some(lang) = lang {
        counted.language = match lang {
            LangArg::Vi => "vi",
            LangArg::En => "en",
        }
        .to_owned();
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

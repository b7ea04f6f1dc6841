//! One module per command: each turns its arguments into a call of the
//! library and prints what the user should see.

pub mod build;
pub mod check;
pub mod new;
pub mod report;
pub mod schema;
pub mod serve;

use std::path::{Path, PathBuf};

use crate::cli::SiteArgs;
use crate::error::{Diagnostic, colour_on_stderr};
use crate::load::LoadOptions;
use crate::load::config::ConfigOverrides;
use crate::report::Cadence;
use crate::site::BuildOptions;

/// The library's options for the site-reading flags every command shares.
fn build_options(
    root: PathBuf,
    config: Option<PathBuf>,
    site: SiteArgs,
    output: Option<PathBuf>,
    write: bool,
) -> BuildOptions {
    BuildOptions {
        load: LoadOptions {
            root,
            config,
            overrides: ConfigOverrides {
                base_url: site.base_url,
            },
        },
        output,
        include_drafts: site.drafts,
        include_future: site.future,
        now: site.now,
        write,
    }
}

fn print_warnings(root: &Path, warnings: &[Diagnostic]) {
    for warning in warnings {
        eprintln!("{}\n", warning.framed(root, colour_on_stderr()));
    }
}

fn print_phases(phases: &[(&str, std::time::Duration)]) {
    let shown: Vec<String> = phases
        .iter()
        .map(|(name, time)| format!("{name} {} ms", time.as_millis()))
        .collect();
    println!("  {}", shown.join(", "));
}

fn print_cadence(cadence: Option<&Cadence>) {
    for line in cadence.map(Cadence::summary).unwrap_or_default() {
        println!("{line}");
    }
}

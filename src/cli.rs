//! The command line: arguments shared by the commands, and dispatch to the
//! module of each command.

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand};

use crate::error::Error;
use crate::text::dates::WrittenDate;

#[derive(Debug, Parser)]
#[command(
    name = "loa",
    version,
    about = "Build fast, accessible public-awareness sites from Markdown"
)]
pub struct Cli {
    /// The site's folder.
    #[arg(long, global = true, default_value = ".", value_name = "DIR")]
    pub root: PathBuf,
    /// The config file, when not site-config.yaml in the site's folder.
    #[arg(long, global = true, value_name = "FILE")]
    pub config: Option<PathBuf>,
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Build the site into public/.
    Build(BuildArgs),
}

/// Flags of the commands that build the site.
#[derive(Debug, Args)]
pub struct BuildArgs {
    /// Where to write the site (default: public/ in the site's folder).
    #[arg(long, value_name = "DIR")]
    pub output: Option<PathBuf>,
    /// Serve the site from this address instead of base_url.
    #[arg(long, value_name = "URL")]
    pub base_url: Option<String>,
    /// Include items marked draft: true.
    #[arg(long)]
    pub drafts: bool,
    /// Include items dated after now.
    #[arg(long)]
    pub future: bool,
    /// Take this date (YYYY-MM-DD, in the site's time zone) or RFC 3339 time as now.
    #[arg(long, value_name = "DATE", value_parser = parse_now)]
    pub now: Option<WrittenDate>,
}

fn parse_now(text: &str) -> Result<WrittenDate, String> {
    WrittenDate::parse(text)
}

/// Runs the command the user asked for.
pub fn run(cli: Cli) -> Result<(), Error> {
    match cli.command {
        Command::Build(args) => crate::commands::build::run(cli.root, cli.config, args),
    }
}

use std::process::ExitCode;

use clap::Parser;

fn main() -> ExitCode {
    let cli = loa::cli::Cli::parse();
    match loa::cli::run(cli) {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            eprintln!("{error}");
            ExitCode::from(u8::try_from(error.exit_code()).unwrap_or(1))
        }
    }
}

use std::process::ExitCode;

use clap::Parser;

// The build allocates many small strings on every core; mimalloc keeps
// that from being a bottleneck, as the system allocator was.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> ExitCode {
    let cli = loa::cli::Cli::parse();
    let root = cli.root.clone();
    match loa::cli::run(cli) {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            let report = error.report(&root, loa::error::colour_on_stderr());
            if !report.is_empty() {
                eprintln!("{report}");
            }
            ExitCode::from(u8::try_from(error.exit_code()).unwrap_or(1))
        }
    }
}

use std::io::Write;
use std::process::ExitCode;

use clap::Parser;

// The build allocates many small strings on every core; mimalloc keeps
// that from being a bottleneck, as the system allocator was.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> ExitCode {
    allocator::keep_freed_memory();
    let cli = loa::cli::Cli::parse();
    let root = cli.site_root();
    match loa::cli::run(cli) {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            let report = error.report(&root, loa::error::colour_on_stderr());
            if !report.is_empty() {
                // Nothing more can be said if standard error is closed too.
                let _ = writeln!(std::io::stderr(), "{report}");
            }
            ExitCode::from(u8::try_from(error.exit_code()).unwrap_or(1))
        }
    }
}

/// Tuning of the allocator for a process that lives for one build.
mod allocator {
    use std::ffi::{c_int, c_long};

    /// `mi_option_purge_delay`: its place in `mi_option_e` of mimalloc 3,
    /// the version libmimalloc-sys builds (pinned in Cargo.lock). The Rust
    /// bindings name no constant for it; the test below proves the place.
    const PURGE_DELAY: c_int = 15;

    unsafe extern "C" {
        fn mi_option_set(option: c_int, value: c_long);
    }

    /// By default mimalloc hands freed pages back to the kernel a moment
    /// later, and a build that frees and allocates page after page then
    /// pays for the kernel zeroing fresh (huge) pages again: 3–9% of a
    /// 10,000-item build. A build is short and its peak is what counts, so
    /// freed memory is kept for reuse instead.
    pub fn keep_freed_memory() {
        // SAFETY: mi_option_set only stores a number in mimalloc's option
        // table; -1 is the documented "never purge" value.
        unsafe { mi_option_set(PURGE_DELAY, -1) }
    }

    #[cfg(test)]
    mod tests {
        use std::ffi::{CStr, c_char, c_void};

        type Output = unsafe extern "C" fn(message: *const c_char, arg: *mut c_void);

        unsafe extern "C" {
            fn mi_options_print_out(out: Output, arg: *mut c_void);
        }

        unsafe extern "C" fn collect(message: *const c_char, arg: *mut c_void) {
            // SAFETY: mimalloc passes a NUL-terminated line and the `arg`
            // given to mi_options_print_out, which is the String below.
            unsafe {
                let printed = &mut *arg.cast::<String>();
                printed.push_str(&CStr::from_ptr(message).to_string_lossy());
            }
        }

        #[test]
        fn the_option_set_is_the_purge_delay() {
            super::keep_freed_memory();
            let mut printed = String::new();
            // SAFETY: `collect` matches mi_output_fun and `printed` outlives the call.
            unsafe { mi_options_print_out(collect, (&raw mut printed).cast()) };
            assert!(
                printed
                    .lines()
                    .any(|line| line.trim_end() == "option 'purge_delay': -1"),
                "{printed}"
            );
        }
    }
}

//! A running `loa serve` for the tests: started on a free port with the
//! tests' fixed "now", its printed lines collected, stopped when dropped.

use std::io::{BufRead, BufReader, Read};
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::sync::mpsc;
use std::time::{Duration, Instant};

/// The "now" every serve of the tests runs with.
pub const NOW: &str = "2026-11-25";

pub struct Serve {
    pub child: Child,
    pub port: u16,
    /// The address it serves, `http://127.0.0.1:PORT/`.
    pub url: String,
    lines: mpsc::Receiver<String>,
}

impl Drop for Serve {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

impl Serve {
    /// Starts `loa serve` in `root`, with what `configure` adds to the
    /// command, and waits for its first build.
    pub fn launch(root: &Path, configure: impl FnOnce(&mut Command)) -> Serve {
        Serve::launch_until(root, configure, "Built ")
    }

    /// [`Serve::launch`], waiting for a printed line holding `first`
    /// instead of a finished build (a first build that fails, say).
    pub fn launch_until(root: &Path, configure: impl FnOnce(&mut Command), first: &str) -> Serve {
        let mut command = Command::new(env!("CARGO_BIN_EXE_loa"));
        command
            .env("LOA_LANG", "en")
            .args(["serve", "--port", "0", "--now", NOW]);
        configure(&mut command);
        let mut child = command
            .current_dir(root)
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("start loa serve");
        let (sender, lines) = mpsc::channel();
        for stream in [
            Box::new(child.stdout.take().expect("stdout")) as Box<dyn Read + Send>,
            Box::new(child.stderr.take().expect("stderr")),
        ] {
            let sender = sender.clone();
            std::thread::spawn(move || {
                for line in BufReader::new(stream).lines().map_while(Result::ok) {
                    let _ = sender.send(line);
                }
            });
        }
        let mut serve = Serve {
            child,
            port: 0,
            url: String::new(),
            lines,
        };
        // Problems go to standard error and the address to standard output:
        // either may come first, so `first` counts while the address is
        // awaited too.
        let mut seen_first = false;
        let serving = serve.wait_until(|line| {
            seen_first |= line.contains(first);
            line.contains("Serving ")
        });
        serve.url = serving
            .split(" at ")
            .nth(1)
            .and_then(|rest| rest.split(' ').next())
            .unwrap_or_else(|| panic!("no address in {serving}"))
            .to_owned();
        serve.port = serve
            .url
            .rsplit(':')
            .next()
            .and_then(|p| p.trim_end_matches('/').parse().ok())
            .unwrap_or_else(|| panic!("no port in {serving}"));
        if !seen_first {
            serve.wait_for_line(first);
        }
        serve
    }

    /// Waits up to 30 s for a printed line holding `wanted`.
    pub fn wait_for_line(&self, wanted: &str) -> String {
        self.wait_until(|line| line.contains(wanted))
    }

    /// Waits up to 30 s for a printed line that `wanted` accepts, showing
    /// it every line printed until then.
    fn wait_until(&self, mut wanted: impl FnMut(&str) -> bool) -> String {
        let deadline = Instant::now() + Duration::from_secs(30);
        let mut printed = Vec::new();
        while let Some(left) = deadline.checked_duration_since(Instant::now()) {
            match self.lines.recv_timeout(left) {
                Ok(line) if wanted(&line) => return line,
                Ok(line) => printed.push(line),
                Err(_) => break,
            }
        }
        panic!("loa serve never printed the line awaited; it printed: {printed:#?}");
    }

    /// Lines printed since the last call.
    pub fn drain(&self) -> Vec<String> {
        self.lines.try_iter().collect()
    }
}

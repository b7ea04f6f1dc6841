//! Fixture sites in temporary folders, and running the `loa` binary on them.

#![allow(dead_code)] // each test file uses its own part of the helpers

pub mod browser;
pub mod dom;
pub mod serve;

use std::fs;
use std::io::Read;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};
use std::time::{Duration, Instant};

/// The repository root, which is itself the example site.
pub fn repository() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

pub struct Site {
    pub dir: tempfile::TempDir,
}

impl Site {
    /// A site with the default theme, a config and a home page.
    pub fn new() -> Site {
        Site::with_config("title: \"Trang thử\"\nbase_url: \"https://example.gov.vn/\"\n")
    }

    /// An empty folder, for commands that make a site.
    pub fn empty() -> Site {
        Site {
            dir: tempfile::tempdir().expect("temporary folder"),
        }
    }

    pub fn with_config(config: &str) -> Site {
        let dir = tempfile::tempdir().expect("temporary folder");
        let site = Site { dir };
        copy_tree(
            &repository().join("themes/default"),
            &site.root().join("themes/default"),
        );
        site.write("site-config.yaml", config);
        site.write(
            "content/_index.md",
            "---\ntitle: \"Trang chủ\"\n---\nChào mừng.\n",
        );
        site
    }

    pub fn root(&self) -> &Path {
        self.dir.path()
    }

    pub fn write(&self, relative: &str, text: &str) -> &Self {
        self.write_bytes(relative, text.as_bytes())
    }

    pub fn write_bytes(&self, relative: &str, bytes: &[u8]) -> &Self {
        let path = self.root().join(relative);
        fs::create_dir_all(path.parent().expect("parent")).expect("create folder");
        fs::write(path, bytes).expect("write fixture");
        self
    }

    /// A section folder with its `_index.md`.
    pub fn section(&self, folder: &str, title: &str, kind: &str) -> &Self {
        self.write(
            &format!("content/{folder}/_index.md"),
            &format!("---\ntitle: \"{title}\"\nkind: {kind}\n---\n"),
        )
    }

    /// Runs `loa build` with extra arguments, fixing "now" for repeatable results.
    pub fn build(&self, args: &[&str]) -> Run {
        let mut all = vec!["build", "--now", "2026-11-25"];
        all.extend_from_slice(args);
        self.run(&all)
    }

    /// Runs `loa` in the site. A run that does not end within
    /// [`RUN_LIMIT`] is killed and fails the test: no input may hang loa.
    pub fn run(&self, args: &[&str]) -> Run {
        let mut command = Command::new(env!("CARGO_BIN_EXE_loa"));
        command
            .env("LOA_LANG", "en")
            .args(args)
            .current_dir(self.root())
            .env("NO_COLOR", "1");
        Run {
            output: output_within(command, RUN_LIMIT),
        }
    }

    pub fn public(&self, relative: &str) -> PathBuf {
        self.root().join("public").join(relative)
    }

    pub fn read(&self, relative: &str) -> String {
        let path = self.public(relative);
        fs::read_to_string(&path).unwrap_or_else(|e| panic!("{} not readable: {e}", path.display()))
    }

    pub fn exists(&self, relative: &str) -> bool {
        self.public(relative).exists()
    }
}

/// Whether tests that need an outside validator must run rather than skip:
/// CI sets LOA_REQUIRE_VALIDATORS=1 after installing them.
pub fn validators_required() -> bool {
    std::env::var("LOA_REQUIRE_VALIDATORS").as_deref() == Ok("1")
}

/// Builds the example site (the repository root) into `out`, with extra
/// arguments, as of the example's fixed "now".
pub fn build_example(out: &Path, extra: &[&str]) {
    let run = Command::new(env!("CARGO_BIN_EXE_loa"))
        .env("LOA_LANG", "en")
        .args(["build", "--now", "2026-11-25", "--output"])
        .arg(out)
        .args(extra)
        .current_dir(repository())
        .output()
        .expect("run loa");
    assert!(
        run.status.success(),
        "{}",
        String::from_utf8_lossy(&run.stderr)
    );
}

/// Longer than any fixture's build takes on a slow machine by far; only a
/// hang reaches it.
pub const RUN_LIMIT: Duration = Duration::from_secs(120);

/// Runs `command` to its end, or kills it after `limit` and panics.
pub fn output_within(mut command: Command, limit: Duration) -> Output {
    let mut child = command
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("run loa");
    // Drained as the run goes, so a long message cannot fill a pipe and
    // stop the run.
    let drain = |stream: Option<Box<dyn Read + Send>>| {
        std::thread::spawn(move || {
            let mut bytes = Vec::new();
            if let Some(mut stream) = stream {
                let _ = stream.read_to_end(&mut bytes);
            }
            bytes
        })
    };
    let stdout = drain(
        child
            .stdout
            .take()
            .map(|s| Box::new(s) as Box<dyn Read + Send>),
    );
    let stderr = drain(
        child
            .stderr
            .take()
            .map(|s| Box::new(s) as Box<dyn Read + Send>),
    );
    let deadline = Instant::now() + limit;
    let status = loop {
        if let Some(status) = child.try_wait().expect("wait for loa") {
            break status;
        }
        if Instant::now() > deadline {
            let _ = child.kill();
            let _ = child.wait();
            panic!(
                "loa {:?} did not finish within {limit:?}",
                command.get_args()
            );
        }
        std::thread::sleep(Duration::from_millis(5));
    };
    Output {
        status,
        stdout: stdout.join().expect("stdout"),
        stderr: stderr.join().expect("stderr"),
    }
}

pub struct Run {
    pub output: Output,
}

impl Run {
    pub fn stdout(&self) -> String {
        String::from_utf8_lossy(&self.output.stdout).into_owned()
    }

    pub fn stderr(&self) -> String {
        String::from_utf8_lossy(&self.output.stderr).into_owned()
    }

    pub fn code(&self) -> Option<i32> {
        self.output.status.code()
    }

    /// Asserts success and returns the run for further checks.
    pub fn ok(self) -> Self {
        assert_eq!(
            self.code(),
            Some(0),
            "loa failed:\n{}\n{}",
            self.stdout(),
            self.stderr()
        );
        self
    }

    /// Asserts the build failed because of the site's content.
    pub fn failed(self) -> Self {
        assert_eq!(
            self.code(),
            Some(1),
            "expected exit code 1:\n{}\n{}",
            self.stdout(),
            self.stderr()
        );
        self
    }

    /// Asserts loa refused what the command line asked (exit code 2).
    pub fn refused(self) -> Self {
        assert_eq!(
            self.code(),
            Some(2),
            "expected exit code 2:\n{}\n{}",
            self.stdout(),
            self.stderr()
        );
        self
    }
}

pub fn copy_tree(from: &Path, to: &Path) {
    for entry in walkdir::WalkDir::new(from) {
        let entry = entry.expect("walk");
        let target = to.join(entry.path().strip_prefix(from).expect("inside"));
        if entry.file_type().is_dir() {
            fs::create_dir_all(&target).expect("create folder");
        } else {
            fs::copy(entry.path(), &target).expect("copy");
        }
    }
}

/// Every file under `dir` with its bytes, for comparing whole outputs.
pub fn snapshot(dir: &Path) -> Vec<(PathBuf, Vec<u8>)> {
    let mut files: Vec<_> = walkdir::WalkDir::new(dir)
        .sort_by_file_name()
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file())
        .map(|e| {
            (
                e.path().strip_prefix(dir).expect("inside").to_path_buf(),
                fs::read(e.path()).expect("read"),
            )
        })
        .collect();
    files.sort();
    files
}

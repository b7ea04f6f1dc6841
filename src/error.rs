//! Problems found while building a site, and the error type every stage returns.
//!
//! A [`Diagnostic`] points at a place in the user's files (file, line, column)
//! and says in plain words what is wrong there. Stages collect diagnostics
//! instead of stopping at the first, so one build reports every problem;
//! [`Error`] is what a failed command hands back to `main`, which prints it once.

use std::fmt;
use std::path::{Path, PathBuf};

use crate::messages::Message;
use crate::t;

/// How serious a diagnostic is: errors fail the build, warnings do not.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Error,
    Warning,
}

/// One problem in a user's file.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Diagnostic {
    pub severity: Severity,
    /// Path as the user knows it: relative to the site root where possible.
    #[serde(serialize_with = "path_as_text")]
    pub file: PathBuf,
    /// 1-based line, when the problem has a place inside the file.
    pub line: Option<usize>,
    /// 1-based column, counted in characters.
    pub column: Option<usize>,
    /// The message's code in the catalogues (`unknown-term`), for tools.
    pub code: &'static str,
    pub message: String,
    /// A hint on how to fix it, when one is known.
    pub help: Option<Box<str>>,
}

/// Whether what is written to standard error may be coloured: on a
/// terminal, unless `NO_COLOR` (or `CLICOLOR=0`) says not to.
pub fn colour_on_stderr() -> bool {
    anstream::AutoStream::choice(&std::io::stderr()) != anstream::ColorChoice::Never
}

/// A path as text, whatever bytes it holds, for JSON.
fn path_as_text<S: serde::Serializer>(path: &Path, serializer: S) -> Result<S::Ok, S::Error> {
    serializer.serialize_str(&path.to_string_lossy())
}

impl Diagnostic {
    pub fn error(file: impl Into<PathBuf>, message: Message) -> Self {
        Self {
            severity: Severity::Error,
            file: file.into(),
            line: None,
            column: None,
            code: message.code,
            message: message.text,
            help: None,
        }
    }

    pub fn warning(file: impl Into<PathBuf>, message: Message) -> Self {
        Self {
            severity: Severity::Warning,
            ..Self::error(file, message)
        }
    }

    pub fn at(mut self, line: usize, column: usize) -> Self {
        self.line = Some(line);
        self.column = Some(column);
        self
    }

    pub fn at_line(mut self, line: usize) -> Self {
        self.line = Some(line);
        self
    }

    pub fn with_help(mut self, help: Message) -> Self {
        self.help = Some(help.text.into_boxed_str());
        self
    }

    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }
}

impl Diagnostic {
    /// `file:line:column: error: message`, the form editors and terminals
    /// recognise as a clickable place; with `colour`, the label in red or
    /// yellow.
    fn headline(&self, colour: bool) -> String {
        let mut text = self.file.display().to_string();
        if let Some(line) = self.line {
            text.push_str(&format!(":{line}"));
            if let Some(column) = self.column {
                text.push_str(&format!(":{column}"));
            }
        }
        let (label, hue) = match self.severity {
            Severity::Error => (t!("label-error"), anstyle::AnsiColor::Red),
            Severity::Warning => (t!("label-warning"), anstyle::AnsiColor::Yellow),
        };
        let style = if colour {
            anstyle::Style::new().bold().fg_color(Some(hue.into()))
        } else {
            anstyle::Style::new()
        };
        format!("{text}: {style}{label}{style:#}: {}", self.message)
    }

    /// The diagnostic as a terminal shows it: its place and message, the
    /// lines it points at (read from the file under `root`) with a caret
    /// under the column, and the help.
    pub fn framed(&self, root: &Path, colour: bool) -> String {
        self.framed_from(&mut SourceLines::new(root), colour)
    }

    /// [`framed`](Self::framed), reading the file's lines from `sources`.
    pub fn framed_from(&self, sources: &mut SourceLines, colour: bool) -> String {
        let mut text = self.headline(colour);
        if let Some(frame) = self.frame(sources) {
            text.push('\n');
            text.push_str(&frame);
        }
        if let Some(help) = &self.help {
            text.push_str(&format!("\n    {}: {help}", t!("label-help")));
        }
        text
    }

    /// The line the diagnostic is on and the one before, numbered.
    fn frame(&self, sources: &mut SourceLines) -> Option<String> {
        let line = self.line?;
        let lines = sources.of(&self.file)?;
        let shown = lines.get(line.checked_sub(1)?)?;
        let width = line.to_string().len();
        let mut frame = String::new();
        if line >= 2 {
            frame.push_str(&format!("  {:>width$} | {}\n", line - 1, lines[line - 2]));
        }
        frame.push_str(&format!("  {line:>width$} | {shown}"));
        if let Some(column) = self.column {
            // Tabs stay tabs so the caret lines up under them.
            let pad: String = shown
                .chars()
                .take(column.saturating_sub(1))
                .map(|c| if c == '\t' { '\t' } else { ' ' })
                .collect();
            frame.push_str(&format!("\n  {:>width$} | {pad}^", ""));
        }
        Some(frame)
    }
}

/// The lines of the files diagnostics point into, each file read once
/// however many diagnostics point into it.
pub struct SourceLines<'a> {
    root: &'a Path,
    files: std::collections::HashMap<PathBuf, Option<Vec<String>>>,
}

impl<'a> SourceLines<'a> {
    pub fn new(root: &'a Path) -> Self {
        SourceLines {
            root,
            files: std::collections::HashMap::new(),
        }
    }

    /// The lines of `file` (relative to the root); `None` when it cannot
    /// be read.
    fn of(&mut self, file: &Path) -> Option<&[String]> {
        let root = self.root;
        self.files
            .entry(file.to_path_buf())
            .or_insert_with(|| {
                let bytes = std::fs::read(root.join(file)).ok()?;
                Some(
                    String::from_utf8_lossy(&bytes)
                        .lines()
                        .map(str::to_owned)
                        .collect(),
                )
            })
            .as_deref()
    }
}

impl fmt::Display for Diagnostic {
    /// The headline, then an indented help line.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.headline(false))?;
        if let Some(help) = &self.help {
            write!(f, "\n    {}: {help}", t!("label-help"))?;
        }
        Ok(())
    }
}

/// "2 errors and 1 warning in 2 files".
pub fn tally(diagnostics: &[Diagnostic]) -> String {
    let errors = diagnostics.iter().filter(|d| d.is_error()).count();
    let warnings = diagnostics.len() - errors;
    let files = diagnostics
        .iter()
        .map(|d| &d.file)
        .collect::<std::collections::BTreeSet<_>>()
        .len();
    t!(
        "tally",
        errors = counted(
            errors,
            t!("count-error-one"),
            t!("count-errors", count = errors)
        ),
        warnings = counted(
            warnings,
            t!("count-warning-one"),
            t!("count-warnings", count = warnings)
        ),
        files = counted(
            files,
            t!("count-file-one"),
            t!("count-files", count = files)
        ),
    )
    .text
}

/// `one` for a count of 1, else `many`: English has plurals, Vietnamese
/// writes both alike.
pub fn counted(count: usize, one: Message, many: Message) -> Message {
    if count == 1 { one } else { many }
}

/// The diagnostics of one run, in the order they were found.
#[derive(Debug, Default, Clone)]
pub struct Diagnostics {
    items: Vec<Diagnostic>,
}

impl Diagnostics {
    pub fn push(&mut self, diagnostic: Diagnostic) {
        self.items.push(diagnostic);
    }

    pub fn extend(&mut self, diagnostics: impl IntoIterator<Item = Diagnostic>) {
        self.items.extend(diagnostics);
    }

    pub fn has_errors(&self) -> bool {
        self.items.iter().any(Diagnostic::is_error)
    }

    /// Sorted by file and place, so a report reads file by file whatever
    /// order the parallel stages found things in.
    pub fn into_sorted(mut self) -> Vec<Diagnostic> {
        self.items.sort_by(|a, b| {
            (&a.file, a.line, a.column, a.severity, &a.message)
                .cmp(&(&b.file, b.line, b.column, b.severity, &b.message))
        });
        self.items.dedup();
        self.items
    }

    /// Turns the collected diagnostics into a failure when any is an error.
    pub fn into_result(self) -> Result<Vec<Diagnostic>, Error> {
        if self.has_errors() {
            Err(Error::Site(self.into_sorted()))
        } else {
            Ok(self.into_sorted())
        }
    }
}

impl From<Vec<Diagnostic>> for Diagnostics {
    fn from(items: Vec<Diagnostic>) -> Self {
        Diagnostics { items }
    }
}

/// Why a command failed.
#[derive(Debug)]
pub enum Error {
    /// The site itself has problems: its config, content or templates.
    Site(Vec<Diagnostic>),
    /// The machine refused something outside the site's files, such as
    /// writing the output folder.
    Io {
        path: PathBuf,
        source: std::io::Error,
    },
    /// The command was asked for something it cannot do.
    Usage(String),
    /// The machine refused a service the command needs that is not a file:
    /// an address to listen on, watching the site's folders.
    Refused(String),
    /// A fault of loa's own, caught so that a session can go on.
    Fault(String),
    /// Work given up because it is out of date before it is done: `serve`
    /// stops writing the search index when another edit comes in.
    Interrupted,
    /// The command printed the site's problems itself (as JSON, say):
    /// nothing more to print, exit code 1.
    Reported,
    /// Whoever read the command's output stopped reading (`loa schema |
    /// head`): nothing more to say, and no failure of loa's (exit code 0).
    OutputClosed,
}

impl Error {
    pub fn io(path: &Path, source: std::io::Error) -> Self {
        Error::Io {
            path: path.to_path_buf(),
            source,
        }
    }

    /// The process exit code for this failure: 1 for problems in the site,
    /// 2 for a misused command line, 3 for a failure of the machine, 101
    /// (as a panic) for a fault of loa's own.
    pub fn exit_code(&self) -> i32 {
        match self {
            Error::OutputClosed => 0,
            Error::Site(_) | Error::Reported => 1,
            Error::Usage(_) => 2,
            Error::Io { .. } | Error::Refused(_) => 3,
            Error::Fault(_) => 101,
            Error::Interrupted => 130,
        }
    }
}

impl From<Diagnostic> for Error {
    fn from(diagnostic: Diagnostic) -> Self {
        Error::Site(vec![diagnostic])
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Error::Site(diagnostics) => {
                for diagnostic in diagnostics {
                    writeln!(f, "{diagnostic}")?;
                }
                write!(f, "{}", t!("build-failed", tally = tally(diagnostics)))
            }
            Error::Io { path, source } => write!(f, "{}: {source}", path.display()),
            Error::Usage(message) | Error::Refused(message) | Error::Fault(message) => {
                write!(f, "{message}")
            }
            Error::Reported | Error::OutputClosed | Error::Interrupted => Ok(()),
        }
    }
}

impl Error {
    /// The failure as the terminal shows it: with the site's problems
    /// grouped by file, each with the lines it points at.
    pub fn report(&self, root: &Path, colour: bool) -> String {
        match self {
            Error::Site(diagnostics) => {
                let mut text = String::new();
                let mut previous: Option<&Path> = None;
                let mut sources = SourceLines::new(root);
                for diagnostic in diagnostics {
                    if previous.is_some_and(|file| file != diagnostic.file) {
                        text.push('\n');
                    }
                    previous = Some(&diagnostic.file);
                    text.push_str(&diagnostic.framed_from(&mut sources, colour));
                    text.push('\n');
                }
                text.push_str(&format!(
                    "\n{}",
                    t!("build-failed", tally = tally(diagnostics))
                ));
                text
            }
            other => other.to_string(),
        }
    }
}

impl std::error::Error for Error {}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::messages::said;

    #[test]
    fn diagnostic_names_file_line_and_column() {
        let d = Diagnostic::error("content/a.md", said("bad date"))
            .at(3, 7)
            .with_help(said("write 2024-03-05"));
        assert_eq!(
            d.to_string(),
            "content/a.md:3:7: error: bad date\n    help: write 2024-03-05"
        );
    }

    #[test]
    fn a_framed_diagnostic_shows_its_lines_and_column() {
        let root = tempfile::tempdir().unwrap();
        std::fs::create_dir_all(root.path().join("content")).unwrap();
        std::fs::write(
            root.path().join("content/a.md"),
            "---\ntitle: \"Bài\"\naudiences: [hoc-sinh]\n---\n",
        )
        .unwrap();
        let d = Diagnostic::error("content/a.md", said("`hoc-sinh` is not an audience"))
            .at(3, 13)
            .with_help(said("did you mean `hoc-sinh-sinh-vien`?"));
        assert_eq!(
            d.framed(root.path(), false),
            "content/a.md:3:13: error: `hoc-sinh` is not an audience\n  2 | title: \"Bài\"\n  3 | audiences: [hoc-sinh]\n    |             ^\n    help: did you mean `hoc-sinh-sinh-vien`?"
        );
        // Without the file there is nothing to frame.
        let elsewhere = Diagnostic::error("content/b.md", said("gone")).at(1, 1);
        assert_eq!(
            elsewhere.framed(root.path(), false),
            "content/b.md:1:1: error: gone"
        );
        assert_eq!(
            tally(&[d, elsewhere, Diagnostic::warning("content/b.md", said("x"))]),
            "2 errors and 1 warning in 2 files"
        );
    }

    #[test]
    fn the_label_is_coloured_only_when_asked() {
        let d = Diagnostic::warning("a.md", said("odd")).at(1, 1);
        let plain = d.framed(Path::new("/nonexistent"), false);
        assert_eq!(plain, "a.md:1:1: warning: odd");
        let coloured = d.framed(Path::new("/nonexistent"), true);
        assert!(
            coloured.contains("\u{1b}[") && coloured.contains("warning"),
            "{coloured:?}"
        );
        assert_ne!(plain, coloured);
    }

    #[test]
    fn warnings_alone_are_not_a_failure() {
        let mut all = Diagnostics::default();
        all.push(Diagnostic::warning("a.md", said("odd")));
        assert!(all.clone().into_result().is_ok());
        all.push(Diagnostic::error("b.md", said("broken")));
        let Err(Error::Site(list)) = all.into_result() else {
            panic!("an error must fail the result");
        };
        assert_eq!(list.len(), 2);
    }
}

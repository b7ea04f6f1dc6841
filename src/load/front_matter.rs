//! The YAML head of a content file: split from the Markdown body and typed.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use serde::Deserialize;

use super::content::ContentFile;
use crate::error::Diagnostic;
use crate::messages::Message;
use crate::t;
use crate::text::dates::WrittenDate;

/// The content kinds loa knows.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, Deserialize, serde::Serialize, schemars::JsonSchema,
)]
#[serde(rename_all = "lowercase")]
pub enum Kind {
    /// Bài viết: articles and features.
    Article,
    /// Tin hoạt động: programme news, tied to localities.
    News,
    /// Văn bản: plain-language summaries of legal documents.
    Legal,
    /// Trang: standalone pages such as "Giới thiệu".
    Page,
}

impl Kind {
    pub fn name(self) -> &'static str {
        match self {
            Kind::Article => "article",
            Kind::News => "news",
            Kind::Legal => "legal",
            Kind::Page => "page",
        }
    }

    /// The template of the kind's own pages, when the theme has one:
    /// `article.html` for articles, named once rather than formatted for
    /// every page.
    pub fn template(self) -> &'static str {
        match self {
            Kind::Article => "article.html",
            Kind::News => "news.html",
            Kind::Legal => "legal.html",
            Kind::Page => "page.html",
        }
    }

    /// Dated kinds need a `date` and are listed newest first.
    pub fn is_dated(self) -> bool {
        !matches!(self, Kind::Page)
    }
}

/// An image shown with an item, for listings and sharing.
#[derive(Debug, Clone, PartialEq, Deserialize, serde::Serialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Image {
    pub src: String,
    /// What the image shows, for readers who cannot see it; `""` marks an
    /// image that only decorates and says nothing.
    #[serde(default)]
    pub alt: Option<String>,
}

/// A photo of an item's gallery. A `src` ending in `/` names a folder of
/// the item's bundle, whose photos are shown in the order of their names,
/// each with this entry's `alt` and `caption`.
#[derive(Debug, Clone, PartialEq, Deserialize, serde::Serialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct GalleryPhoto {
    pub src: String,
    /// What the photo shows, for readers who cannot see it.
    #[serde(default)]
    pub alt: Option<String>,
    /// Shown under the photo.
    #[serde(default)]
    pub caption: Option<String>,
}

/// Every field a content file's front matter may hold. Fields that belong to
/// one kind (news, legal) are read for all and used where they apply;
/// unknown keys are kept in `extra` for templates.
#[derive(Debug, Clone, Default, PartialEq, Deserialize, schemars::JsonSchema)]
pub struct FrontMatter {
    pub title: Option<String>,
    pub kind: Option<Kind>,
    pub date: Option<WrittenDate>,
    pub updated: Option<WrittenDate>,
    #[serde(default)]
    pub draft: bool,
    pub summary: Option<String>,
    /// For section indexes: what the listing is about.
    pub description: Option<String>,
    pub slug: Option<String>,
    #[serde(default)]
    pub aliases: Vec<String>,
    pub weight: Option<i64>,
    #[serde(default)]
    pub tags: Vec<String>,
    #[serde(default)]
    pub topics: Vec<String>,
    #[serde(default)]
    pub audiences: Vec<String>,
    #[serde(default)]
    pub localities: Vec<String>,
    pub image: Option<Image>,
    /// Photos shown together on the item's page, with their captions.
    #[serde(default)]
    pub gallery: Vec<GalleryPhoto>,
    #[serde(default)]
    pub authors: Vec<String>,
    pub expires: Option<WrittenDate>,
    /// A template to use instead of the kind's own.
    pub template: Option<String>,
    /// For section indexes: items per listing page.
    pub paginate_by: Option<usize>,

    // news
    pub event_date: Option<WrittenDate>,
    pub organiser: Option<String>,

    // legal
    pub number: Option<String>,
    pub doc_type: Option<String>,
    pub issuer: Option<String>,
    pub signed: Option<WrittenDate>,
    pub effective: Option<WrittenDate>,
    pub status: Option<String>,
    #[serde(default)]
    pub amends: Vec<String>,
    #[serde(default)]
    pub replaces: Vec<String>,
    #[serde(default)]
    pub amended_by: Vec<String>,
    #[serde(default)]
    pub replaced_by: Vec<String>,
    pub source_url: Option<String>,

    #[serde(flatten)]
    #[schemars(with = "BTreeMap<String, serde_json::Value>")]
    pub extra: BTreeMap<String, serde_norway::Value>,
}

/// Names of the fields above, for "did you mean" hints on misspelt keys.
const KNOWN_FIELDS: &[&str] = &[
    "title",
    "kind",
    "date",
    "updated",
    "draft",
    "summary",
    "description",
    "slug",
    "aliases",
    "weight",
    "tags",
    "topics",
    "audiences",
    "localities",
    "image",
    "gallery",
    "authors",
    "expires",
    "template",
    "paginate_by",
    "event_date",
    "organiser",
    "number",
    "doc_type",
    "issuer",
    "signed",
    "effective",
    "status",
    "amends",
    "replaces",
    "amended_by",
    "replaced_by",
    "source_url",
];

/// A content file read and split, its front matter typed.
#[derive(Debug, Clone)]
pub struct ParsedDocument {
    pub file: ContentFile,
    pub front: Arc<FrontMatter>,
    pub body: Arc<str>,
    /// 1-based line of the body's first line in the file, so Markdown
    /// problems can point at the right line.
    pub body_line: usize,
    pub key_lines: Arc<KeyLines>,
    /// Which reading of the file this is: `serve` counts up each time it
    /// reads a file again, so unchanged files keep their rendered output.
    pub revision: u64,
}

/// Where things are written in a YAML head: the 1-based line of each
/// top-level key, and the text itself to find single values in, for
/// messages about a field's value.
#[derive(Debug, Clone, Default)]
pub struct KeyLines {
    lines: BTreeMap<String, usize>,
    text: String,
    first_line: usize,
}

/// The key a line of block-style YAML starts at the top level, unquoted:
/// `title: …` → title; `None` for indented lines, list items, comments.
fn top_level_key(line: &str) -> Option<&str> {
    if line.starts_with([' ', '\t', '#', '-']) {
        return None;
    }
    let (key, _) = line.split_once(':')?;
    let key = key.trim().trim_matches(['"', '\'']);
    (!key.is_empty()).then_some(key)
}

impl KeyLines {
    /// Reads the keys of block-style YAML, as writers use it, whose first
    /// line is line `first_line` of its file.
    pub fn read(yaml: &str, first_line: usize) -> KeyLines {
        let mut lines = BTreeMap::new();
        for (index, line) in yaml.lines().enumerate() {
            if let Some(key) = top_level_key(line) {
                lines.entry(key.to_owned()).or_insert(first_line + index);
            }
        }
        KeyLines {
            lines,
            text: yaml.to_owned(),
            first_line,
        }
    }

    pub fn get(&self, key: &str) -> Option<usize> {
        self.lines.get(key).copied()
    }

    /// The line of `key`, or the first line of the head when it is absent.
    pub fn line_of(&self, key: &str) -> usize {
        self.get(key).unwrap_or(1)
    }

    /// Line and column of `value` inside the field `key` (a list item, say),
    /// or the key's own line when the value cannot be found.
    pub fn place_of(&self, key: &str, value: &str) -> (usize, usize) {
        let Some(key_line) = self.get(key) else {
            return (1, 1);
        };
        let block = self
            .text
            .lines()
            .enumerate()
            .skip(key_line - self.first_line)
            .take_while(|(index, line)| {
                *index + self.first_line == key_line || line.starts_with([' ', '\t', '-'])
            });
        for (index, line) in block {
            let search_from = if index + self.first_line == key_line {
                line.find(':').map_or(0, |i| i + 1)
            } else {
                0
            };
            if let Some(offset) = line[search_from..].find(value) {
                let column = line[..search_from + offset].chars().count() + 1;
                return (index + self.first_line, column);
            }
        }
        (key_line, 1)
    }
}

/// The two halves of a content file.
#[derive(Debug)]
struct Split<'a> {
    yaml: &'a str,
    body: &'a str,
    body_line: usize,
}

/// Separates the front matter between the opening and closing `---` lines
/// from the body.
fn split(text: &str) -> Result<Split<'_>, (Message, Message)> {
    let (first_line, after_open) = text.split_once('\n').unwrap_or((text, ""));
    if first_line.trim_end() != "---" {
        return Err((t!("no-front-matter"), t!("no-front-matter-help")));
    }
    let mut offset = 0;
    for (line, piece) in (2..).zip(after_open.split_inclusive('\n')) {
        let trimmed = piece.trim_end();
        if trimmed == "---" || trimmed == "..." {
            let body = &after_open[offset + piece.len()..];
            return Ok(Split {
                yaml: &after_open[..offset],
                body,
                body_line: line + 1,
            });
        }
        offset += piece.len();
    }
    Err((
        t!("front-matter-not-closed"),
        t!("front-matter-not-closed-help"),
    ))
}

/// The top-level key, line and column (1-based) of the first `key: value`
/// line whose value contains `value`.
fn locate_value(yaml: &str, value: &str) -> Option<(String, usize, usize)> {
    let candidates = || {
        yaml.lines().enumerate().filter_map(|(index, line)| {
            let (key, rest) = line.split_once(':')?;
            let offset = rest.find(value)?;
            let column = line[..key.len() + 1 + offset].chars().count() + 1;
            let whole = rest.trim().trim_matches(['"', '\'']) == value;
            Some((whole, (key.trim().to_owned(), index + 1, column)))
        })
    };
    // A line whose whole value is the quoted text beats one that merely
    // contains it (a summary that mentions a date).
    candidates()
        .find(|(whole, _)| *whole)
        .or_else(|| candidates().next())
        .map(|(_, place)| place)
}

/// The field a serde path ends with: `programme.start` → start,
/// `tags[3]` → tags.
fn last_field(path: &str) -> &str {
    let last = path.rsplit('.').next().unwrap_or(path);
    last.split('[').next().unwrap_or(last)
}

/// For "unknown field `titel`, expected one of `title`, …": the known
/// field nearest to what was written.
fn nearest_known(problem: &str) -> Option<String> {
    let rest = problem.strip_prefix("unknown field `")?;
    let (written, choices) = rest.split_once('`')?;
    let choices: Vec<&str> = choices.split('`').skip(1).step_by(2).collect();
    crate::text::nearest(written, choices.iter().copied()).map(str::to_owned)
}

/// The field a "duplicate field `title`" message is about.
fn duplicate_of(problem: &str) -> Option<&str> {
    problem.strip_prefix("duplicate field `")?.split('`').next()
}

/// Where `key` is written the second time, at the indentation of the
/// mapping the reader reported (its first key's line): the duplicate, which
/// is the line to change.
fn second_occurrence(
    yaml: &str,
    key: &str,
    reported: Option<(usize, usize)>,
) -> Option<(usize, usize)> {
    let indent = reported
        .and_then(|(line, _)| yaml.lines().nth(line.checked_sub(1)?))
        .map_or(0, |line| line.len() - line.trim_start_matches(' ').len());
    yaml.lines()
        .enumerate()
        .filter(|(_, line)| {
            // By bytes of spaces: a line may start with a letter of several
            // bytes where another has its indentation.
            let text = line.trim_start_matches(' ');
            line.len() - text.len() == indent
                && text
                    .strip_prefix(key)
                    .is_some_and(|rest| rest.trim_start().starts_with(':'))
        })
        .nth(1)
        .map(|(at, _)| (at + 1, indent + 1))
}

/// Turns a YAML error into a diagnostic at the place it names, shifted by
/// the lines that come before the YAML in its file.
pub fn yaml_diagnostic(
    file: &Path,
    yaml: &str,
    error: &serde_norway::Error,
    line_offset: usize,
) -> Diagnostic {
    let message = error.to_string();
    // serde_norway appends " at line L column C"; the place is given separately.
    let message = match message.rfind(" at line ") {
        Some(cut) => message[..cut].to_owned(),
        None => message,
    };
    let help = if message.contains("invalid type: sequence") {
        Some(t!("yaml-help-single-value"))
    } else if message.contains("expected a sequence") {
        Some(t!("yaml-help-list"))
    } else if message.contains("expected a boolean") {
        Some(t!("yaml-help-boolean"))
    } else if message.contains("expected usize")
        || message.contains("expected i64")
        || message.contains("expected u")
    {
        Some(t!("yaml-help-number"))
    } else if message.contains("expected struct") {
        Some(t!("yaml-help-group"))
    } else if message.contains("invalid type") {
        Some(t!("yaml-help-quote-text"))
    } else if message.contains("did not find expected")
        || message.contains("mapping values are not allowed")
    {
        Some(t!("yaml-help-quote-special"))
    } else {
        None
    };
    let place = error.location().map(|place| (place.line(), place.column()));
    // Errors raised by loa's own checks of a value (a date, a time zone, a
    // month) start with the value in backquotes, after the path serde may
    // put in front, and come with the place of the mapping at best: the
    // value itself is found in the text, with the field it belongs to.
    let without_path = match message.split_once(": ") {
        Some((path, rest)) if !path.contains([' ', '`']) => rest,
        _ => message.as_str(),
    };
    let checked_value = without_path
        .strip_prefix('`')
        .and_then(|rest| rest.split('`').next());
    let found = checked_value
        .and_then(|value| locate_value(yaml, value))
        .filter(|(_, line, _)| {
            place.is_none_or(|(reported, _)| reported == 1 || *line >= reported)
        });
    let field = match message.split_once(": ") {
        Some((path, _)) if !path.contains([' ', '`']) => last_field(path),
        _ => "",
    };
    let mut help = help;
    // A message of loa's own checks is in the chosen language already; the
    // YAML reader's own are said in plain words where they have them, and
    // otherwise shown as the reader's.
    let (message, place) = match (found, super::yaml_words::plain(without_path, field)) {
        (Some((key, line, column)), _) => (
            t!("field-value-problem", key = key, problem = without_path),
            Some((line, column)),
        ),
        (None, Some(plain)) => {
            if let Some(nearest) = nearest_known(without_path) {
                help = Some(t!("did-you-mean", suggestion = nearest));
            }
            let place = duplicate_of(without_path)
                .and_then(|key| second_occurrence(yaml, key, place))
                .or(place);
            (plain, place)
        }
        (None, None) => (t!("yaml-problem", problem = message), place),
    };
    let diagnostic = Diagnostic::error(file, message);
    let diagnostic = match place {
        Some((line, column)) => diagnostic.at(line + line_offset, column),
        None => diagnostic.at_line(line_offset + 1),
    };
    match help {
        Some(help) => diagnostic.with_help(help),
        None => diagnostic,
    }
}

/// Reads YAML into `T` with every problem of its top-level fields. The
/// YAML reader stops at the first field of the wrong type; to report them
/// all, that field's lines are blanked (so the others keep their line
/// numbers) and the text is read again. `line_offset` is the number of
/// lines before the YAML in its file.
pub fn read_all<T: serde::de::DeserializeOwned>(
    file: &Path,
    yaml: &str,
    line_offset: usize,
) -> Result<T, Vec<Diagnostic>> {
    /// Enough for any real file; one wrong everywhere stops here.
    const MOST_PROBLEMS: usize = 20;
    let mut problems = Vec::new();
    // Most files read at the first try: the text is only copied to be
    // blanked once it has a problem.
    let mut reading = std::borrow::Cow::Borrowed(yaml);
    let mut blanked: Vec<String> = Vec::new();
    while problems.len() < MOST_PROBLEMS {
        let error = match serde_norway::from_str::<T>(&reading) {
            Ok(value) if problems.is_empty() => return Ok(value),
            Ok(_) => break,
            Err(error) => error,
        };
        let message = error.to_string();
        // A field blanked by this loop is missing now, which the writer
        // did not do.
        if blanked
            .iter()
            .any(|key| message.starts_with(&format!("missing field `{key}`")))
        {
            break;
        }
        let problem = yaml_diagnostic(file, yaml, &error, line_offset);
        // The diagnostic's line, not the reader's: for loa's own checks of
        // a value the reader names the mapping, the diagnostic the value.
        let line = problem.line.and_then(|line| line.checked_sub(line_offset));
        problems.push(problem);
        let Some(line) = line else {
            break;
        };
        match blank_field_at(&reading, line) {
            Some((key, rest)) if !blanked.contains(&key) => {
                blanked.push(key);
                reading = std::borrow::Cow::Owned(rest);
            }
            _ => break,
        }
    }
    Err(problems)
}

/// The text with the top-level field that holds `line` (1-based) made
/// blank lines, and that field's name; `None` when the line belongs to no
/// field (a problem of the whole text).
fn blank_field_at(text: &str, line: usize) -> Option<(String, String)> {
    let lines: Vec<&str> = text.split('\n').collect();
    let (first, key) = (0..line.min(lines.len()))
        .rev()
        .find_map(|at| Some((at, top_level_key(lines[at])?)))?;
    let end = (first + 1..lines.len())
        .find(|&at| top_level_key(lines[at]).is_some())
        .unwrap_or(lines.len());
    let rest = lines
        .iter()
        .enumerate()
        .map(|(at, text)| if (first..end).contains(&at) { "" } else { text })
        .collect::<Vec<_>>()
        .join("\n");
    Some((key.to_owned(), rest))
}

/// Optional fields a web editor writes empty when a writer clears them in
/// its form (`summary: ""`, `signed: ""`): such a field is one not given.
const CLEARABLE: &[&str] = &[
    "date",
    "updated",
    "summary",
    "description",
    "slug",
    "expires",
    "template",
    "event_date",
    "organiser",
    "number",
    "doc_type",
    "issuer",
    "signed",
    "effective",
    "status",
    "source_url",
];

/// The YAML with each top-level clearable field whose value is an empty
/// string left out; its line stays, empty, so that every other line keeps
/// its number in messages.
fn without_blank_fields(yaml: &str) -> std::borrow::Cow<'_, str> {
    let blank = |line: &str| {
        line.split_once(':').is_some_and(|(key, value)| {
            CLEARABLE.contains(&key) && matches!(value.trim(), "\"\"" | "''")
        })
    };
    if !yaml.lines().any(blank) {
        return std::borrow::Cow::Borrowed(yaml);
    }
    let mut kept = String::with_capacity(yaml.len());
    for line in yaml.split_inclusive('\n') {
        if blank(line.trim_end_matches(['\n', '\r'])) {
            kept.push_str(&line[line.trim_end_matches(['\n', '\r']).len()..]);
        } else {
            kept.push_str(line);
        }
    }
    std::borrow::Cow::Owned(kept)
}

/// Reads one content file into a [`ParsedDocument`]; problems that do not
/// stop the parse (a misspelt key) come back as warnings beside it.
pub fn parse(
    root: &Path,
    file: ContentFile,
) -> Result<(ParsedDocument, Vec<Diagnostic>), Vec<Diagnostic>> {
    let text = super::read_text(root, &root.join(&file.path)).map_err(|problem| vec![problem])?;
    parse_text(file, text)
}

/// [`parse`] of a file's text already read and normalized.
pub fn parse_text(
    file: ContentFile,
    text: String,
) -> Result<(ParsedDocument, Vec<Diagnostic>), Vec<Diagnostic>> {
    let (text, controls) = crate::text::remove_stray_controls(text);
    let shown: PathBuf = file.path.clone();
    let parts = split(&text).map_err(|(message, help)| {
        vec![Diagnostic::error(&shown, message).at(1, 1).with_help(help)]
    })?;
    // The YAML starts on line 2, after the opening `---`.
    let front: FrontMatter = if parts.yaml.trim().is_empty() {
        FrontMatter::default()
    } else {
        read_all(&shown, &without_blank_fields(parts.yaml), 1)?
    };
    let key_lines = KeyLines::read(parts.yaml, 2);
    let removed = controls.map(|found| {
        Diagnostic::warning(
            &shown,
            t!(
                "control-characters-removed",
                count = found.count,
                code = format!("{:04X}", u32::from(found.first))
            ),
        )
        .at(found.line, found.column)
    });
    let warnings = removed
        .into_iter()
        .chain(front.extra.keys().filter_map(|key| {
            let nearest = crate::text::nearest(key, KNOWN_FIELDS.iter().copied())?;
            let line = key_lines.line_of(key);
            Some(
                Diagnostic::warning(&shown, t!("unknown-field", key = key))
                    .at(line, 1)
                    .with_help(t!("did-you-mean", suggestion = nearest)),
            )
        }))
        .collect();
    let document = ParsedDocument {
        body: Arc::from(parts.body),
        body_line: parts.body_line,
        key_lines: Arc::new(key_lines),
        front: Arc::new(front),
        file,
        revision: 0,
    };
    Ok((document, warnings))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_kinds_template_is_named_after_it() {
        for kind in [Kind::Article, Kind::News, Kind::Legal, Kind::Page] {
            assert_eq!(kind.template(), format!("{}.html", kind.name()));
        }
    }

    #[test]
    fn splits_front_matter_from_body() {
        let parts = split("---\ntitle: a\n---\nBody\n").unwrap();
        assert_eq!(parts.yaml, "title: a\n");
        assert_eq!(parts.body, "Body\n");
        assert_eq!(parts.body_line, 4);
    }

    #[test]
    fn finds_a_value_inside_its_field() {
        let places = KeyLines::read(
            "title: hoc\naudiences:\n  - can-bo\n  - hoc-sinh\ntags: [hoc-sinh]\n",
            2,
        );
        assert_eq!(places.place_of("audiences", "hoc-sinh"), (5, 5));
        assert_eq!(places.place_of("tags", "hoc-sinh"), (6, 8));
        assert_eq!(places.place_of("audiences", "khong-co"), (3, 1));
    }

    #[test]
    fn tolerates_spaces_after_the_dashes() {
        let parts = split("--- \ntitle: a\n---  \nBody\n").unwrap();
        assert_eq!(parts.yaml, "title: a\n");
        assert_eq!(parts.body_line, 4);
    }

    #[test]
    fn a_whole_value_is_preferred_to_a_mention() {
        let yaml = "summary: \"Hội nghị 05/03/2025\"\ndate: 05/03/2025\n";
        assert_eq!(
            locate_value(yaml, "05/03/2025"),
            Some(("date".to_owned(), 2, 7))
        );
    }

    #[test]
    fn hints_follow_the_expected_type() {
        let error = serde_norway::from_str::<FrontMatter>("title: a\ndraft: \"có\"\n").unwrap_err();
        let diagnostic = yaml_diagnostic(Path::new("a.md"), "", &error, 1);
        assert_eq!(
            diagnostic.help.as_deref(),
            Some("write true or false, without quotes")
        );
        let error =
            serde_norway::from_str::<FrontMatter>("title: a\npaginate_by: \"5\"\n").unwrap_err();
        let diagnostic = yaml_diagnostic(Path::new("a.md"), "", &error, 1);
        assert_eq!(
            diagnostic.help.as_deref(),
            Some("write a whole number, without quotes"),
            "{diagnostic}"
        );
    }

    #[test]
    fn unclosed_or_missing_front_matter_is_explained() {
        assert!(
            split("---\ntitle: a\n")
                .unwrap_err()
                .0
                .text
                .contains("not closed")
        );
        assert!(
            split("# Title\n")
                .unwrap_err()
                .0
                .text
                .contains("does not start")
        );
    }

    #[test]
    fn finds_the_line_of_each_key() {
        let lines = KeyLines::read("title: a\ntags:\n  - x\ndate: 2024-01-01\n", 2);
        assert_eq!(lines.get("title"), Some(2));
        assert_eq!(lines.get("date"), Some(5));
        assert_eq!(lines.get("  - x"), None);
        assert_eq!(lines.line_of("slug"), 1);
    }

    #[test]
    fn a_duplicate_is_found_beside_lines_of_wide_letters() {
        // Found by fuzzing: the indentation of one line cut another inside
        // a letter of three bytes.
        let yaml = "ếb: 1\n  b: 1\n  b: 2\n";
        assert_eq!(second_occurrence(yaml, "b", Some((2, 3))), Some((3, 3)));
    }

    #[test]
    fn fields_a_form_left_empty_are_fields_not_given() {
        let yaml = "title: a\nsummary: \"\"\nsigned: ''\nnumber: \"12/QĐ\"\n  summary: \"\"\n";
        let kept = without_blank_fields(yaml);
        assert_eq!(kept, "title: a\n\n\nnumber: \"12/QĐ\"\n  summary: \"\"\n");
        let front: FrontMatter = serde_norway::from_str(&without_blank_fields(
            "title: a\nsummary: \"\"\nsigned: \"\"\n",
        ))
        .unwrap();
        assert_eq!(front.signed, None);
        assert_eq!(front.summary, None);
    }

    #[test]
    fn yaml_errors_point_into_the_file() {
        let error = serde_norway::from_str::<FrontMatter>("title: a\ndate: [1]\n").unwrap_err();
        let diagnostic = yaml_diagnostic(Path::new("a.md"), "title: a\ndate: [1]\n", &error, 1);
        assert_eq!(diagnostic.line, Some(3));
        assert!(
            diagnostic.message.contains("a list, but `date` takes"),
            "{}",
            diagnostic.message
        );
    }

    #[test]
    fn checked_values_are_found_in_the_text() {
        let yaml = "title: a\ndate: 05/03/2024\n";
        let error = serde_norway::from_str::<FrontMatter>(yaml).unwrap_err();
        let diagnostic = yaml_diagnostic(Path::new("a.md"), yaml, &error, 1);
        assert_eq!(
            (diagnostic.line, diagnostic.column),
            (Some(3), Some(7)),
            "{diagnostic}"
        );
        assert!(
            diagnostic.message.starts_with("date: `05/03/2024`"),
            "{diagnostic}"
        );
    }

    #[test]
    fn unknown_keys_land_in_extra() {
        let front: FrontMatter = serde_norway::from_str("title: a\nmau_nen: do\n").unwrap();
        assert_eq!(front.extra["mau_nen"], serde_norway::Value::from("do"));
    }
}

//! Syntax of other site generators left in a body by a move to loa: Hugo
//! shortcodes, Liquid and Jinja-style tags and outputs, kramdown attribute
//! lists. loa does not run them, so readers would see them as text; each
//! one is a warning at its line. Code samples are left alone.

use std::ops::Range;
use std::sync::LazyLock;

use pulldown_cmark::{Event, Tag};
use regex::Regex;

use super::{Source, lines::Lines};
use crate::error::Diagnostic;
use crate::messages::Message;
use crate::t;

static OTHER_SYNTAX: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(concat!(
        r"(?P<shortcode>\{\{[<%].*?[>%]\}\})",
        r"|(?P<tag>\{%.*?%\})",
        r"|(?P<output>\{\{[^{}\n]*\}\})",
        r"|(?P<attributes>\{::?[^}\n]*\})",
    ))
    .expect("the pattern is valid")
});

/// What a piece of other generators' syntax is, for the message.
fn kind_of(captures: &regex::Captures) -> Message {
    if captures.name("shortcode").is_some() {
        t!("foreign-shortcode")
    } else if captures.name("tag").is_some() {
        t!("foreign-template-tag")
    } else if captures.name("output").is_some() {
        t!("foreign-template-output")
    } else {
        t!("foreign-attribute-list")
    }
}

/// Warns about every piece of other generators' syntax outside code.
pub fn warn(
    source: &Source,
    lines: &Lines,
    events: &[(Event, Range<usize>)],
    diagnostics: &mut Vec<Diagnostic>,
) {
    let body = source.body;
    if !body.contains('{') {
        return;
    }
    let code: Vec<Range<usize>> = events
        .iter()
        .filter(|(event, _)| matches!(event, Event::Code(_) | Event::Start(Tag::CodeBlock(_))))
        .map(|(_, range)| range.clone())
        .collect();
    // Columns are counted on from the previous match on the same line, so
    // that one long line with many matches stays linear.
    let mut counted: Option<(usize, usize, usize)> = None; // (line, offset, column)
    for captures in OTHER_SYNTAX.captures_iter(body) {
        let Some(whole) = captures.get(0) else {
            continue;
        };
        let in_code = code
            .binary_search_by(|range| {
                if range.end <= whole.start() {
                    std::cmp::Ordering::Less
                } else if range.start > whole.start() {
                    std::cmp::Ordering::Greater
                } else {
                    std::cmp::Ordering::Equal
                }
            })
            .is_ok();
        if in_code {
            continue;
        }
        let line = lines.at(whole.start());
        let column = match counted {
            Some((counted_line, offset, column)) if counted_line == line => {
                column + body[offset..whole.start()].chars().count()
            }
            _ => lines.place(body, whole.start()).1,
        };
        counted = Some((line, whole.start(), column));
        let written: String = whole.as_str().chars().take(60).collect();
        diagnostics.push(
            Diagnostic::warning(
                source.file,
                t!(
                    "foreign-syntax",
                    kind = kind_of(&captures),
                    written = written
                ),
            )
            .at(line, column)
            .with_help(t!("foreign-syntax-help")),
        );
    }
}
